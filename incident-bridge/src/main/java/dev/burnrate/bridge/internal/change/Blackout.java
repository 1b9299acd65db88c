package dev.burnrate.bridge.internal.change;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A time when changes of some kinds may not start: every week from one day and time to another
 * (such as Friday 18:00 to Monday 06:00 in Europe/Berlin), or a named freeze between two dates.
 *
 * @param name its name, as reasons quote it
 * @param kinds the change kinds it stops ({@code normal} by default)
 * @param services the services it covers (empty: all)
 * @param zone the time zone of its times
 * @param weekly the weekly window, or null for a dated freeze
 * @param from the freeze's start (local time in {@code zone}), or null for a weekly window
 * @param to the freeze's end (exclusive), or null for a weekly window
 */
public record Blackout(
    String name,
    Set<String> kinds,
    Set<String> services,
    ZoneId zone,
    Weekly weekly,
    LocalDateTime from,
    LocalDateTime to) {

  /**
   * A weekly window; it may wrap over the weekend (Friday to Monday).
   *
   * @param fromDay the day it starts
   * @param fromTime the time it starts
   * @param toDay the day it ends
   * @param toTime the time it ends (exclusive)
   */
  public record Weekly(DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime) {
    /** Checks the window. */
    public Weekly {
      requireNonNull(fromDay, "fromDay");
      requireNonNull(fromTime, "fromTime");
      requireNonNull(toDay, "toDay");
      requireNonNull(toTime, "toTime");
      if (fromDay == toDay && fromTime.equals(toTime)) {
        throw new IllegalArgumentException("a weekly blackout cannot start and end at one time");
      }
    }
  }

  /** Checks the blackout. */
  public Blackout {
    requireNonNull(name, "name");
    requireNonNull(zone, "zone");
    kinds = Set.copyOf(kinds);
    services = Set.copyOf(services);
    if ((weekly == null) == (from == null) || (from == null) != (to == null)) {
      throw new IllegalArgumentException("a blackout is weekly or runs from a date to a date");
    }
    if (from != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("a freeze must end after it starts");
    }
  }

  /** Whether it stops a change of {@code kind} to {@code service}. */
  public boolean appliesTo(String service, String kind) {
    return kinds.contains(kind) && (services.isEmpty() || services.contains(service));
  }

  /** Whether {@code at} falls inside it. */
  public boolean covers(Instant at) {
    return overlap(at, at.plusMillis(1)).isPresent();
  }

  /**
   * The first instant of [{@code start}, {@code end}) that falls inside it, if any.
   *
   * @param start the start of the span
   * @param end the end of the span (exclusive), after {@code start}
   */
  public Optional<Instant> overlap(Instant start, Instant end) {
    if (weekly == null) {
      return first(from.atZone(zone).toInstant(), to.atZone(zone).toInstant(), start, end);
    }
    // Every occurrence that starts from a week before the span to its end.
    LocalDate day = start.atZone(zone).toLocalDate().minusDays(8);
    LocalDate last = end.atZone(zone).toLocalDate().plusDays(1);
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      if (day.getDayOfWeek() != weekly.fromDay()) {
        continue;
      }
      ZonedDateTime s = day.atTime(weekly.fromTime()).atZone(zone);
      int days = (weekly.toDay().getValue() - weekly.fromDay().getValue() + 7) % 7;
      if (days == 0 && !weekly.toTime().isAfter(weekly.fromTime())) {
        days = 7;
      }
      ZonedDateTime e = day.plusDays(days).atTime(weekly.toTime()).atZone(zone);
      Optional<Instant> hit = first(s.toInstant(), e.toInstant(), start, end);
      if (hit.isPresent()) {
        return hit;
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> first(Instant s, Instant e, Instant start, Instant end) {
    Instant lo = s.isAfter(start) ? s : start;
    Instant hi = e.isBefore(end) ? e : end;
    return lo.isBefore(hi) ? Optional.of(lo) : Optional.empty();
  }

  /**
   * The blackout in words, such as {@code no normal changes Fri 18:00 to Mon 06:00 Europe/Berlin}.
   */
  public String describe() {
    String what = "no " + String.join("/", kinds.stream().sorted().toList()) + " changes";
    String scope =
        services.isEmpty() ? "" : " to " + String.join(", ", services.stream().sorted().toList());
    String when =
        weekly == null
            ? from + " to " + to
            : day(weekly.fromDay())
                + " "
                + weekly.fromTime()
                + " to "
                + day(weekly.toDay())
                + " "
                + weekly.toTime();
    return what + scope + " " + when + " " + zone.getId();
  }

  private static String day(DayOfWeek d) {
    return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
