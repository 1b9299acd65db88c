package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.SeriesKey;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The series whose key a writer has put into the series log since it started (or since the last
 * {@link #clear()}), so that later log rows leave the key out: a set of hashes in one
 * open-addressing array, a cache line per probe, which starts small and doubles as hashes come (a
 * table sized for the capacity from the start would spread a few series over many megabytes, and
 * every probe would miss the CPU caches). When it holds {@code capacity} hashes it empties and
 * refills.
 */
public final class KnownKeys {
  // Generations are unique among every set of a process, so a mark left by one set (or by this one
  // before a clear) never counts for another.
  private static final AtomicInteger GENERATIONS = new AtomicInteger();
  private final int capacity;
  private int generation = GENERATIONS.incrementAndGet();
  private static final int INITIAL_SLOTS = 1 << 12;
  private final int maxSlots;
  private long[] slots;
  private boolean zero;
  private int size;

  /** A set of at most {@code capacity} hashes; 0 remembers none. */
  public KnownKeys(int capacity) {
    this.capacity = SeriesCache.checkCapacity(capacity);
    this.maxSlots = capacity == 0 ? 1 : Integer.highestOneBit(capacity * 2 - 1) << 1;
    this.slots = new long[Math.min(maxSlots, INITIAL_SLOTS)];
  }

  /**
   * Whether the hash {@code h} of {@code key} was added since the last clear. A key found once is
   * marked with this set's generation, so that the next call for the same key object (a decoder
   * hands the same one out request after request) needs no probe of the set.
   */
  public boolean contains(SeriesKey key, long h) {
    if (key.knownIn() == generation) {
      return true;
    }
    boolean known = contains(h);
    if (known) {
      key.knownIn(generation);
    }
    return known;
  }

  /** Whether {@code h} was added since the last clear. */
  public boolean contains(long h) {
    if (h == 0) {
      return zero;
    }
    int mask = slots.length - 1;
    for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == h) {
        return true;
      }
      if (s == 0) {
        return false;
      }
    }
  }

  /** Adds every hash of {@code hashes}. */
  public void addAll(long[] hashes) {
    for (long h : hashes) {
      add(h);
    }
  }

  private void add(long h) {
    if (capacity == 0 || contains(h)) {
      return;
    }
    if (size >= capacity) {
      clear();
    }
    size++;
    if (h == 0) {
      zero = true;
      return;
    }
    if (2 * size > slots.length && slots.length < maxSlots) {
      grow();
    }
    insert(h);
  }

  private void grow() {
    long[] old = slots;
    slots = new long[2 * old.length];
    for (long o : old) {
      if (o != 0) {
        insert(o);
      }
    }
  }

  private void insert(long h) {
    int mask = slots.length - 1;
    int i = spread(h) & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = h;
  }

  /** Forgets every hash. */
  public void clear() {
    generation = GENERATIONS.incrementAndGet();
    Arrays.fill(slots, 0);
    zero = false;
    size = 0;
  }

  private static int spread(long h) {
    return (int) (h ^ (h >>> 32));
  }
}
