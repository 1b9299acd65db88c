package dev.burnrate.slo.engine;

/**
 * The minutes that budget adjustments leave out of every window, as sorted, disjoint {@code [start,
 * end)} pairs of epoch minutes in one array.
 */
final class ExcludedMinutes {
  private ExcludedMinutes() {}

  /** Whether the intervals in {@code ex} hold {@code minute}: a binary search over the pairs. */
  static boolean contains(long[] ex, long minute) {
    int lo = 0;
    int hi = ex.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (minute < ex[2 * mid]) {
        hi = mid - 1;
      } else if (minute >= ex[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
