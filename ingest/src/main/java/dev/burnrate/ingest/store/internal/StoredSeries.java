package dev.burnrate.ingest.store.internal;

import static java.util.Objects.requireNonNull;

/**
 * A series' committed state, as read (and locked) at the start of a transaction.
 *
 * @param hash the series key's hash
 * @param key the series key
 * @param lastTsMs the last committed sample time
 * @param lastValue the last committed value of a cumulative series; NaN for a delta series
 */
public record StoredSeries(long hash, String key, long lastTsMs, double lastValue) {

  /** Checks the state. */
  public StoredSeries {
    requireNonNull(key, "key");
  }
}
