package dev.burnrate.bridge.internal.record;

import java.util.Locale;
import java.util.Optional;

/** An incident's priority, P1 (most urgent) to P4: the one place "P1" is parsed and formatted. */
public enum Priority {
  /** Most urgent: pages. */
  P1,
  /** Pages. */
  P2,
  /** A ticket. */
  P3,
  /** A low ticket. */
  P4;

  /** The number, 1 to 4. */
  public int number() {
    return ordinal() + 1;
  }

  /** The priority of a number from 1 to 4. */
  public static Priority of(int number) {
    if (number < 1 || number > 4) {
      throw new IllegalArgumentException("a priority is 1 to 4, got " + number);
    }
    return values()[number - 1];
  }

  /** The text of a priority number: {@code 1} is {@code "P1"}. */
  public static String format(int number) {
    return of(number).name();
  }

  /** {@code "P1"} to {@code "P4"} exactly, as the API writes them. */
  public static Optional<Priority> parse(String text) {
    return text != null && text.matches("P[1-4]")
        ? Optional.of(of(text.charAt(1) - '0'))
        : Optional.empty();
  }

  /** {@code "P1"} to {@code "P4"} in either case, as monitoring labels carry them. */
  public static Optional<Priority> parseIgnoringCase(String text) {
    return text == null ? Optional.empty() : parse(text.toUpperCase(Locale.ROOT));
  }

  /**
   * The number of {@code "P3"}, {@code "p3"} or {@code "3"}, as the configuration allows, whether
   * or not it is 1 to 4 (the caller says what is allowed).
   *
   * @throws NumberFormatException when the text is no number
   */
  public static int parseNumber(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    return Integer.parseInt(t.startsWith("P") ? t.substring(1) : t);
  }
}
