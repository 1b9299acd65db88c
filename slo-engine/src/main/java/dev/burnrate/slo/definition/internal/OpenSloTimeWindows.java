package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps OpenSLO v1 time windows, budgeting methods and time slices to the model. */
final class OpenSloTimeWindows extends FieldReader {
  OpenSloTimeWindows(Diagnostics diagnostics) {
    super(diagnostics);
  }

  Optional<TimeSlices> timeSlices(YamlNode o, BudgetingMethod method, double objective) {
    if (method == BudgetingMethod.OCCURRENCES) {
      for (String k : List.of("timeSliceTarget", "timeSliceWindow")) {
        o.getNonNull(k)
            .ifPresent(n -> diagnostics.warning(n, "is ignored with budgetingMethod Occurrences"));
      }
      return Optional.empty();
    }
    String methodName = method == BudgetingMethod.TIMESLICES ? "Timeslices" : "RatioTimeslices";
    Optional<Double> target =
        number(
            o,
            "timeSliceTarget",
            method == BudgetingMethod.TIMESLICES,
            "the ratio a slice must reach to be good, required with " + methodName);
    if (target.isPresent() && !(target.get() > 0 && target.get() <= 1)) {
      diagnostics.error(
          o.get("timeSliceTarget").orElseThrow(),
          "must be above 0 and at most 1, such as 0.95, got " + target.get());
      return Optional.empty();
    }
    Optional<YamlNode> w = o.getNonNull("timeSliceWindow");
    if (w.isEmpty()) {
      missing(
          o, "timeSliceWindow", "the length of a slice, such as 1m, required with " + methodName);
      return Optional.empty();
    }
    Optional<Duration> window;
    if (w.get().isNumber()) {
      window =
          number(o, "timeSliceWindow", true, "minutes")
              .filter(m -> m >= 1 && m == Math.rint(m) && m <= MAX_DURATION.toMinutes())
              .map(m -> Duration.ofMinutes(m.longValue()));
      if (window.isEmpty()) {
        diagnostics.error(
            w.get(),
            "a number here is whole minutes, at least 1 (OpenSLO's default unit), got "
                + w.get().scalarText());
      }
    } else {
      window = durationValue(w.get(), "the length of a slice").map(DurationValue::toDuration);
    }
    if (window.isEmpty() || (target.isEmpty() && method == BudgetingMethod.TIMESLICES)) {
      return Optional.empty();
    }
    return Optional.of(new TimeSlices(target.orElse(objective), window.get()));
  }

  /**
   * The SLO's budgeting method; {@code RatioTimeslices} only for v1 ({@code v1alpha} false), as
   * v1alpha has no such method.
   */
  Optional<BudgetingMethod> budgetingMethod(YamlNode spec, boolean v1alpha) {
    String allowed =
        v1alpha ? "Occurrences or Timeslices" : "Occurrences, Timeslices or RatioTimeslices";
    Optional<String> m = string(spec, "budgetingMethod", true, allowed);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Optional<BudgetingMethod> method =
        switch (m.get()) {
          case "Occurrences" -> Optional.of(BudgetingMethod.OCCURRENCES);
          case "Timeslices" -> Optional.of(BudgetingMethod.TIMESLICES);
          case "RatioTimeslices" ->
              v1alpha ? Optional.empty() : Optional.of(BudgetingMethod.RATIO_TIMESLICES);
          default -> Optional.empty();
        };
    if (method.isEmpty()) {
      diagnostics.error(
          spec.get("budgetingMethod").orElseThrow(),
          "must be " + allowed + (v1alpha ? " (OpenSLO v1alpha)" : "") + ", got " + m.get());
    }
    return method;
  }

