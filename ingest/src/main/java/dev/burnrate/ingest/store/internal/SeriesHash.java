package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.internal.SeriesKeyHash;

/**
 * The two hashes of a series key that the series state table is keyed by: {@link SeriesKeyHash},
 * named here for the store's code and tests.
 */
final class SeriesHash {
  private SeriesHash() {}

  /** The primary hash of a series key. */
  public static long of(String key) {
    return SeriesKeyHash.of(key);
  }

  /** The check hash of a series key, independent of {@link #of}. */
  public static long check(String key) {
    return SeriesKeyHash.check(key);
  }

  /** Both hashes of a key in one pass, into {@code hashes[i]} and {@code checks[i]}. */
  static void both(String key, long[] hashes, long[] checks, int i) {
    SeriesKeyHash.both(key, hashes, checks, i);
  }
}
