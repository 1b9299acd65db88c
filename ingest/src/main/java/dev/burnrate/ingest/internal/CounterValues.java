package dev.burnrate.ingest.internal;

/**
 * The one rule for the values that become SLI increases: a counter's value (and a delta's) must be
 * a finite number from 0 to 2^53. Above 2^53 a double no longer holds every whole number, so such a
 * counter has already lost counts; and with every increase at most 2^53, a bucket would need more
 * than 10^292 of them to overflow, so no sum of accepted increases can become infinite.
 */
public final class CounterValues {
  /** The largest counter value (and increase) accepted: 2^53. */
  public static final double MAX = 9007199254740992.0;

  /** The largest counter value as an unsigned 64-bit integer: 2^53. */
  public static final long MAX_COUNT = 1L << 53;

  /** What an accepted value is, for error messages. */
  public static final String RULE = "a finite number from 0 to 2^53 (9007199254740992)";

  private CounterValues() {}

  /** Whether {@code v} is a value the store accepts as a counter value or an increase. */
  public static boolean accepted(double v) {
    return v >= 0 && v <= MAX;
  }

  /** Whether the unsigned 64-bit count {@code n} is at most 2^53. */
  public static boolean acceptedCount(long n) {
    return Long.compareUnsigned(n, MAX_COUNT) <= 0;
  }
}
