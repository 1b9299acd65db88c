package dev.burnrate.api.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (an API token's id, or a client address for failed authentications):
 * {@code burst} requests at once, refilled at {@code perSecond}.
 */
final class RateLimiter {
  /** More keys than this and the full buckets are dropped (a full bucket is a fresh one). */
  static final int MAX_KEYS = 100_000;

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
    if (buckets.size() >= MAX_KEYS) {
      prune(now);
    }
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

  /** The seconds to wait when the key's bucket is empty now, without taking from it. */
  OptionalLong peek(String key) {
    if (!enabled()) {
      return OptionalLong.empty();
    }
    Bucket b = buckets.get(key);
    if (b == null) {
      return OptionalLong.empty();
    }
    long now = clock.millis();
    synchronized (b) {
      double tokens =
          Math.min(burst, b.tokens + Math.max(0, now - b.lastMillis) / 1000.0 * perSecond);
      if (tokens >= 1) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
    }
  }

  private void prune(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              Bucket b = e.getValue();
              synchronized (b) {
                return b.tokens + Math.max(0, now - b.lastMillis) / 1000.0 * perSecond >= burst;
              }
            });
  }
}
