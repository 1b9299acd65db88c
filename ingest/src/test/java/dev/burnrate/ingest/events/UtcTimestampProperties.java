package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

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

  private static Gen<String> timestamps() {
    Gen<Integer> year = Gen.ints(0, 9999);
    Gen<Integer> month = Gen.ints(0, 13);
    Gen<Integer> day = Gen.ints(0, 32);
    Gen<String> date =
        r -> String.format("%04d-%02d-%02d", year.next(r), month.next(r), day.next(r));
    Gen<Integer> hour = Gen.ints(0, 24);
    Gen<Integer> minute = Gen.ints(0, 60);
    Gen<Integer> second = Gen.ints(0, 61);
    Gen<String> time =
        r -> String.format("%02d:%02d:%02d", hour.next(r), minute.next(r), second.next(r));
    Gen<String> fraction =
        Gen.oneOf(Gen.just(""), Gen.just("."), Gen.numericStrings(1, 11).map(f -> "." + f));
    Gen<String> separator = Gen.of("T", "t", " ", "_", "TT");
    Gen<String> zone = Gen.of("Z", "z", "+00:00", "-01:30", "", "ZZ", "+0000");
    return r -> date.next(r) + separator.next(r) + time.next(r) + fraction.next(r) + zone.next(r);
  }

  @Test
  void agreesWithJavaTime_orDeclines() {
    PropertyRunner.forAll(10000, timestamps(), UtcTimestampProperties::assertAgrees);
  }

  @Test
  void readsEveryValidTimeOfTheCommonShape() {
    PropertyRunner.forAll(
        3000,
        Gen.ints(0, 9999),
        Gen.ints(0, 366 * 24 * 3600 - 1),
        Gen.ints(0, 9),
        Gen.ints(0, 999_999_999),
        UtcTimestampProperties::readsEveryValidTimeOfTheCommonShape);
  }

  private static void readsEveryValidTimeOfTheCommonShape(
      int year, int secondOfYear, int fractionDigits, int nanos) {
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

  @Test
  void declinesOrAgrees_whateverCharacterReplacesOne() {
    PropertyRunner.forAll(
        3000,
        Gen.ints(0, 29),
        replacements(),
        (position, c) -> {
          String valid = "2024-02-29T23:59:59.123456789Z";
          String s = valid.substring(0, position) + c + valid.substring(position + 1);
          assertAgrees(s);
          assertAgrees(s.substring(0, Math.min(s.length(), position + 1)));
        });
  }

  private static Gen<Character> replacements() {
    return Gen.oneOf(Gen.chars("0123456789-:.TtZz +/\u0660\u0661\uff10é"), Gen.chars());
  }

  @Test
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
