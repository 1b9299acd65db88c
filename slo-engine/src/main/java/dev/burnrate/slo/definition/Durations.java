package dev.burnrate.slo.definition;

import java.time.Duration;

/** Formats durations the way SLO files write them: {@code 5m}, {@code 1h}, {@code 30d}. */
public final class Durations {
  private Durations() {}

  /** The shortest exact form of {@code d} in days, hours, minutes or seconds. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
