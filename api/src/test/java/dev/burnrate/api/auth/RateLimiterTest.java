package dev.burnrate.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();

  @Test
  void burst_isAllowedAtOnce_thenTheNextRequestWaits() {
    RateLimiter limiter = new RateLimiter(clock, 2, 3);
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).hasValue(1);
  }

  @Test
  void bucket_refillsAtTheRate() {
    RateLimiter limiter = new RateLimiter(clock, 2, 1);
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).isPresent();
    clock.advance(Duration.ofMillis(500)); // 2 per second: one token back
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).isPresent();
  }

  @Test
  void retryAfter_roundsUpToWholeSeconds_atSlowRates() {
    RateLimiter limiter = new RateLimiter(clock, 0.1, 1); // one per 10 s
    assertThat(limiter.acquire("t")).isEmpty();
    assertThat(limiter.acquire("t")).hasValue(10);
  }

  @Test
  void tokens_haveSeparateBuckets() {
    RateLimiter limiter = new RateLimiter(clock, 1, 1);
    assertThat(limiter.acquire("a")).isEmpty();
    assertThat(limiter.acquire("b")).isEmpty();
    assertThat(limiter.acquire("a")).isPresent();
  }

  @Test
  void rateZero_turnsLimitsOff() {
    RateLimiter limiter = new RateLimiter(clock, 0, 1);
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.acquire("t")).isEmpty();
    }
  }

  @Test
  void badSettings_areRefused() {
    assertThatThrownBy(() -> new RateLimiter(clock, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new RateLimiter(clock, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst");
  }
}
