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
  private static final int INITIAL = 4096;

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

  private final int limit;

  /**
   * Room for {@code expected} series: at least the group's series entries with state. The arrays
   * start small and grow, as a group of log rows has many entries per series: a table sized for the
   * entries would be mostly empty, and its random probes would miss the CPU caches.
   */
  SeriesStates(int expected) {
    limit = Math.max(4, expected);
    int capacity = Math.min(limit, INITIAL);
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
    if (size == limit) {
      // The limit is the number of series entries of the group: more states cannot come.
      throw new IllegalStateException("more series than the group has: " + size);
    }
    if (size == hash.length) {
      grow(Math.min(limit, 2 * size));
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

  private void grow(int capacity) {
    hash = Arrays.copyOf(hash, capacity);
    check = Arrays.copyOf(check, capacity);
    key = Arrays.copyOf(key, capacity);
    existed = Arrays.copyOf(existed, capacity);
    present = Arrays.copyOf(present, capacity);
    changed = Arrays.copyOf(changed, capacity);
    lastTs = Arrays.copyOf(lastTs, capacity);
    lastValue = Arrays.copyOf(lastValue, capacity);
    expectTs = Arrays.copyOf(expectTs, capacity);
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
