package dev.burnrate.yaml;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of Burnrate, read wherever a duration is given: configuration, SLO
 * files, the bridge's settings, HTTP query parameters and command-line flags.
 *
 * <p>A duration is one or more terms, each a whole number and a unit: {@code ms} milliseconds,
 * {@code s} seconds, {@code m} minutes, {@code h} hours, {@code d} days (24 hours), {@code w} weeks
 * (7 days); terms add up, so {@code 1h30m} is 90 minutes. Spaces around the text are ignored, none
 * inside it. {@code 0s} is a duration; whether zero is allowed is each setting's choice. The
 * grammar is documented in {@code docs/configuration.md#durations}.
 */
public final class Durations {
  private static final Pattern TERM = Pattern.compile("([0-9]+)(ms|s|m|h|d|w)");
  private static final Pattern GRAMMAR = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d|w))+");

  private Durations() {}

  /** Whether {@code text} is written in the grammar, whatever its length. */
  public static boolean isWellFormed(String text) {
    return GRAMMAR.matcher(text.strip()).matches();
  }

  /**
   * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 7d} or
   * {@code 2w}.
   *
   * @throws IllegalArgumentException naming the accepted forms, or saying the duration is too long
   */
  public static Duration parse(String text) {
    String t = text.strip();
    if (!GRAMMAR.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 30s, 30m, 2h or 7d, got '" + text + "'");
    }
    Duration total = Duration.ZERO;
    Matcher m = TERM.matcher(t);
    try {
      while (m.find()) {
        total = total.plus(term(Long.parseLong(m.group(1)), m.group(2)));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("the duration '" + text + "' is too long");
    }
    return total;
  }

  private static Duration term(long n, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(Math.multiplyExact(7, n));
    };
  }

  /**
   * The shortest exact form of {@code d}'s whole seconds in one unit: days, hours, minutes or
   * seconds ({@code 90m}, {@code 1d}, {@code 45s}), which {@link #parse} reads back; a fraction of
   * a second is dropped, as the REST API and messages have always shown it.
   */
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
