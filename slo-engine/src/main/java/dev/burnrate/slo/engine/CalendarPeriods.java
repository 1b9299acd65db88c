package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.TimeWindow;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The periods of a calendar window: consecutive runs of {@code count} units in the window's time
 * zone, the first beginning at the window's {@code start}.
 */
final class CalendarPeriods {
  private CalendarPeriods() {}

  /** The period holding {@code now}, as {@code [start, end)} in epoch seconds. */
  static long[] periodAt(TimeWindow.Calendar window, Instant now) {
    ZonedDateTime anchor = window.start().atZone(window.zone());
    ChronoUnit unit = chronoUnit(window.unit());
    long step = (long) window.count() * unitsPerStep(window.unit());
    // between() truncates, so start from its estimate and correct by whole steps; stepping from
    // the anchor each time keeps month ends stable (Jan 31 + 1 month, + 2 months from the anchor).
    long k = Math.floorDiv(unit.between(anchor, now.atZone(window.zone())), step);
    while (anchor.plus(k * step, unit).toInstant().isAfter(now)) {
      k--;
    }
    while (!anchor.plus((k + 1) * step, unit).toInstant().isAfter(now)) {
      k++;
    }
    return new long[] {
      anchor.plus(k * step, unit).toEpochSecond(), anchor.plus((k + 1) * step, unit).toEpochSecond()
    };
  }

  private static ChronoUnit chronoUnit(TimeWindow.CalendarUnit unit) {
    return switch (unit) {
      case DAY -> ChronoUnit.DAYS;
      case WEEK -> ChronoUnit.WEEKS;
      case MONTH, QUARTER -> ChronoUnit.MONTHS;
      case YEAR -> ChronoUnit.YEARS;
    };
  }

  private static long unitsPerStep(TimeWindow.CalendarUnit unit) {
    return unit == TimeWindow.CalendarUnit.QUARTER ? 3 : 1;
  }
}
