package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

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

  private static final EngineSettings DEFAULTS =
      new EngineSettings(
          Duration.ofMinutes(15),
          10,
          2,
          Duration.ofMinutes(5),
          Duration.ofHours(6),
          dev.burnrate.slo.definition.SloGroups.DEFAULT_MAX_GROUPS);

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
        dev.burnrate.slo.definition.SloGroups.DEFAULT_MAX_GROUPS);
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
    return DEFAULTS;
  }

  /** These settings with another no-data time. */
  public EngineSettings withNoDataAfter(Duration value) {
    return new EngineSettings(
        value, minEventsToAlert, resolveAfterTicks, resolveAfter, minuteHistory, maxGroupsPerSlo);
  }

  /** These settings with another low-traffic guard. */
  public EngineSettings withMinEventsToAlert(double value) {
    return new EngineSettings(
        noDataAfter, value, resolveAfterTicks, resolveAfter, minuteHistory, maxGroupsPerSlo);
  }

  /** These settings with another number of false evaluations before a firing alert resolves. */
  public EngineSettings withResolveAfterTicks(int value) {
    return new EngineSettings(
        noDataAfter, minEventsToAlert, value, resolveAfter, minuteHistory, maxGroupsPerSlo);
  }

  /** These settings with another minimum time false before a firing alert resolves. */
  public EngineSettings withResolveAfter(Duration value) {
    return new EngineSettings(
        noDataAfter, minEventsToAlert, resolveAfterTicks, value, minuteHistory, maxGroupsPerSlo);
  }

  /** These settings with another span of minute-resolution history. */
  public EngineSettings withMinuteHistory(Duration value) {
    return new EngineSettings(
        noDataAfter, minEventsToAlert, resolveAfterTicks, resolveAfter, value, maxGroupsPerSlo);
  }

  /** These settings with another limit on the instances of one grouped SLO. */
  public EngineSettings withMaxGroupsPerSlo(int value) {
    return new EngineSettings(
        noDataAfter, minEventsToAlert, resolveAfterTicks, resolveAfter, minuteHistory, value);
  }
}
