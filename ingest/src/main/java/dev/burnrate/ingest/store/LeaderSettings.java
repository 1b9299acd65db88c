package dev.burnrate.ingest.store;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How instances tail the store, elect the engine's leader and hand the lead over.
 *
 * @param pollInterval how often every instance feeds new changes to its engine
 * @param retryInterval how often a standby tries to take the lock, and the leader renews its lease
 * @param leaseTimeout how long the leader may go without renewing its lease (frozen process, lost
 *     network) before PostgreSQL ends its session and so frees the lock; a takeover happens within
 *     {@code leaseTimeout + retryInterval}
 * @param lockKey the PostgreSQL advisory lock key that elects the leader; instances that share a
 *     database and a key elect one leader among them
 * @param instanceId this instance's name in {@code /health/ready}, {@code /metrics} and the {@code
 *     engine_instances} table
 */
public record LeaderSettings(
    Duration pollInterval,
    Duration retryInterval,
    Duration leaseTimeout,
    long lockKey,
    String instanceId) {

  /** The default lock key: the bytes of "burnrate". */
  public static final long DEFAULT_LOCK_KEY = 0x6275726e72617465L;

  /** Checks the settings. */
  public LeaderSettings {
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(retryInterval, "retryInterval");
    requireNonNull(leaseTimeout, "leaseTimeout");
    requireNonNull(instanceId, "instanceId");
    if (pollInterval.toMillis() < 1) {
      throw new IllegalArgumentException("pollInterval must be at least 1ms, got " + pollInterval);
    }
    if (retryInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "retryInterval must be at least 1ms, got " + retryInterval);
    }
    if (leaseTimeout.compareTo(retryInterval.multipliedBy(2)) < 0) {
      // One late renewal must not cost the lead.
      throw new IllegalArgumentException(
          "leaseTimeout must be at least twice retryInterval ("
              + retryInterval
              + "), got "
              + leaseTimeout);
    }
    if (instanceId.isBlank() || instanceId.length() > 200) {
      throw new IllegalArgumentException(
          "instanceId must be 1 to 200 characters, got '" + instanceId + "'");
    }
  }

  /**
   * Polls every 200 ms, retries the lock and renews the lease every 2 s, a 10 s lease (a takeover
   * within 12 s), the default key, and the JVM's {@code pid@host} as the instance id.
   */
  public static LeaderSettings defaults() {
    return new LeaderSettings(
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        DEFAULT_LOCK_KEY,
        ManagementFactory.getRuntimeMXBean().getName());
  }

  /** These settings with other poll and retry intervals (the lease grows to twice the retry). */
  public LeaderSettings withIntervals(Duration pollInterval, Duration retryInterval) {
    Duration lease =
        leaseTimeout.compareTo(retryInterval.multipliedBy(2)) < 0
            ? retryInterval.multipliedBy(2)
            : leaseTimeout;
    return new LeaderSettings(pollInterval, retryInterval, lease, lockKey, instanceId);
  }

  /** These settings with another lease timeout. */
  public LeaderSettings withLeaseTimeout(Duration leaseTimeout) {
    return new LeaderSettings(pollInterval, retryInterval, leaseTimeout, lockKey, instanceId);
  }

  /** These settings with another instance id. */
  public LeaderSettings withInstanceId(String instanceId) {
    return new LeaderSettings(pollInterval, retryInterval, leaseTimeout, lockKey, instanceId);
  }
}
