package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The RFC 3339 fast path against the java.time path the decoder falls back to. */
class UtcTimestampProperties {
  private static final long REFUSED = Long.MAX_VALUE;

  /** What the decoder's general path makes of the text, or REFUSED. */
  private static long reference(String s) {
    try {
      String norm = s.toUpperCase(Locale.ROOT);
      if (norm.length() > 10 && norm.charAt(10) == ' ') {
        norm = norm.substring(0, 10) + 'T' + norm.substring(11);
      }
      return OffsetDateTime.parse(norm, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return REFUSED;
    }
  }

  private static long fast(String s) {
    long inside = UtcTimestamp.parse(("\"" + s + "\",").toCharArray(), 1, s.length());
    long alone = UtcTimestamp.parse(s.toCharArray(), 0, s.length());
    assertThat(inside).isEqualTo(alone);
    return alone;
  }

  /** The fast path either declines or agrees with the general path. */
  private static void assertAgrees(String s) {
    long fast = fast(s);
    if (fast != UtcTimestamp.NOT_COMMON) {
      assertThat(fast).as(s).isEqualTo(reference(s));
    }
  }

  @Provide
  Arbitrary<String> timestamps() {
    Arbitrary<String> date =
        Combinators.combine(
                Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32))
            .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
    Arbitrary<String> time =
        Combinators.combine(
                Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 61))
            .as((h, m, s) -> String.format("%02d:%02d:%02d", h, m, s));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.just("."),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(11).map(f -> "." + f));
    Arbitrary<String> separator = Arbitraries.of("T", "t", " ", "_", "TT");
    Arbitrary<String> zone = Arbitraries.of("Z", "z", "+00:00", "-01:30", "", "ZZ", "+0000");
    return Combinators.combine(date, separator, time, fraction, zone)
        .as((d, sep, t, f, z) -> d + sep + t + f + z);
  }

  @Property(tries = 10000)
  void agreesWithJavaTime_orDeclines(@ForAll("timestamps") String s) {
    assertAgrees(s);
  }

  @Property(tries = 3000)
  void readsEveryValidTimeOfTheCommonShape(
      @ForAll @IntRange(min = 0, max = 9999) int year,
      @ForAll @IntRange(min = 0, max = 366 * 24 * 3600 - 1) int secondOfYear,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    LocalDate start = LocalDate.of(year, 1, 1);
    int days = secondOfYear / 86_400;
    if (days >= start.lengthOfYear()) {
      return;
    }
    int s = secondOfYear % 86_400;
    String fraction =
        fractionDigits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, fractionDigits);
    String text =
        String.format(
            "%sT%02d:%02d:%02d%sZ", start.plusDays(days), s / 3600, s / 60 % 60, s % 60, fraction);
    assertThat(fast(text)).as(text).isNotEqualTo(UtcTimestamp.NOT_COMMON);
    assertAgrees(text);
    assertAgrees(text.toLowerCase(Locale.ROOT));
    assertAgrees(text.replace('T', ' '));
  }

  @Property(tries = 3000)
  void declinesOrAgrees_whateverCharacterReplacesOne(
      @ForAll @IntRange(min = 0, max = 29) int position, @ForAll("replacements") char c) {
    String valid = "2024-02-29T23:59:59.123456789Z";
    String s = valid.substring(0, position) + c + valid.substring(position + 1);
    assertAgrees(s);
    assertAgrees(s.substring(0, Math.min(s.length(), position + 1)));
  }

  @Provide
  Arbitrary<Character> replacements() {
    return Arbitraries.oneOf(
        Arbitraries.chars().with("0123456789-:.TtZz +/\u0660\u0661\uff10é"),
        Arbitraries.chars().all());
  }

  @Example
  void boundaries() {
    assertThat(fast("2026-11-24T14:26:05.123Z"))
        .isEqualTo(Instant.parse("2026-11-24T14:26:05.123Z").toEpochMilli());
    assertThat(fast("1970-01-01T00:00:00Z")).isZero();
    assertThat(fast("1969-12-31T23:59:59.999Z")).isEqualTo(-1);
    assertThat(fast("0000-01-01T00:00:00Z")).isEqualTo(reference("0000-01-01T00:00:00Z"));
    assertThat(fast("9999-12-31T23:59:59.999999999Z"))
        .isEqualTo(reference("9999-12-31T23:59:59.999999999Z"));
    assertThat(fast("2024-02-29T00:00:00Z")).isEqualTo(reference("2024-02-29T00:00:00Z"));
    for (String declined :
        new String[] {
          "2023-02-29T00:00:00Z", // not a leap year: java.time refuses it
          "1900-02-29T00:00:00Z",
          "2026-04-31T00:00:00Z",
          "2026-11-24T24:00:00Z",
          "2026-11-24T23:60:00Z",
          "2026-11-24T23:59:60Z", // a leap second: refused by java.time too
          "2026-11-24T14:26Z", // no seconds: java.time reads it
          "2026-11-24T14:26:05.Z",
          "2026-11-24T14:26:05.1234567890Z",
          "2026-11-24T14:26:05+01:00",
          "+2026-11-24T14:26:05Z",
          "2026-11-24T14:26:05\u0662Z",
        }) {
      assertThat(fast(declined)).as(declined).isEqualTo(UtcTimestamp.NOT_COMMON);
    }
  }
}
