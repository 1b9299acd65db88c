package dev.burnrate.ingest.store.internal;

import java.util.Arrays;

/**
 * The committed state of the series a transaction touches, as read (and locked) at its start:
 * parallel arrays with an index by hash, so a large group allocates no object per series.
 */
public final class StoredSeries {
  private final LongIndex index;
  private long[] check;
  private long[] lastTsMs;
  private double[] lastValue;
  private int size;

  /** An empty set with room for {@code expected} series. */
  public StoredSeries(int expected) {
    int capacity = Math.max(4, expected);
    index = new LongIndex(capacity);
    check = new long[capacity];
    lastTsMs = new long[capacity];
    lastValue = new double[capacity];
  }

  /**
   * Adds a series' state.
   *
   * @param hash the key's {@link SeriesHash#of} hash
   * @param checkHash the key's {@link SeriesHash#check} hash
   * @param ts the last committed sample time
   * @param value the last committed value of a cumulative series; NaN for a delta series
   */
  public void add(long hash, long checkHash, long ts, double value) {
    if (size == check.length) {
      int capacity = size * 2;
      check = Arrays.copyOf(check, capacity);
      lastTsMs = Arrays.copyOf(lastTsMs, capacity);
      lastValue = Arrays.copyOf(lastValue, capacity);
    }
    check[size] = checkHash;
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

  long lastTsMs(int i) {
    return lastTsMs[i];
  }

  double lastValue(int i) {
    return lastValue[i];
  }

  /** How many series have state. */
  public int size() {
    return size;
  }
}