  Optional<TimeWindow> timeWindow(YamlNode spec) {
    Optional<YamlNode> tw = spec.getNonNull("timeWindow");
    if (tw.isEmpty()) {
      // OpenSLO makes the window optional; Burnrate takes Sloth's default and says so.
      diagnostics.warning(
          spec.anchor(),
          join(spec.path(), "timeWindow"),
          "no timeWindow; the SLO uses a 30d rolling window");
      return Optional.of(new TimeWindow.Rolling(Duration.ofDays(30)));
    }
    if (!tw.get().isSequence() || tw.get().items().size() != 1) {
      diagnostics.error(
          tw.get(),
          "must be a list with exactly one window (duration with isRolling: true, or duration"
              + " with calendar), got "
              + (tw.get().isSequence() ? tw.get().items().size() + " items" : tw.get().describe()));
      return Optional.empty();
    }
    YamlNode w = tw.get().items().get(0);
    if (!expectMap(w, "duration, isRolling, calendar")) {
      return Optional.empty();
    }
    knownKeys(w, Set.of("duration", "isRolling", "calendar"));
    Optional<DurationValue> d =
        duration(w, "duration", true, "the window length, such as 28d or 1M");
    Optional<Boolean> rolling = bool(w, "isRolling");
    Optional<YamlNode> calendar = map(w, "calendar", false, "startTime and timeZone");
    if (d.isEmpty()) {
      return Optional.empty();
    }
    if (rolling.orElse(false) && calendar.isPresent()) {
      diagnostics.error(
          calendar.get(), "isRolling: true and calendar are mutually exclusive; give one");
      return Optional.empty();
    }
    if (calendar.isEmpty()) {
      if (rolling.isEmpty()) {
        if (w.getNonNull("calendar").isPresent()) {
          return Optional.empty();
        }
        diagnostics.warning(
            w, "neither isRolling nor calendar is given; the window is taken as rolling");
      } else if (!rolling.get()) {
        missing(w, "calendar", "startTime and timeZone, when isRolling is false");
        return Optional.empty();
      }
      return Optional.of(new TimeWindow.Rolling(d.get().toDuration()));
    }
    String symbol = String.valueOf(d.get().unit());
    TimeWindow.CalendarUnit unit =
        Arrays.stream(TimeWindow.CalendarUnit.values())
            .filter(u -> u.symbol().equals(symbol))
            .findFirst()
            .orElse(null);
    if (unit == null) {
      diagnostics.error(
          w.get("duration").orElseThrow(),
          "a calendar window is counted in days (d), weeks (w), months (M), quarters (Q) or"
              + " years (Y), got "
              + d.get().text()
              + (d.get().unit() == 'm' ? " (m is minutes; a month is M, such as 1M)" : ""));
      return Optional.empty();
    }
    return calendar(calendar.get(), unit, (int) d.get().amount());
  }

  /** A calendar window of {@code count} units from the {@code calendar} mapping's start. */
  Optional<TimeWindow> calendar(YamlNode cal, TimeWindow.CalendarUnit unit, int count) {
    knownKeys(cal, Set.of("startTime", "timeZone"));
    ZoneId zone = ZoneId.of("UTC");
    Optional<String> tz = string(cal, "timeZone", false, "an IANA time zone such as Europe/Berlin");
    if (tz.isPresent()) {
      try {
        zone = ZoneId.of(tz.get());
      } catch (DateTimeException e) {
        diagnostics.error(
            cal.get("timeZone").orElseThrow(),
            "unknown time zone " + tz.get() + "; use an IANA name such as Europe/Berlin or UTC");
        return Optional.empty();
      }
    }
    Optional<String> start =
        string(cal, "startTime", true, "when the first period starts, such as 2024-01-01 00:00:00");
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> instant = startTime(start.get(), zone);
    if (instant.isEmpty()) {
      diagnostics.error(
          cal.get("startTime").orElseThrow(),
          "must be a date and time such as 2024-01-01 00:00:00 (in timeZone), got " + start.get());
      return Optional.empty();
    }
    return Optional.of(new TimeWindow.Calendar(unit, count, zone, instant.get()));
  }

  static Optional<Instant> startTime(String text, ZoneId zone) {
    String t = text.strip().replace(' ', 'T');
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeException e) {
      // no offset: a local time in the window's zone
    }
    try {
      return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
    } catch (DateTimeException e) {
      // maybe a date alone
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay(zone).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
