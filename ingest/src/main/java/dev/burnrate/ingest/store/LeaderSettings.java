package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the engine leader elects itself and tails the store.
 *
 * @param pollInterval how often the leader feeds new changes to the engine
 * @param retryInterval how often a standby tries to take the lock, and the leader checks it still
 *     holds it
 * @param lockKey the PostgreSQL advisory lock key that elects the leader; instances that share a
 *     database and a key elect one leader among them
 */
public record LeaderSettings(Duration pollInterval, Duration retryInterval, long lockKey) {

  /** The default lock key: the bytes of "burnrate". */
  public static final long DEFAULT_LOCK_KEY = 0x6275726e72617465L;

  /** Checks the settings. */
  public LeaderSettings {
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(retryInterval, "retryInterval");
    if (pollInterval.toMillis() < 1) {
      throw new IllegalArgumentException("pollInterval must be at least 1ms, got " + pollInterval);
    }
    if (retryInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "retryInterval must be at least 1ms, got " + retryInterval);
    }
  }

  /** Polls every second, retries the lock every 5 seconds, with the default key. */
  public static LeaderSettings defaults() {
    return new LeaderSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), DEFAULT_LOCK_KEY);
  }

  /** These settings with other intervals. */
  public LeaderSettings withIntervals(Duration pollInterval, Duration retryInterval) {
    return new LeaderSettings(pollInterval, retryInterval, lockKey);
  }
}
