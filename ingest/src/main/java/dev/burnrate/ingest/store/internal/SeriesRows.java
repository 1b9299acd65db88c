package dev.burnrate.ingest.store.internal;

/**
 * New states of series, as parallel arrays sorted by hash, ready to be bound as SQL arrays.
 *
 * @param hash the series keys' hashes
 * @param check the series keys' check hashes
 * @param key the series keys
 * @param lastTsMs the last sample times
 * @param lastValue the last values of cumulative series; NaN for delta series
 * @param expectTsMs for an update, the stored time the row must still have ({@link #LOCKED} when
 *     the transaction holds the row locked and expects nothing)
 */
public record SeriesRows(
    long[] hash,
    long[] check,
    String[] key,
    long[] lastTsMs,
    double[] lastValue,
    long[] expectTsMs) {

  /** The expected time of a row the transaction read with a lock: any stored time will do. */
  public static final long LOCKED = Long.MIN_VALUE;

  /** The number of rows. */
  public int size() {
    return hash.length;
  }
}
