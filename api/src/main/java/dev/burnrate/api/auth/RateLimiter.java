package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per API token: {@code burst} requests at once, refilled at {@code perSecond}. */
final class RateLimiter {
  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long lastMillis;

    Bucket(double tokens, long lastMillis) {
      this.tokens = tokens;
      this.lastMillis = lastMillis;
    }
  }

  RateLimiter(Clock clock, double perSecond, int burst) {
    this.clock = requireNonNull(clock, "clock");
    if (!(perSecond >= 0)) {
      throw new IllegalArgumentException("perSecond must be >= 0, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, got " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Whether limits apply at all (a rate of 0 turns them off). */
  boolean enabled() {
    return perSecond > 0;
  }

  /**
   * Takes one request from the token's bucket.
   *
   * @return empty when the request may go on, else the seconds to wait before retrying
   */
  OptionalLong acquire(String tokenId) {
    if (!enabled()) {
      return OptionalLong.empty();
    }
    long now = clock.millis();
    Bucket b = buckets.computeIfAbsent(tokenId, id -> new Bucket(burst, now));
    synchronized (b) {
      double elapsed = Math.max(0, now - b.lastMillis) / 1000.0;
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
      b.lastMillis = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return OptionalLong.empty();
      }
      double wait = (1 - b.tokens) / perSecond;
      return OptionalLong.of(Math.max(1, (long) Math.ceil(wait)));
    }
  }
}
