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
    return builder().build();
  }

  /** A builder that starts from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .pollInterval(pollInterval)
        .retryInterval(retryInterval)
        .leaseTimeout(leaseTimeout)
        .lockKey(lockKey)
        .instanceId(instanceId);
  }

  /** Builds {@link LeaderSettings}; what is not set keeps its default, {@link #build()} checks. */
  public static final class Builder {
    private static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(10);

    // The defaults, here and nowhere else.
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration retryInterval = Duration.ofSeconds(2);
    // Unset: the default, or twice the retry interval when that is longer.
    private Duration leaseTimeout;
    private long lockKey = DEFAULT_LOCK_KEY;
    private String instanceId = ManagementFactory.getRuntimeMXBean().getName();

    private Builder() {}

    /** How often every instance feeds new changes to its engine. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /** How often a standby tries to take the lock, and the leader renews its lease. */
    public Builder retryInterval(Duration value) {
      this.retryInterval = value;
      return this;
    }

    /**
     * How long the leader may go without renewing its lease; unset, the default grows to twice the
     * retry interval.
     */
    public Builder leaseTimeout(Duration value) {
      this.leaseTimeout = requireNonNull(value, "leaseTimeout");
      return this;
    }

    /** The PostgreSQL advisory lock key that elects the leader. */
    public Builder lockKey(long value) {
      this.lockKey = value;
      return this;
    }

    /** This instance's name. */
    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws NullPointerException naming a setting set to null
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public LeaderSettings build() {
      Duration lease = leaseTimeout;
      if (lease == null) {
        Duration twiceRetry = requireNonNull(retryInterval, "retryInterval").multipliedBy(2);
        lease =
            twiceRetry.compareTo(DEFAULT_LEASE_TIMEOUT) > 0 ? twiceRetry : DEFAULT_LEASE_TIMEOUT;
      }
      return new LeaderSettings(pollInterval, retryInterval, lease, lockKey, instanceId);
    }
  }
}
