package dev.burnrate.ingest.store.internal;

import java.util.Arrays;

/** An open-addressing map from long keys to non-negative ints, without boxing. */
final class LongIndex {
  private long[] keys;
  private int[] values;
  private int size;

  LongIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, -1);
  }

  /** The value of a key, or -1. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        return -1;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  /** Sets a key's value (a value must be non-negative). */
  void put(long key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] >= 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int spread(long key) {
    // Keys are already mixed hashes; fold the high bits in for table sizes above 2^32.
    return (int) (key ^ (key >>> 32));
  }
}
