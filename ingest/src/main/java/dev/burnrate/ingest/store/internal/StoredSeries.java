package dev.burnrate.ingest.store.internal;

import java.util.Arrays;

/**
 * The committed state of the series a transaction touches, as read (and locked) at its start or as
 * this writer cached it after its own last commit: parallel arrays with an index by hash, so a
 * large group allocates no object per series.
 */
public final class StoredSeries {
  private final LongIndex index;
  private long[] check;
  private boolean[] checkKnown;
  private long[] lastTsMs;
  private double[] lastValue;
  private boolean[] cached;
  private int size;

  /** An empty set with room for {@code expected} series. */
  public StoredSeries(int expected) {
    int capacity = Math.max(4, expected);
    index = new LongIndex(capacity);
    check = new long[capacity];
    checkKnown = new boolean[capacity];
    lastTsMs = new long[capacity];
    lastValue = new double[capacity];
    cached = new boolean[capacity];
  }

  /**
   * Adds a series' state.
   *
   * @param hash the key's {@link SeriesHash#of} hash
   * @param checkHash the key's {@link SeriesHash#check} hash; null for a row written before the
   *     check existed (it then adopts the check of the key that next updates it)
   * @param ts the last committed sample time
   * @param value the last committed value of a cumulative series; NaN for a delta series
   */
  public void add(long hash, Long checkHash, long ts, double value) {
    put(hash, checkHash, ts, value, false);
  }

  /**
   * Adds a series' state as this writer cached it: a guess that the commit must confirm (it updates
   * the row only where the stored time still equals {@code ts}).
   */
  public void addCached(long hash, long checkHash, long ts, double value) {
    put(hash, checkHash, ts, value, true);
  }

  private void put(long hash, Long checkHash, long ts, double value, boolean fromCache) {
    if (size == check.length) {
      int capacity = size * 2;
      check = Arrays.copyOf(check, capacity);
      checkKnown = Arrays.copyOf(checkKnown, capacity);
      lastTsMs = Arrays.copyOf(lastTsMs, capacity);
      lastValue = Arrays.copyOf(lastValue, capacity);
      cached = Arrays.copyOf(cached, capacity);
    }
    cached[size] = fromCache;
    checkKnown[size] = checkHash != null;
    check[size] = checkHash == null ? 0 : checkHash;
    lastTsMs[size] = ts;
    lastValue[size] = value;
    index.put(hash, size);
    size++;
  }

  /** The position of a series, or -1 when it has no state. */
  int find(long hash) {
    return index.get(hash);
  }

  long check(int i) {
    return check[i];
  }

  boolean checkKnown(int i) {
    return checkKnown[i];
  }

  long lastTsMs(int i) {
    return lastTsMs[i];
  }

  double lastValue(int i) {
    return lastValue[i];
  }

  boolean cached(int i) {
    return cached[i];
  }

  /** How many series have state. */
  public int size() {
    return size;
  }
}
