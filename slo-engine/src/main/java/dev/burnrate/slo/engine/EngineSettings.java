package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.SloGroups;
import java.time.Duration;

/**
 * Tuning of the SLO engine; {@link #defaults()} suits one-minute ingest buckets and ticks every 10
 * to 60 seconds.
 *
 * @param noDataAfter an evaluable SLO whose newest event is at least this old is in the no-data
 *     condition (default 15 minutes)
 * @param minEventsToAlert the low-traffic guard: an alert may only fire while the long window of
 *     its rule holds at least this many events (slices with data for the time-slice methods);
 *     default 10
 * @param resolveAfterTicks a firing alert resolves only after its condition was false on at least
 *     this many consecutive evaluations (default 2)
 * @param resolveAfter and only after its condition has been false for at least this long (default 5
 *     minutes)
 * @param minuteHistory how much history is kept in one-minute buckets; windows up to this length
 *     are exact to the minute, longer ones to the hour (whole hours from 1h to 24h, default 6h)
 * @param maxGroupsPerSlo the most instances a grouped SLO has in the engine (default 100); counts
 *     for groups beyond it are left out of every instance and counted ({@link
 *     SloEngine#groupsOverLimit})
 */
public record EngineSettings(
    Duration noDataAfter,
    double minEventsToAlert,
    int resolveAfterTicks,
    Duration resolveAfter,
    Duration minuteHistory,
    int maxGroupsPerSlo) {

  /** Settings with the default limit of groups per SLO. */
  public EngineSettings(
      Duration noDataAfter,
      double minEventsToAlert,
      int resolveAfterTicks,
      Duration resolveAfter,
      Duration minuteHistory) {
    this(
        noDataAfter,
        minEventsToAlert,
        resolveAfterTicks,
        resolveAfter,
        minuteHistory,
        SloGroups.DEFAULT_MAX_GROUPS);
  }

  /** Checks the settings. */
  public EngineSettings {
    requireNonNull(noDataAfter, "noDataAfter");
    requireNonNull(resolveAfter, "resolveAfter");
    requireNonNull(minuteHistory, "minuteHistory");
    if (noDataAfter.isNegative() || noDataAfter.isZero()) {
      throw new IllegalArgumentException("noDataAfter must be positive, got " + noDataAfter);
    }
    if (!(minEventsToAlert >= 0) || Double.isInfinite(minEventsToAlert)) {
      throw new IllegalArgumentException(
          "minEventsToAlert must be a finite number >= 0, got " + minEventsToAlert);
    }
    if (resolveAfterTicks < 1) {
      throw new IllegalArgumentException(
          "resolveAfterTicks must be at least 1, got " + resolveAfterTicks);
    }
    if (resolveAfter.isNegative()) {
      throw new IllegalArgumentException("resolveAfter must not be negative, got " + resolveAfter);
    }
    if (minuteHistory.toNanos() % Duration.ofHours(1).toNanos() != 0
        || minuteHistory.compareTo(Duration.ofHours(1)) < 0
        || minuteHistory.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          "minuteHistory must be whole hours from 1h to 24h, got " + minuteHistory);
    }
    if (maxGroupsPerSlo < 1) {
      throw new IllegalArgumentException(
          "maxGroupsPerSlo must be at least 1, got " + maxGroupsPerSlo);
    }
  }

  /** The default settings. */
  public static EngineSettings defaults() {
    return builder().build();
  }

  /** A builder that starts from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .noDataAfter(noDataAfter)
        .minEventsToAlert(minEventsToAlert)
        .resolveAfterTicks(resolveAfterTicks)
        .resolveAfter(resolveAfter)
        .minuteHistory(minuteHistory)
        .maxGroupsPerSlo(maxGroupsPerSlo);
  }

  /** Builds {@link EngineSettings}; what is not set keeps its default, {@link #build()} checks. */
  public static final class Builder {
    // The defaults, here and nowhere else.
    private Duration noDataAfter = Duration.ofMinutes(15);
    private double minEventsToAlert = 10;
    private int resolveAfterTicks = 2;
    private Duration resolveAfter = Duration.ofMinutes(5);
    private Duration minuteHistory = Duration.ofHours(6);
    private int maxGroupsPerSlo = SloGroups.DEFAULT_MAX_GROUPS;

    private Builder() {}

    /** How old the newest event of an evaluable SLO may be before it has no data. */
    public Builder noDataAfter(Duration value) {
      this.noDataAfter = value;
      return this;
    }

    /** The low-traffic guard: the events an alert's long window must hold before it fires. */
    public Builder minEventsToAlert(double value) {
      this.minEventsToAlert = value;
      return this;
    }

    /** How many consecutive false evaluations resolve a firing alert. */
    public Builder resolveAfterTicks(int value) {
      this.resolveAfterTicks = value;
      return this;
    }

    /** How long a firing alert's condition must be false before it resolves. */
    public Builder resolveAfter(Duration value) {
      this.resolveAfter = value;
      return this;
    }

    /** How much history is kept in one-minute buckets. */
    public Builder minuteHistory(Duration value) {
      this.minuteHistory = value;
      return this;
    }

    /** The most instances a grouped SLO has in the engine. */
    public Builder maxGroupsPerSlo(int value) {
      this.maxGroupsPerSlo = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws NullPointerException naming a duration set to null
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public EngineSettings build() {
      return new EngineSettings(
          noDataAfter,
          minEventsToAlert,
          resolveAfterTicks,
          resolveAfter,
          minuteHistory,
          maxGroupsPerSlo);
    }
  }
}
