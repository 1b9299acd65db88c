package dev.burnrate.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");

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
