package dev.burnrate.api.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A calendar period in UTC: a month, or any run of whole days.
 *
 * @param from the first day
 * @param to the day after the last
 */
public record ReportPeriod(LocalDate from, LocalDate to) {
  /** The longest period a report may cover. */
  static final int MAX_DAYS = 400;

  /** Checks the period. */
  public ReportPeriod {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to; got " + from + " and " + to);
    }
    if (from.plusDays(MAX_DAYS).isBefore(to)) {
      throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
    }
  }

  /** The month {@code 2026-11}. */
  public static ReportPeriod month(String month) {
    YearMonth m;
    try {
      m = YearMonth.parse(month.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("month must look like 2026-11; got " + month, e);
    }
    return new ReportPeriod(m.atDay(1), m.plusMonths(1).atDay(1));
  }

  /** Parses a date such as {@code 2026-11-01}, naming the field when it cannot. */
  static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be a date such as 2026-11-01; got " + value, e);
    }
  }

  Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant end() {
    return to.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
