package dev.burnrate.bridge.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.jdbc.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoff_doublesPerAttempt_withJitterBetweenHalfAndAll_cappedAtTheMaximum() {
    OutboxSettings s =
        new OutboxSettings(
            1,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            0,
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ZERO,
            OutboxSettings.DEFAULT_RETENTION);
    try (HikariDataSource unused = new HikariDataSource();
        OutboxWorker w = new OutboxWorker(new Database(unused), s, Clock.systemUTC(), List.of())) {
      for (int attempt = 1; attempt <= 40; attempt++) {
        long full = Math.min(60_000, 1000L << Math.min(30, attempt - 1));
        for (int i = 0; i < 50; i++) {
          long ms = w.backoff(attempt).toMillis();
          assertThat(ms).as("attempt %d", attempt).isBetween(full / 2, full);
        }
      }
    }
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates_andIgnoresGarbage() {
    Instant now = Instant.parse("2025-01-31T12:00:00Z");
    assertThat(Http.retryAfter(Optional.of("120"), now)).hasValue(Duration.ofSeconds(120));
    assertThat(Http.retryAfter(Optional.of("Fri, 31 Jan 2025 12:00:30 GMT"), now))
        .hasValue(Duration.ofSeconds(30));
    assertThat(Http.retryAfter(Optional.of("Fri, 31 Jan 2025 11:00:00 GMT"), now))
        .hasValue(Duration.ZERO);
    assertThat(Http.retryAfter(Optional.of("soon"), now)).isEmpty();
    assertThat(Http.retryAfter(Optional.empty(), now)).isEmpty();
  }
}
