package dev.burnrate.slo.engine.internal;

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
 * <p>Not thread-safe: the owning {@link SloState} guards it.
 */
final class BucketRing {
  private static final long NONE = Long.MIN_VALUE;

  private final int size;
  private final double[] x;
  private final double[] y;
  private final int[] lengths;
  private final double[] sumX;
  private final double[] sumY;
  private long head = NONE;
  private long newestData = NONE;
  private long stepsSinceResync;

  /**
   * A ring of {@code size} buckets with windows of the given lengths in buckets.
   *
   * @param size how many buckets are kept
   * @param lengths window lengths, each from 1 to size
   */
  BucketRing(int size, int[] lengths) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
    for (int n : lengths) {
      if (n < 1 || n > size) {
        throw new IllegalArgumentException("window of " + n + " buckets in a ring of " + size);
      }
    }
    this.size = size;
    this.x = new double[size];
    this.y = new double[size];
    this.lengths = lengths.clone();
    this.sumX = new double[lengths.length];
    this.sumY = new double[lengths.length];
  }

  int size() {
    return size;
  }

  long head() {
    return head;
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
    if (steps >= size) {
      Arrays.fill(x, 0);
      Arrays.fill(y, 0);
      Arrays.fill(sumX, 0);
      Arrays.fill(sumY, 0);
      head = bucket;
      stepsSinceResync = 0;
      return;
    }
    for (long b = head + 1; b <= bucket; b++) {
      for (int w = 0; w < lengths.length; w++) {
        // b - lengths[w] >= b - size, so the leaving bucket is still in the ring here.
        int leaving = slot(b - lengths[w]);
        sumX[w] -= x[leaving];
        sumY[w] -= y[leaving];
      }
      int s = slot(b);
      x[s] = 0;
      y[s] = 0;
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
    x[s] += dx;
    y[s] += dy;
    for (int w = 0; w < lengths.length; w++) {
      if (age < lengths[w]) {
        sumX[w] += dx;
        sumY[w] += dy;
      }
    }
    if (bucket > newestData) {
      newestData = bucket;
    }
    return true;
  }

  /** The first sum of one bucket (0 outside the ring). */
  double x(long bucket) {
    return holds(bucket) ? x[slot(bucket)] : 0;
  }

  /** The second sum of one bucket (0 outside the ring). */
  double y(long bucket) {
    return holds(bucket) ? y[slot(bucket)] : 0;
  }

  /** The first sum over window {@code w}. */
  double sumX(int w) {
    return windowEmpty(w) ? 0 : sumX[w];
  }

  /** The second sum over window {@code w}. */
  double sumY(int w) {
    return windowEmpty(w) ? 0 : sumY[w];
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
      x[s] = other.x(b);
      y[s] = other.y(b);
    }
    newestData = other.newestData;
    resync();
  }

  // A window with no data since it began reads exactly zero, never a residue such as 1e-13 that
  // would turn into a meaningless ratio.
  private boolean windowEmpty(int w) {
    return newestData == NONE || newestData <= head - lengths[w];
  }

  private void resync() {
    for (int w = 0; w < lengths.length; w++) {
      double sx = 0;
      double sy = 0;
      for (long b = head - lengths[w] + 1; b <= head; b++) {
        int s = slot(b);
        sx += x[s];
        sy += y[s];
      }
      sumX[w] = sx;
      sumY[w] = sy;
    }
    stepsSinceResync = 0;
  }

  private int slot(long bucket) {
    return (int) Math.floorMod(bucket, (long) size);
  }
}
