package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The period over which an SLO's objective holds: rolling, or aligned to the calendar. */
public sealed interface TimeWindow {

  /** The nominal length of the window, used to scale alert factors (a calendar month is 30d). */
  Duration nominalLength();

  /** The label used in files and the API, such as {@code 30d} or {@code 1M}. */
  String label();

  /** A window that always covers the last {@code length} of time. */
  record Rolling(Duration length) implements TimeWindow {
    /** Checks the window. */
    public Rolling {
      requireNonNull(length, "length");
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("window length must be positive, got " + length);
      }
    }

    @Override
    public Duration nominalLength() {
      return length;
    }

    @Override
    public String label() {
      return Durations.format(length);
    }
  }

  /** A window aligned to calendar units in a time zone, such as the current month. */
  record Calendar(CalendarUnit unit, int count, ZoneId zone, Instant start) implements TimeWindow {
    /** Checks the window. */
    public Calendar {
      requireNonNull(unit, "unit");
      requireNonNull(zone, "zone");
      requireNonNull(start, "start");
      if (count < 1) {
        throw new IllegalArgumentException(
            "calendar window count must be at least 1, got " + count);
      }
    }

    @Override
    public Duration nominalLength() {
      return unit.nominalLength().multipliedBy(count);
    }

    @Override
    public String label() {
      return count + unit.symbol();
    }
  }

  /** Calendar units a calendar window can be aligned to. */
  enum CalendarUnit {
    DAY("d", Duration.ofDays(1)),
    WEEK("w", Duration.ofDays(7)),
    MONTH("M", Duration.ofDays(30)),
    QUARTER("Q", Duration.ofDays(90)),
    YEAR("Y", Duration.ofDays(365));

    private final String symbol;
    private final Duration nominalLength;

    CalendarUnit(String symbol, Duration nominalLength) {
      this.symbol = symbol;
      this.nominalLength = nominalLength;
    }

    /** The OpenSLO duration-unit letter. */
    public String symbol() {
      return symbol;
    }

    /** The nominal length of one unit. */
    public Duration nominalLength() {
      return nominalLength;
    }
  }
}
