package dev.burnrate.ingest.events;

/**
 * Reads the common shape of a JSON number, unsigned digits with an optional fraction ({@code 12},
 * {@code 431.7}), straight from the parser's characters, giving exactly the double that {@link
 * Double#parseDouble} gives; anything else is left to the general path.
 *
 * <p>Exact because the digits, read as an integer, are at most 2^53 and so a double without
 * rounding, and so is 10^k for k up to 22: one IEEE division of the two is then correctly rounded,
 * which is what {@code parseDouble} returns for the same decimal.
 */
final class PlainDecimal {
  /** The result for text this class does not read: never a value it returns otherwise. */
  static final double NOT_PLAIN = Double.NaN;

  private static final long MAX_EXACT = 1L << 53;
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private PlainDecimal() {}

  /**
   * The value of {@code digits[.digits]} at {@code text[offset, offset + length)}, or {@link
   * #NOT_PLAIN} for anything else (a sign, an exponent, too many digits to be exact this way).
   */
  static double parse(char[] text, int offset, int length) {
    if (length == 0 || length > 18) {
      return NOT_PLAIN;
    }
    long mantissa = 0;
    int point = -1;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + (c - '0');
      } else if (c == '.' && point < 0 && i > offset && i < end - 1) {
        point = i;
      } else {
        return NOT_PLAIN;
      }
    }
    // At most 18 digits, so no overflow above.
    return of(mantissa, point < 0 ? 0 : end - 1 - point);
  }

  /**
   * The value of {@code mantissa / 10^fractionDigits}, or {@link #NOT_PLAIN} when the mantissa is
   * above 2^53 or the fraction longer than 22 digits (then this would not be exact).
   */
  static double of(long mantissa, int fractionDigits) {
    if (mantissa < 0 || mantissa > MAX_EXACT || fractionDigits >= POWERS_OF_TEN.length) {
      return NOT_PLAIN;
    }
    return mantissa / POWERS_OF_TEN[fractionDigits];
  }
}
