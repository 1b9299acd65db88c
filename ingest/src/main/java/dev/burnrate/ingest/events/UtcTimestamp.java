package dev.burnrate.ingest.events;

/**
 * Reads the common shape of an RFC 3339 time, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} (also with
 * {@code t}, {@code z} or a space for the {@code T}), straight from the parser's characters, giving
 * exactly the epoch milliseconds that {@code OffsetDateTime.parse(s,
 * DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli()} gives; any other shape, and
 * any field out of its range, is left to that general path.
 */
final class UtcTimestamp {
  /** The result for text this class does not read: never a value it returns otherwise. */
  static final long NOT_COMMON = Long.MIN_VALUE;

  private static final int SHORTEST = "2026-11-24T14:26:05Z".length();
  private static final int LONGEST = "2026-11-24T14:26:05.123456789Z".length();
  private static final int[] DAYS_BEFORE_MONTH = {
    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
  };
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  private static final long MS_PER_DAY = 86_400_000L;

  private UtcTimestamp() {}

  /**
   * The epoch milliseconds of the time at {@code text[offset, offset + length)}, or {@link
   * #NOT_COMMON}.
   */
  static long parse(char[] text, int offset, int length) {
    if (length < SHORTEST || length > LONGEST) {
      return NOT_COMMON;
    }
    int o = offset;
    char zone = text[o + length - 1];
    char t = text[o + 10];
    if (text[o + 4] != '-'
        || text[o + 7] != '-'
        || !(t == 'T' || t == 't' || t == ' ')
        || text[o + 13] != ':'
        || text[o + 16] != ':'
        || !(zone == 'Z' || zone == 'z')) {
      return NOT_COMMON;
    }
    int year = digits(text, o, 4);
    int month = digits(text, o + 5, 2);
    int day = digits(text, o + 8, 2);
    int hour = digits(text, o + 11, 2);
    int minute = digits(text, o + 14, 2);
    int second = digits(text, o + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_COMMON;
    }
    int millis = 0;
    if (length > SHORTEST) {
      // A fraction: '.', 1 to 9 digits, of which the first three are the milliseconds.
      int fractionDigits = length - SHORTEST - 1;
      if (text[o + 19] != '.' || fractionDigits < 1) {
        return NOT_COMMON;
      }
      for (int i = 0; i < fractionDigits; i++) {
        char c = text[o + 20 + i];
        if (c < '0' || c > '9') {
          return NOT_COMMON;
        }
        if (i < 3) {
          millis = millis * 10 + (c - '0');
        }
      }
      for (int i = fractionDigits; i < 3; i++) {
        millis *= 10;
      }
    }
    return epochDay(year, month, day) * MS_PER_DAY
        + hour * 3_600_000L
        + minute * 60_000L
        + second * 1_000L
        + millis;
  }

  /** Days from 1970-01-01 to the date in the proleptic Gregorian calendar (ISO 8601's). */
  static long epochDay(int year, int month, int day) {
    long days = 365L * (year - 1970) + leapYearsBefore(year) - leapYearsBefore(1970);
    days += DAYS_BEFORE_MONTH[month - 1] + (month > 2 && isLeap(year) ? 1 : 0);
    return days + day - 1;
  }

  private static long leapYearsBefore(int year) {
    int y = year - 1;
    return Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400);
  }

  private static boolean isLeap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  private static int daysInMonth(int year, int month) {
    return month == 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  }

  /** The value of {@code n} ASCII digits, or -1 when one is not a digit. */
  private static int digits(char[] text, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = text[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
