package dev.burnrate.slo.definition.internal;

import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration of an SLO file: Burnrate's one grammar ({@link Durations}), or OpenSLO's calendar
 * shorthand of one amount in months ({@code M}), quarters ({@code Q}) or years ({@code Y}).
 *
 * @param amount the number of a one-term duration such as {@code 28d} (else 0)
 * @param unit the unit letter of a one-term duration ({@code 0} for others, such as {@code 1h30m})
 * @param text the duration as written
 * @param length its length, months counted as 30 days, quarters 90, years 365
 */
record DurationValue(long amount, char unit, String text, Duration length) {
  private static final Pattern ONE_TERM = Pattern.compile("([0-9]{1,9})([smhdwMQY])");

  Duration toDuration() {
    return length;
  }

  /** Reads {@code text}, or nothing when it is outside both grammars or too long to count. */
  static Optional<DurationValue> of(String text) {
    Matcher term = ONE_TERM.matcher(text);
    boolean one = term.matches();
    long amount = one ? Long.parseLong(term.group(1)) : 0;
    char unit = one ? term.group(2).charAt(0) : 0;
    if (one && "MQY".indexOf(unit) >= 0) {
      int days = unit == 'M' ? 30 : unit == 'Q' ? 90 : 365;
      return Optional.of(new DurationValue(amount, unit, text, Duration.ofDays(days * amount)));
    }
    if (!Durations.isWellFormed(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DurationValue(amount, unit, text, Durations.parse(text)));
    } catch (IllegalArgumentException e) {
      return Optional.of(new DurationValue(amount, unit, text, ChronoUnit.FOREVER.getDuration()));
    }
  }
}
