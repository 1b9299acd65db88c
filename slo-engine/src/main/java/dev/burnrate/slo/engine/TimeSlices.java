package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.BudgetingMethod;

/**
 * The verdict of one time slice, read from the minute events it covers. A slice with no events (or
 * a non-positive total) does not count; otherwise it counts once, as 1 or 0 (good or bad) for
 * Timeslices, or as its own ratio for RatioTimeslices.
 */
final class TimeSlices {
  private TimeSlices() {}

  /** The slice's good part: 1 or 0, or its ratio, or 0 when it does not count. */
  static double verdict(
      BucketRing minutes,
      long sliceStart,
      int sliceMinutes,
      BudgetingMethod method,
      double target) {
    double total = total(minutes, sliceStart, sliceMinutes);
    if (!(total > 0)) {
      return 0;
    }
    double ratio = good(minutes, sliceStart, sliceMinutes) / total;
    if (method == BudgetingMethod.RATIO_TIMESLICES) {
      return ratio;
    }
    return ratio >= target ? 1 : 0;
  }

  /** 1 when the slice counts, else 0. */
  static double counted(BucketRing minutes, long sliceStart, int sliceMinutes) {
    return total(minutes, sliceStart, sliceMinutes) > 0 ? 1 : 0;
  }

  private static double total(BucketRing minutes, long sliceStart, int sliceMinutes) {
    double total = 0;
    for (long m = sliceStart; m < sliceStart + sliceMinutes; m++) {
      total += minutes.y(m);
    }
    return total;
  }

  private static double good(BucketRing minutes, long sliceStart, int sliceMinutes) {
    double good = 0;
    for (long m = sliceStart; m < sliceStart + sliceMinutes; m++) {
      good += minutes.x(m);
    }
    return good;
  }
}
