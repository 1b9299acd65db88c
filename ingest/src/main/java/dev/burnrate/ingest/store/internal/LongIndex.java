package dev.burnrate.ingest.store.internal;

/**
 * An open-addressing map from long keys to non-negative ints, without boxing. Each slot's key and
 * value sit side by side in one array, so a probe reads one cache line, not one in each of two
 * arrays.
 */
final class LongIndex {
  private static final long EMPTY = -1;
  // Slot i: its key at 2i, its value (EMPTY when the slot is free) at 2i + 1.
  private long[] slots;
  private int size;

  LongIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    slots = emptySlots(capacity);
  }

  private static long[] emptySlots(int capacity) {
    long[] s = new long[2 * capacity];
    for (int i = 1; i < s.length; i += 2) {
      s[i] = EMPTY;
    }
    return s;
  }

  /** The value of a key, or -1. */
  int get(long key) {
    long[] s = slots;
    int mask = (s.length >>> 1) - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      long v = s[2 * i + 1];
      if (v == EMPTY) {
        return -1;
      }
      if (s[2 * i] == key) {
        return (int) v;
      }
    }
  }

  /** Sets a key's value (a value must be non-negative). */
  void put(long key, int value) {
    if ((size + 1) * 2 > slots.length >>> 1) {
      grow();
    }
    long[] s = slots;
    int mask = (s.length >>> 1) - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      if (s[2 * i + 1] == EMPTY) {
        s[2 * i] = key;
        s[2 * i + 1] = value;
        size++;
        return;
      }
      if (s[2 * i] == key) {
        s[2 * i + 1] = value;
        return;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = emptySlots(old.length);
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i + 1] != EMPTY) {
        put(old[i], (int) old[i + 1]);
      }
    }
  }

  private static int spread(long key) {
    // Keys are already mixed hashes; fold the high bits in for table sizes above 2^32.
    return (int) (key ^ (key >>> 32));
  }
}
