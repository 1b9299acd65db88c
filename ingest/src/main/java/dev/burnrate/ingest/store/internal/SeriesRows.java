package dev.burnrate.ingest.store.internal;

/**
 * New states of series, as parallel arrays sorted by hash, ready to be bound as SQL arrays.
 *
 * @param hash the series keys' hashes
 * @param check the series keys' check hashes
 * @param key the series keys
 * @param lastTsMs the last sample times
 * @param lastValue the last values of cumulative series; NaN for delta series
 */
public record SeriesRows(
    long[] hash, long[] check, String[] key, long[] lastTsMs, double[] lastValue) {

  /** The number of rows. */
  public int size() {
    return hash.length;
  }
}
