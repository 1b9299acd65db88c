package dev.burnrate.slo.engine;

import java.util.Arrays;

/**
 * A ring of equal-width time buckets holding two sums each (good and total events, or good and
 * counted slices), with running sums over windows that end at the newest bucket.
 *
 * <p>Buckets are identified by their absolute index ({@code epochSecond / width}). The ring holds
 * the {@code size} buckets ending at {@code head}. A window of {@code n} buckets covers {@code
 * [head - n + 1, head]}; its sums change when counts are added inside it and when buckets leave it
 * as the head advances, so reading a window is O(1) and advancing is O(windows) per bucket.
 *
 * <p>Memory layout: both sums of a bucket sit next to each other in one array, and the window sums
 * live in an array owned by the SLO (at the offsets given), so that an evaluation touches as few
 * cache lines as possible.
 *
 * <p>Counts of events are whole numbers, so a ring keeps its buckets as {@code int}s, half the
 * memory of {@code double}s (the hour ring of a 30-day SLO: 5.6 instead of 11.3 KiB), for as long
 * as every bucket is a whole number in {@code int} range; the first value that is not (a fractional
 * slice verdict, more than 2^31 events in one bucket) moves the ring to {@code double}s for good.
 * Both hold the same values exactly, so which one a ring uses never changes a result.
 *
 * <p>Not thread-safe: the owning {@link SloState} guards it.
 */
final class BucketRing {
  static final long NONE = Long.MIN_VALUE;

  private final int size;
  // Window i: length in buckets at 2i, offset of its sums in the SLO's array at 2i + 1 (one
  // array, one cache line, for both).
  private final int[] windows;
  private final int windowCount;
  private final double[] sums;
  // Exactly one of the two holds the buckets: whole until a value does not fit (see put).
  private int[] wholeBuckets;
  private double[] buckets;
  private long head = NONE;
  private long newestData = NONE;
  private long stepsSinceResync;

