package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the outbox delivers to ITSM tools.
 *
 * @param workers delivery threads
 * @param pollInterval how often idle workers look for due messages (they are also woken at once
 *     when a record changes)
 * @param initialBackoff the first retry delay; it doubles per attempt, with full jitter
 * @param maxBackoff the longest retry delay
 * @param maxAttempts attempts before a message is marked dead (0: retry forever)
 * @param requestTimeout the HTTP timeout of one request
 * @param lease how long a claimed message is reserved for one worker; a crashed worker's message is
 *     retried after it (must exceed a delivery's requests)
 * @param inDoubtDelay how long after an attempt whose outcome is unknown a create is searched for
 *     before it is sent again (covers search-index lag)
 * @param retention how long delivered messages are kept (for audit) before they are purged
 */
public record OutboxSettings(
    int workers,
    Duration pollInterval,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxAttempts,
    Duration requestTimeout,
    Duration lease,
    Duration inDoubtDelay,
    Duration retention) {

  /** How long delivered messages are kept when the settings do not say: 30 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /** Checks the settings. */
  public OutboxSettings {
    requireNonNull(retention, "retention");
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("outbox retention must be at least 1h, got " + retention);
    }
    if (workers < 1 || workers > 64) {
      throw new IllegalArgumentException("outbox workers must be 1..64, got " + workers);
    }
    BridgeSettings.positive(pollInterval, "pollInterval");
    BridgeSettings.positive(initialBackoff, "initialBackoff");
    BridgeSettings.positive(maxBackoff, "maxBackoff");
    BridgeSettings.positive(requestTimeout, "requestTimeout");
    BridgeSettings.positive(lease, "lease");
    requireNonNull(inDoubtDelay, "inDoubtDelay");
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must not be negative, got " + maxAttempts);
    }
    if (lease.compareTo(requestTimeout.multipliedBy(4)) < 0) {
      throw new IllegalArgumentException(
          "lease " + lease + " must be at least 4 x requestTimeout " + requestTimeout);
    }
  }

  /**
   * 2 workers, 200ms poll, 1s..5m backoff, retry forever, 10s timeout, 120s lease, 30s in doubt.
   */
  public static OutboxSettings defaults() {
    return new OutboxSettings(
        2,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(120),
        Duration.ofSeconds(30),
        DEFAULT_RETENTION);
  }
}
