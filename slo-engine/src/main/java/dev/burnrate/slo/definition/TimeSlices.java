package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Slicing for the Timeslices and RatioTimeslices budgeting methods.
 *
 * @param target the ratio a slice must reach to be good (0 exclusive to 1 inclusive)
 * @param window the length of one slice
 */
public record TimeSlices(double target, Duration window) {

  /** Checks the slicing. */
  public TimeSlices {
    requireNonNull(window, "window");
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("timeSliceTarget must be in (0, 1], got " + target);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("timeSliceWindow must be positive, got " + window);
    }
  }
}
