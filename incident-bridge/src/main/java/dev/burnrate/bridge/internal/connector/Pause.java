package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A tool's word to wait, such as a 429 of a limit that is the account's or the server's rather than
 * one request's: every call it covers holds off until the pause has passed.
 */
public final class Pause {
  private volatile Instant until = Instant.MIN;

  /** Until when the tool asked to wait; {@link Instant#MIN} when it did not. */
  public Instant until() {
    return until;
  }

  /** Waits until {@code t}, the tool's latest word, even where an earlier pause lasted longer. */
  public void set(Instant t) {
    until = t;
  }

  /** Waits until {@code t} unless the pause lasts longer already. */
  public synchronized void extend(Instant t) {
    if (t.isAfter(until)) {
      until = t;
    }
  }

  /** The retry, with {@code why} as its error, of a call made while paused; empty when not. */
  public Optional<Outcome> retry(Instant now, String why) {
    Instant u = until;
    return now.isBefore(u)
        ? Optional.of(new Outcome.Retry(Duration.between(now, u), why))
        : Optional.empty();
  }

  /**
   * Pauses for the wait a 429 (too many requests) names, when {@code res} is one that names it;
   * that wait, if so.
   */
  public Optional<Duration> onTooManyRequests(Http.Result res, Instant now) {
    if (res.response() != null
        && res.status() == 429
        && res.failure() instanceof Outcome.Retry r
        && r.after() != null) {
      until = now.plus(r.after());
      return Optional.of(r.after());
    }
    return Optional.empty();
  }
}
