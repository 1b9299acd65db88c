package dev.burnrate.slo.engine.internal;

import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.AlertTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state machine of one alert rule: OK, PENDING while the condition has not yet held for {@code
 * alertAfter}, FIRING; a firing alert resolves only after its condition stayed false for a number
 * of ticks and a minimum time, so one noisy tick does not make it flap.
 */
final class AlertTracker {
  private static final long NONE = Long.MIN_VALUE;

  private AlertState state = AlertState.OK;
  private long since = NONE;
  private long falseSince = NONE;
  private int falseTicks;

  /**
   * Moves the machine by one evaluation.
   *
   * @return the transition to emit, or null
   */
  AlertTransition.Kind step(
      boolean condition,
      long now,
      long alertAfterSeconds,
      int resolveAfterTicks,
      long resolveAfterSeconds) {
    switch (state) {
      case OK -> {
        if (condition) {
          since = now;
          if (alertAfterSeconds <= 0) {
            state = AlertState.FIRING;
            return AlertTransition.Kind.FIRING;
          }
          state = AlertState.PENDING;
        }
      }
      case PENDING -> {
        if (!condition) {
          state = AlertState.OK;
          since = NONE;
        } else if (now - since >= alertAfterSeconds) {
          state = AlertState.FIRING;
          since = now;
          return AlertTransition.Kind.FIRING;
        }
      }
      case FIRING -> {
        if (condition) {
          falseTicks = 0;
          falseSince = NONE;
        } else {
          if (falseTicks == 0) {
            falseSince = now;
          }
          falseTicks++;
          if (falseTicks >= resolveAfterTicks && now - falseSince >= resolveAfterSeconds) {
            state = AlertState.OK;
            since = NONE;
            falseTicks = 0;
            falseSince = NONE;
            return AlertTransition.Kind.RESOLVED;
          }
        }
      }
    }
    return null;
  }

  AlertState state() {
    return state;
  }

  /** When the current PENDING or FIRING state began. */
  Optional<Instant> since() {
    return since == NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(since));
  }

  void copyFrom(AlertTracker other) {
    state = other.state;
    since = other.since;
    falseSince = other.falseSince;
    falseTicks = other.falseTicks;
  }

  static long seconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
