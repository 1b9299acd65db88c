package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.internal.SettingChecks.atLeastOne;
import static dev.burnrate.ingest.internal.SettingChecks.notNegative;
import static dev.burnrate.ingest.internal.SettingChecks.positive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the bucket writer accepts, groups and keeps data.
 *
 * @param lateness how far behind the clock a sample may be; older samples are rejected and counted
 * @param futureTolerance how far ahead of the clock a sample may be (clock skew); further ones are
 *     rejected and counted with the late ones
 * @param idempotencyKeyTtl how long a committed idempotency key makes a re-sent batch a duplicate
 * @param maxQueuedBatches the most batches accepted and not yet committed
 * @param maxQueuedSamples the most samples accepted and not yet committed
 * @param maxQueuedBytes the most estimated bytes of batches accepted and not yet committed
 * @param maxSamplesPerTransaction when a group commit stops taking more batches
 * @param bucketRetention how long minute buckets are kept on plain PostgreSQL (TimescaleDB uses its
 *     retention policy instead)
 * @param seriesRetention how long the state of a series that stopped sending is kept; longer than
 *     the lateness
 * @param changeLogRetention how long change-log rows are kept when no engine consumes them
 * @param maintenanceInterval how often expired keys, old changes and old buckets are deleted
 * @param minRetryAfter the retry hint after the first failed commit; it doubles per failure
 * @param maxRetryAfter the largest retry hint
 * @param seriesCacheSize how many series states the writer keeps in memory after committing them,
 *     so that their next commit need not read them back; 0 reads every state from the database
 * @param seriesState where the state of series is kept up to date: {@link SeriesState#INLINE} in
 *     each request's transaction, or {@link SeriesState#LOG} by an applier after the ack
 * @param applyInterval in {@link SeriesState#LOG} mode, how often the applier turns the series log
 *     into buckets: buckets of such series become visible this long after the ack
 */
public record WriterSettings(
    Duration lateness,
    Duration futureTolerance,
    Duration idempotencyKeyTtl,
    int maxQueuedBatches,
    long maxQueuedSamples,
    long maxQueuedBytes,
    int maxSamplesPerTransaction,
    Duration bucketRetention,
    Duration seriesRetention,
    Duration changeLogRetention,
    Duration maintenanceInterval,
    Duration minRetryAfter,
    Duration maxRetryAfter,
    int seriesCacheSize,
    SeriesState seriesState,
    Duration applyInterval) {

  /** Where series state (the last value of every counter) is kept up to date. */
  public enum SeriesState {
    /** In the request's transaction, with its buckets: visible at the ack. */
    INLINE,
    /** In the series log: the ack commits one log row, an applier writes buckets and state. */
    LOG
  }

  /** The largest series cache: 2^26 states. */
  public static final int MAX_SERIES_CACHE_SIZE = 1 << 26;

  /** Checks the settings. */
  public WriterSettings {
    requireNonNull(lateness, "lateness");
    requireNonNull(futureTolerance, "futureTolerance");
    requireNonNull(idempotencyKeyTtl, "idempotencyKeyTtl");
    requireNonNull(bucketRetention, "bucketRetention");
    requireNonNull(seriesRetention, "seriesRetention");
    requireNonNull(changeLogRetention, "changeLogRetention");
    requireNonNull(maintenanceInterval, "maintenanceInterval");
    requireNonNull(minRetryAfter, "minRetryAfter");
    requireNonNull(maxRetryAfter, "maxRetryAfter");
    requireNonNull(seriesState, "seriesState");
    requireNonNull(applyInterval, "applyInterval");
    positive("applyInterval", applyInterval);
    positive("lateness", lateness);
    notNegative("futureTolerance", futureTolerance);
    positive("idempotencyKeyTtl", idempotencyKeyTtl);
    positive("bucketRetention", bucketRetention);
    positive("changeLogRetention", changeLogRetention);
    positive("maintenanceInterval", maintenanceInterval);
    positive("minRetryAfter", minRetryAfter);
    if (seriesRetention.compareTo(lateness) <= 0) {
      throw new IllegalArgumentException(
          "seriesRetention must be longer than lateness ("
              + lateness
              + "), got "
              + seriesRetention);
    }
    if (maxRetryAfter.compareTo(minRetryAfter) < 0) {
      throw new IllegalArgumentException(
          "maxRetryAfter must be at least minRetryAfter ("
              + minRetryAfter
              + "), got "
              + maxRetryAfter);
    }
    atLeastOne("maxQueuedBatches", maxQueuedBatches);
    atLeastOne("maxQueuedSamples", maxQueuedSamples);
    atLeastOne("maxQueuedBytes", maxQueuedBytes);
    if (seriesCacheSize < 0 || seriesCacheSize > MAX_SERIES_CACHE_SIZE) {
      throw new IllegalArgumentException(
          "seriesCacheSize must be 0 to " + MAX_SERIES_CACHE_SIZE + ", got " + seriesCacheSize);
    }
    atLeastOne("maxSamplesPerTransaction", maxSamplesPerTransaction);
  }

  /**
   * The defaults: 1h lateness, 10m future tolerance, keys kept 24h, at most 10,000 batches, 2
   * million samples and 256 MiB queued, 200,000 samples per transaction, 100 days of buckets, 7
   * days of idle series state, 1 day of unconsumed changes, maintenance every 10 minutes, retry
   * hints from 1s to 10s, 100,000 cached series states (about 10 MiB), series state kept inline.
   */
  public static WriterSettings defaults() {
    return builder().build();
  }

  /** A builder that starts from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .lateness(lateness)
        .futureTolerance(futureTolerance)
        .idempotencyKeyTtl(idempotencyKeyTtl)
        .maxQueuedBatches(maxQueuedBatches)
        .maxQueuedSamples(maxQueuedSamples)
        .maxQueuedBytes(maxQueuedBytes)
        .maxSamplesPerTransaction(maxSamplesPerTransaction)
        .bucketRetention(bucketRetention)
        .seriesRetention(seriesRetention)
        .changeLogRetention(changeLogRetention)
        .maintenanceInterval(maintenanceInterval)
        .minRetryAfter(minRetryAfter)
        .maxRetryAfter(maxRetryAfter)
        .seriesCacheSize(seriesCacheSize)
        .seriesState(seriesState, applyInterval);
  }

  /** Builds {@link WriterSettings}; what is not set keeps its default, {@link #build()} checks. */
  public static final class Builder {
    // The defaults, here and nowhere else.
    private Duration lateness = Duration.ofHours(1);
    private Duration futureTolerance = Duration.ofMinutes(10);
    private Duration idempotencyKeyTtl = Duration.ofHours(24);
    private int maxQueuedBatches = 10_000;
    private long maxQueuedSamples = 2_000_000;
    private long maxQueuedBytes = 256L << 20;
    private int maxSamplesPerTransaction = 200_000;
    private Duration bucketRetention = Duration.ofDays(100);
    private Duration seriesRetention = Duration.ofDays(7);
    private Duration changeLogRetention = Duration.ofDays(1);
    private Duration maintenanceInterval = Duration.ofMinutes(10);
    private Duration minRetryAfter = Duration.ofSeconds(1);
    private Duration maxRetryAfter = Duration.ofSeconds(10);
    private int seriesCacheSize = 100_000;
    private SeriesState seriesState = SeriesState.INLINE;
    private Duration applyInterval = Duration.ofSeconds(1);

    private Builder() {}

    /** How far behind the clock a sample may be. */
    public Builder lateness(Duration value) {
      this.lateness = value;
      return this;
    }

    /** How far ahead of the clock a sample may be. */
    public Builder futureTolerance(Duration value) {
      this.futureTolerance = value;
      return this;
    }

    /** How long a committed idempotency key makes a re-sent batch a duplicate. */
    public Builder idempotencyKeyTtl(Duration value) {
      this.idempotencyKeyTtl = value;
      return this;
    }

    /** The most batches accepted and not yet committed. */
    public Builder maxQueuedBatches(int value) {
      this.maxQueuedBatches = value;
      return this;
    }

    /** The most samples accepted and not yet committed. */
    public Builder maxQueuedSamples(long value) {
      this.maxQueuedSamples = value;
      return this;
    }

    /** The most estimated bytes of batches accepted and not yet committed. */
    public Builder maxQueuedBytes(long value) {
      this.maxQueuedBytes = value;
      return this;
    }

    /** When a group commit stops taking more batches. */
    public Builder maxSamplesPerTransaction(int value) {
      this.maxSamplesPerTransaction = value;
      return this;
    }

    /** How long minute buckets are kept on plain PostgreSQL. */
    public Builder bucketRetention(Duration value) {
      this.bucketRetention = value;
      return this;
    }

    /** How long the state of a series that stopped sending is kept. */
    public Builder seriesRetention(Duration value) {
      this.seriesRetention = value;
      return this;
    }

    /** How long change-log rows are kept when no engine consumes them. */
    public Builder changeLogRetention(Duration value) {
      this.changeLogRetention = value;
      return this;
    }

    /** How often expired keys, old changes and old buckets are deleted. */
    public Builder maintenanceInterval(Duration value) {
      this.maintenanceInterval = value;
      return this;
    }

    /** The retry hint after the first failed commit. */
    public Builder minRetryAfter(Duration value) {
      this.minRetryAfter = value;
      return this;
    }

    /** The largest retry hint. */
    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = value;
      return this;
    }

    /** How many series states stay in memory after their commit (0 turns the cache off). */
    public Builder seriesCacheSize(int value) {
      this.seriesCacheSize = value;
      return this;
    }

    /** Where series state is kept, and how often the series log is applied in log mode. */
    public Builder seriesState(SeriesState mode, Duration interval) {
      this.seriesState = mode;
      this.applyInterval = interval;
      return this;
    }

    /**
     * The settings.
     *
     * @throws NullPointerException naming a duration set to null
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public WriterSettings build() {
      return new WriterSettings(
          lateness,
          futureTolerance,
          idempotencyKeyTtl,
          maxQueuedBatches,
          maxQueuedSamples,
          maxQueuedBytes,
          maxSamplesPerTransaction,
          bucketRetention,
          seriesRetention,
          changeLogRetention,
          maintenanceInterval,
          minRetryAfter,
          maxRetryAfter,
          seriesCacheSize,
          seriesState,
          applyInterval);
    }
  }
}
