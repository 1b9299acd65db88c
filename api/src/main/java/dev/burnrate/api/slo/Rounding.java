package dev.burnrate.api.slo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as they leave the server (the API's JSON, {@code /metrics}): rounded to 12 significant
 * digits, so floating-point noise from sums of many buckets ({@code -48.99999999999996}) reads as
 * the whole number it is ({@code -49}) while keeping far more precision than any SLO needs.
 */
final class Rounding {
  /** Significant digits kept. */
  static final int DIGITS = 12;

  private static final MathContext CONTEXT = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

  private Rounding() {}

  /** {@code d} to 12 significant digits; NaN and infinities as they are. */
  static double round(double d) {
    if (!Double.isFinite(d) || d == 0) {
      return d;
    }
    return new BigDecimal(d).round(CONTEXT).doubleValue();
  }
}
