package dev.burnrate.slo.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state machine of one alert rule: OK, PENDING while the condition has not yet held for {@code
 * alertAfter}, FIRING; a firing alert resolves only after its condition stayed false for a number
 * of ticks and a minimum time, so one noisy tick does not make it flap.
 *
 * <p>The state of every rule of an SLO lives in one {@code long[]}, {@link #STRIDE} slots a rule,
 * so an evaluation reads it from one or two cache lines instead of one object per rule.
 */
final class AlertTracker {
  /** Slots per rule: state, since, false-since, false ticks, alertAfter in seconds. */
  static final int STRIDE = 5;

  private static final int STATE = 0;
  private static final int SINCE = 1;
  private static final int FALSE_SINCE = 2;
  private static final int FALSE_TICKS = 3;
  private static final int ALERT_AFTER = 4;
  private static final long NONE = Long.MIN_VALUE;
  private static final AlertState[] STATES = AlertState.values();

  private AlertTracker() {}

  /** Initializes rule {@code r}'s slots: OK, with its {@code alertAfter}. */
  static void init(long[] a, int r, Duration alertAfter) {
    int b = r * STRIDE;
    a[b + STATE] = AlertState.OK.ordinal();
    a[b + SINCE] = NONE;
    a[b + FALSE_SINCE] = NONE;
    a[b + FALSE_TICKS] = 0;
    a[b + ALERT_AFTER] = seconds(alertAfter);
  }

  /**
   * Moves rule {@code r} by one evaluation.
   *
   * @return the transition to emit, or null
   */
  static AlertTransition.Kind step(
      long[] a,
      int r,
      boolean condition,
      long now,
      int resolveAfterTicks,
      long resolveAfterSeconds) {
    int b = r * STRIDE;
    AlertState state = STATES[(int) a[b + STATE]];
    switch (state) {
      case OK -> {
        if (condition) {
          a[b + SINCE] = now;
          if (a[b + ALERT_AFTER] <= 0) {
            a[b + STATE] = AlertState.FIRING.ordinal();
            return AlertTransition.Kind.FIRING;
          }
          a[b + STATE] = AlertState.PENDING.ordinal();
        }
      }
      case PENDING -> {
        if (!condition) {
          a[b + STATE] = AlertState.OK.ordinal();
          a[b + SINCE] = NONE;
        } else if (now - a[b + SINCE] >= a[b + ALERT_AFTER]) {
          a[b + STATE] = AlertState.FIRING.ordinal();
          a[b + SINCE] = now;
          return AlertTransition.Kind.FIRING;
        }
      }
      case FIRING -> {
        if (condition) {
          a[b + FALSE_TICKS] = 0;
          a[b + FALSE_SINCE] = NONE;
        } else {
          if (a[b + FALSE_TICKS] == 0) {
            a[b + FALSE_SINCE] = now;
          }
          a[b + FALSE_TICKS]++;
          if (a[b + FALSE_TICKS] >= resolveAfterTicks
              && now - a[b + FALSE_SINCE] >= resolveAfterSeconds) {
            a[b + STATE] = AlertState.OK.ordinal();
            a[b + SINCE] = NONE;
            a[b + FALSE_TICKS] = 0;
            a[b + FALSE_SINCE] = NONE;
            return AlertTransition.Kind.RESOLVED;
          }
        }
      }
    }
    return null;
  }

  static AlertState state(long[] a, int r) {
    return STATES[(int) a[r * STRIDE + STATE]];
  }

  /** When rule {@code r}'s current PENDING or FIRING state began. */
  static Optional<Instant> since(long[] a, int r) {
    long since = a[r * STRIDE + SINCE];
    return since == NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(since));
  }

  /** Copies rule {@code from}'s state in {@code src} to rule {@code to} in {@code dst}. */
  static void copy(long[] src, int from, long[] dst, int to) {
    System.arraycopy(src, from * STRIDE, dst, to * STRIDE, ALERT_AFTER);
  }

  static long seconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
