package dev.burnrate.ingest.store.internal;

import java.util.Arrays;

/**
 * The series states this writer committed last, so that a commit need not read them back: an
 * open-addressing table of at most {@code capacity} states, owned by the writer thread.
 *
 * <p>A cached state is only a guess of what the database holds: the commit that uses it updates the
 * row only where {@code last_ts_ms} (and the check hash) still equal the cached ones, and rolls
 * back and reads the rows when any does not (another writer, or maintenance, changed them). That
 * guess is safe because a committed series state only ever moves forward in time: every accepted
 * sample of a series that has state is later than its last one. When the table is full it is
 * emptied at once (O(1)), and refills from the following commits.
 */
public final class SeriesCache {
  private final int capacity;
  private final long[] hash;
  private final long[] check;
  private final long[] lastTsMs;
  private final double[] lastValue;
  // A slot holds a state when its stamp equals the current generation; clear() starts a new one.
  private final int[] stamp;
  private int generation = 1;
  private int size;

  /**
   * A cache of at most {@code capacity} series states; 0 caches nothing.
   *
   * @throws IllegalArgumentException when the capacity is negative or over 2^26
   */
  public SeriesCache(int capacity) {
    this.capacity = checkCapacity(capacity);
    // At most three quarters of the slots are ever used, so probes stay short.
    long wanted = Math.max(4L, (long) capacity * 4 / 3 + 1);
    int slots = capacity == 0 ? 1 : Integer.highestOneBit((int) wanted - 1) << 1;
    hash = new long[slots];
    check = new long[slots];
    lastTsMs = new long[slots];
    lastValue = new double[slots];
    stamp = new int[slots];
  }

  /** The capacity, checked: 0 to 2^26. */
  static int checkCapacity(int capacity) {
    if (capacity < 0 || capacity > (1 << 26)) {
      throw new IllegalArgumentException(
          "capacity must be 0 to " + (1 << 26) + ", got " + capacity);
    }
    return capacity;
  }

  /** The number of states held. */
  public int size() {
    return size;
  }

  /** Forgets every state. */
  public void clear() {
    size = 0;
    generation++;
    if (generation == 0) {
      // After 2^32 clears: reset the stamps so that no old slot looks current.
      Arrays.fill(stamp, 0);
      generation = 1;
    }
  }

  /**
   * Adds the cached state of each of {@code hashes} to {@code into} as a cached row, and returns
   * the hashes that have none (to be read from the database), in their order.
   */
  public long[] addKnown(long[] hashes, StoredSeries into) {
    long[] missing = new long[hashes.length];
    int m = 0;
    for (long h : hashes) {
      int slot = find(h);
      if (slot < 0) {
        missing[m++] = h;
      } else {
        into.addCached(h, check[slot], lastTsMs[slot], lastValue[slot]);
      }
    }
    return m == missing.length ? missing : Arrays.copyOf(missing, m);
  }

  /** Remembers the committed states in {@code rows}, replacing older ones of the same series. */
  public void putAll(SeriesRows rows) {
    if (capacity == 0) {
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      put(rows.hash()[i], rows.check()[i], rows.lastTsMs()[i], rows.lastValue()[i]);
    }
  }

  /** Remembers one committed state. */
  void put(long h, long c, long ts, double value) {
    if (capacity == 0) {
      return;
    }
    int slot = find(h);
    if (slot < 0) {
      if (size >= capacity) {
        clear();
      }
      slot = freeSlot(h);
      stamp[slot] = generation;
      hash[slot] = h;
      size++;
    }
    check[slot] = c;
    lastTsMs[slot] = ts;
    lastValue[slot] = value;
  }

  private int find(long h) {
    int mask = stamp.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      if (stamp[i] != generation) {
        return -1;
      }
      if (hash[i] == h) {
        return i;
      }
    }
  }

  private int freeSlot(long h) {
    int mask = stamp.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      if (stamp[i] != generation) {
        return i;
      }
    }
  }

  private static int spread(long h) {
    // Hashes are already mixed; fold the high half in.
    return (int) (h ^ (h >>> 32));
  }
}