  /**
   * A ring of {@code size} buckets with windows of the given lengths in buckets, whose two sums are
   * kept at {@code sums[offsets[i]]} and {@code sums[offsets[i] + 1]}.
   */
  BucketRing(int size, int[] lengths, int[] offsets, double[] sums) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
    for (int n : lengths) {
      if (n < 1 || n > size) {
        throw new IllegalArgumentException("window of " + n + " buckets in a ring of " + size);
      }
    }
    if (offsets.length != lengths.length) {
      throw new IllegalArgumentException(
          lengths.length + " window lengths but " + offsets.length + " offsets");
    }
    this.size = size;
    this.windowCount = lengths.length;
    this.windows = new int[2 * lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      windows[2 * i] = lengths[i];
      windows[2 * i + 1] = offsets[i];
    }
    this.sums = sums;
  }

  /** Allocates the buckets; called after the SLO's small arrays so that those stay together. */
  void allocate() {
    wholeBuckets = new int[2 * size];
  }

  /** Whether the buckets are still kept as whole numbers. */
  boolean whole() {
    return wholeBuckets != null;
  }

  /** Moves the newest bucket forward to {@code bucket}; earlier buckets are ignored. */
  void advanceTo(long bucket) {
    if (head == NONE) {
      head = bucket;
      return;
    }
    if (bucket <= head) {
      return;
    }
    long steps = bucket - head;
    if (steps >= size || newestData == NONE || newestData <= head - size) {
      // Every bucket is (or becomes) empty: nothing to subtract. Idle SLOs advance in O(1).
      if (newestData != NONE && newestData > head - size) {
        if (wholeBuckets != null) {
          Arrays.fill(wholeBuckets, 0);
        } else {
          Arrays.fill(buckets, 0);
        }
      }
      for (int w = 0; w < windowCount; w++) {
        sums[windows[2 * w + 1]] = 0;
        sums[windows[2 * w + 1] + 1] = 0;
      }
      head = bucket;
      stepsSinceResync = 0;
      return;
    }
    for (long b = head + 1; b <= bucket; b++) {
      if (newestData < b - size) {
        // The buckets from here on never saw data: all zeros, nothing leaves any window.
        break;
      }
      for (int w = 0; w < windowCount; w++) {
        // b - length >= b - size, so the leaving bucket is still in the ring here; a window
        // without data since that bucket has nothing to subtract.
        int length = windows[2 * w];
        if (newestData >= b - length) {
          int leaving = slot(b - length);
          int off = windows[2 * w + 1];
          sums[off] -= get(leaving);
          sums[off + 1] -= get(leaving + 1);
        }
      }
      int s = slot(b);
      put(s, 0);
      put(s + 1, 0);
    }
    head = bucket;
    stepsSinceResync += steps;
    if (stepsSinceResync >= size) {
      // Subtracting what was added leaves rounding residue with fractional counts; a rescan
      // once per ring turn bounds it at O(1) amortized cost.
      resync();
    }
  }

  /** Whether {@code bucket} is inside the ring (not newer than the head, not expired). */
  boolean holds(long bucket) {
    long age = head - bucket;
    return head != NONE && age >= 0 && age < size;
  }

  /**
   * Adds to a bucket and to every window that covers it.
   *
   * @return false when the bucket is outside the ring and nothing was added
   */
  boolean add(long bucket, double dx, double dy) {
    if (!holds(bucket)) {
      return false;
    }
    long age = head - bucket;
    int s = slot(bucket);
    put(s, get(s) + dx);
    put(s + 1, get(s + 1) + dy);
    for (int w = 0; w < windowCount; w++) {
      if (age < windows[2 * w]) {
        int off = windows[2 * w + 1];
        sums[off] += dx;
        sums[off + 1] += dy;
      }
    }
    if (bucket > newestData) {
      newestData = bucket;
    }
    return true;
  }

  /** The first sum of one bucket (0 outside the ring). */
  double x(long bucket) {
    return holds(bucket) ? get(slot(bucket)) : 0;
  }

  /** The second sum of one bucket (0 outside the ring). */
  double y(long bucket) {
    return holds(bucket) ? get(slot(bucket) + 1) : 0;
  }

  /**
   * Whether a window of {@code length} buckets has had no data since it began; its sums then read
   * exactly zero, never a residue such as 1e-13 that would turn into a meaningless ratio.
   */
  boolean empty(int length) {
    return newestData == NONE || newestData <= head - length;
  }

  /** Copies the buckets that both rings hold from {@code other}, then rebuilds the window sums. */
  void copyFrom(BucketRing other) {
    if (other.head == NONE) {
      return;
    }
    if (head == NONE || head < other.head) {
      advanceTo(other.head);
    }
    for (long b = head; b > head - size; b--) {
      int s = slot(b);
      put(s, other.x(b));
      put(s + 1, other.y(b));
    }
    newestData = other.newestData;
    resync();
  }

  private void resync() {
    for (int w = 0; w < windowCount; w++) {
      double sx = 0;
      double sy = 0;
      for (long b = head - windows[2 * w] + 1; b <= head; b++) {
        int s = slot(b);
        sx += get(s);
        sy += get(s + 1);
      }
      sums[windows[2 * w + 1]] = sx;
      sums[windows[2 * w + 1] + 1] = sy;
    }
    stepsSinceResync = 0;
  }

  private double get(int s) {
    return wholeBuckets != null ? wholeBuckets[s] : buckets[s];
  }

  private void put(int s, double v) {
    if (wholeBuckets != null) {
      int w = (int) v;
      if (w == v) {
        // Also false for NaN and for values beyond int range, which (int) clamps.
        wholeBuckets[s] = w;
        return;
      }
      buckets = new double[wholeBuckets.length];
      for (int i = 0; i < wholeBuckets.length; i++) {
        buckets[i] = wholeBuckets[i];
      }
      wholeBuckets = null;
    }
    buckets[s] = v;
  }

  private int slot(long bucket) {
    return 2 * (int) Math.floorMod(bucket, (long) size);
  }
}
