package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.SeriesKey;
import java.util.Arrays;

/**
 * The series' states while a {@link GroupPlan} is applied: parallel arrays indexed through a hash
 * index, sized for every series entry of the group.
 */
final class SeriesStates {
  static final int NEW = 0;
  static final int UPDATED = 1;
  static final int PRESENT = 2;

  private final LongIndex index;
  long[] hash;
  long[] check;
  SeriesKey[] key;
  boolean[] existed;
  boolean[] present;
  boolean[] changed;
  long[] lastTs;
  double[] lastValue;
  long[] expectTs;
  int size;

  /** Room for {@code expected} series: at least the group's series entries with state. */
  SeriesStates(int expected) {
    int capacity = Math.max(4, expected);
    index = new LongIndex(capacity);
    hash = new long[capacity];
    check = new long[capacity];
    key = new SeriesKey[capacity];
    existed = new boolean[capacity];
    present = new boolean[capacity];
    changed = new boolean[capacity];
    lastTs = new long[capacity];
    lastValue = new double[capacity];
    expectTs = new long[capacity];
  }

  int find(long h) {
    return index.get(h);
  }

  int add(long h, long c, SeriesKey k, boolean stored, long ts, double value) {
    if (size == hash.length) {
      // The capacity is the number of series entries of the group: more states cannot come.
      throw new IllegalStateException("more series than the group has: " + size);
    }
    hash[size] = h;
    check[size] = c;
    key[size] = k;
    existed[size] = stored;
    present[size] = stored;
    lastTs[size] = ts;
    lastValue[size] = value;
    expectTs[size] = SeriesRows.LOCKED;
    index.put(h, size);
    return size++;
  }

  /**
   * The series of one kind, sorted by hash: {@link #NEW} changed ones without a stored state,
   * {@link #UPDATED} changed ones with one, {@link #PRESENT} every one that has a state after the
   * group.
   */
  SeriesRows rows(int kind) {
    long[] hashes = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      boolean take =
          switch (kind) {
            case NEW -> changed[i] && !existed[i];
            case UPDATED -> changed[i] && existed[i];
            default -> present[i];
          };
      if (take) {
        hashes[n++] = hash[i];
      }
    }
    hashes = Arrays.copyOf(hashes, n);
    Arrays.sort(hashes);
    long[] checks = new long[n];
    String[] keys = new String[n];
    long[] ts = new long[n];
    double[] values = new double[n];
    long[] expect = new long[n];
    for (int j = 0; j < n; j++) {
      int i = index.get(hashes[j]);
      checks[j] = check[i];
      // Only a new series' key is written (sli_series_keys): its text is made only then.
      keys[j] = kind == NEW ? key[i].text() : null;
      ts[j] = lastTs[i];
      values[j] = lastValue[i];
      expect[j] = expectTs[i];
    }
    return new SeriesRows(hashes, checks, keys, ts, values, expect);
  }
}
