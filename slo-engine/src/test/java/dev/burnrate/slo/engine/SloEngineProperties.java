package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.testsupport.TestClock;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine against a brute-force recount of every event it kept, over random event streams with
 * random clock advances, late and future data.
 */
class SloEngineProperties {
  private static final Instant START = Instant.parse("2026-01-27T10:17:23Z");
  private static final List<String> KEYS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  private static final int MINUTE_RING = 360;

  record Rec(long ageSeconds, double good, double total) {}

  record Step(long advanceSeconds, List<Rec> records) {}

  record Scenario(SloSpec spec, List<Step> steps) {}

  /** One kept event as the brute force sees it. */
  record Event(long second, double good, double total, boolean sliceAccepted) {}

  @Test
  void occurrences_matchABruteForceRecount() {
    PropertyRunner.forAll(150, occurrences(), SloEngineProperties::check);
  }

  @Test
  void timeSlices_matchABruteForceRecount() {
    PropertyRunner.forAll(100, slices(), SloEngineProperties::check);
  }

  @Test
  void adjustedOccurrences_leaveEveryCoveredMinuteOut_asABruteForceRecountDoes() {
    PropertyRunner.forAll(150, adjusted(occurrences()), a -> check(a.scenario(), a.adjustments()));
  }

  @Test
  void adjustedTimeSlices_leaveEveryCoveredMinuteOut_asABruteForceRecountDoes() {
    PropertyRunner.forAll(100, adjusted(slices()), a -> check(a.scenario(), a.adjustments()));
  }

  record Adjusted(Scenario scenario, List<BudgetAdjustment> adjustments) {}

  /** Whether the brute force leaves the event at second {@code t} out: its minute is covered. */
  private static boolean leftOut(SloSpec spec, List<BudgetAdjustment> adjustments, long t) {
    long minuteStart = Math.floorDiv(t, 60) * 60;
    for (BudgetAdjustment a : adjustments) {
      boolean applies =
          a.scope() == BudgetAdjustment.Scope.SLO
              ? a.target().equals(spec.name())
              : a.target().equals(spec.service());
      Instant start = Instant.ofEpochSecond(minuteStart);
      if (applies
          && !start.isBefore(a.from().truncatedTo(ChronoUnit.MINUTES))
          && start.isBefore(a.until())) {
        return true;
      }
    }
    return false;
  }

  private static Gen<Adjusted> adjusted(Gen<Scenario> scenarios) {
    Gen<Long> starts =
        Gen.frequencyOf(
            Gen.weight(3, Gen.longs(-3_600, 3 * 3_600)),
            Gen.weight(2, Gen.longs(-40 * 86_400L, 4 * 86_400L)));
    Gen<Long> lengths =
        Gen.frequencyOf(
            Gen.weight(3, Gen.longs(1, 3_600)),
            Gen.weight(2, Gen.longs(1, 2 * 86_400L)),
            Gen.weight(1, Gen.longs(1, 20 * 86_400L)));
    Gen<BudgetAdjustment.Scope> scopes =
        Gen.of(BudgetAdjustment.Scope.SLO, BudgetAdjustment.Scope.SERVICE);
    Gen<Boolean> ours =
        Gen.frequencyOf(Gen.weight(4, Gen.just(true)), Gen.weight(1, Gen.just(false)));
    Gen<BudgetAdjustment> adjustment =
        r -> {
          Instant from = START.plusSeconds(starts.next(r)).plusMillis(r.nextInt(1000));
          Instant until = from.plusSeconds(lengths.next(r));
          BudgetAdjustment.Scope scope = scopes.next(r);
          boolean applies = ours.next(r);
          String target =
              scope == BudgetAdjustment.Scope.SLO
                  ? (applies ? "p" : "other")
                  : (applies ? "checkout" : "search");
          return new BudgetAdjustment("ADJ-1", scope, target, from, until, "maintenance", "ann");
        };
    Gen<List<BudgetAdjustment>> adjustments = adjustment.list(0, 4);
    return r -> new Adjusted(scenarios.next(r), adjustments.next(r));
  }

  private static void check(Scenario scenario) {
    check(scenario, List.of());
  }

  private static void check(Scenario scenario, List<BudgetAdjustment> adjustments) {
    SloSpec spec = scenario.spec();
    TestClock clock = TestClock.at(START);
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(spec));
    if (!adjustments.isEmpty()) {
      engine.adjust(adjustments);
    }
    List<Event> kept = new ArrayList<>();
    for (Step step : scenario.steps()) {
      clock.advance(Duration.ofSeconds(step.advanceSeconds()));
      long now = clock.instant().getEpochSecond();
      for (Rec r : step.records()) {
        long t = Math.min(now - r.ageSeconds(), now);
        engine.record(
            spec.name(), Instant.ofEpochSecond(now - r.ageSeconds()), r.good(), r.total());
        if (!leftOut(spec, adjustments, t)) {
          kept.add(new Event(t, r.good(), r.total(), sliceAccepted(spec, t, now)));
        }
      }
      engine.evaluate();
      SloStatus status = engine.status(spec.name()).orElseThrow();
      compare(spec, status, kept, now);
    }
  }

  // A record can still change its slice only while the slice's first minute is in the history.
  private static boolean sliceAccepted(SloSpec spec, long t, long now) {
    if (spec.timeSlices().isEmpty()) {
      return true;
    }
    long k = spec.timeSlices().get().window().toMinutes();
    long sliceStart = Math.floorDiv(Math.floorDiv(t, 60), k) * k;
    return sliceStart > Math.floorDiv(now, 60) - MINUTE_RING;
  }

  private static void compare(SloSpec spec, SloStatus status, List<Event> events, long now) {
    Map<String, double[]> expected = new HashMap<>();
    for (String key : KEYS) {
      expected.put(key, sums(spec, events, now, window(parse(key), now)));
    }
    double[] slo =
        sums(
            spec,
            events,
            now,
            spec.window() instanceof TimeWindow.Rolling r
                ? window(r.length(), now)
                : calendarPeriod((TimeWindow.Calendar) spec.window(), now));
    expected.put(spec.window().label(), slo);

    double good = slo[0];
    double total = slo[1];
    assertClose("sli.good", status.sli().good(), good);
    assertClose("sli.total", status.sli().total(), total);
    if (total == 0) {
      assertThat(status.sli().ratio()).isNaN();
      assertThat(status.errorBudget().remaining()).isEqualTo(1.0);
    } else {
      assertClose("sli.ratio", status.sli().ratio(), good / total);
      double remaining = 1 - (total - good) / ((1 - spec.objective()) * total);
      assertClose("budget.remaining", status.errorBudget().remaining(), remaining);
      assertClose("budget.consumed", status.errorBudget().consumed(), 1 - remaining);
    }
    assertClose(
        "budget.totalEvents", status.errorBudget().totalEvents(), (1 - spec.objective()) * total);
    assertClose("budget.consumedEvents", status.errorBudget().consumedEvents(), total - good);
    assertClose(
        "budget.remainingEvents",
        status.errorBudget().remainingEvents(),
        (1 - spec.objective()) * total - (total - good));
    assertThat(status.burnRates()).containsOnlyKeys(expected.keySet());
    expected.forEach(
        (key, sums) -> {
          double burn = sums[1] == 0 ? 0 : ((sums[1] - sums[0]) / sums[1]) / (1 - spec.objective());
          assertClose("burn " + key, status.burnRates().get(key), burn);
        });
  }

  private static void assertClose(String what, double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs brute force %s", what, actual, expected)
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
  }

  /** A window as {from, to} epoch seconds of bucket starts that it includes. */
  private static long[] window(Duration length, long now) {
    long minutes = Math.ceilDiv(length.toSeconds(), 60);
    if (minutes <= MINUTE_RING) {
      long head = Math.floorDiv(now, 60);
      return new long[] {(head - minutes + 1) * 60, head * 60 + 59};
    }
    long hours = Math.ceilDiv(length.toSeconds(), 3600);
    long head = Math.floorDiv(now, 3600);
    return new long[] {(head - hours + 1) * 3600, head * 3600 + 3599};
  }

  private static long[] calendarPeriod(TimeWindow.Calendar c, long now) {
    ZonedDateTime anchor = c.start().atZone(c.zone());
    ChronoUnit unit =
        switch (c.unit()) {
          case DAY -> ChronoUnit.DAYS;
          case WEEK -> ChronoUnit.WEEKS;
          case MONTH, QUARTER -> ChronoUnit.MONTHS;
          case YEAR -> ChronoUnit.YEARS;
        };
    long step = c.count() * (c.unit() == TimeWindow.CalendarUnit.QUARTER ? 3L : 1L);
    // Walk period by period from the anchor: slow, obviously right.
    long k = 0;
    while (anchor.plus((k + 1) * step, unit).toEpochSecond() <= now) {
      k++;
    }
    long start = anchor.plus(k * step, unit).toEpochSecond();
    // A bucket counts when its minute starts inside the period.
    return new long[] {Math.ceilDiv(start, 60) * 60, now, 1};
  }

  private static double[] sums(SloSpec spec, List<Event> events, long now, long[] range) {
    boolean calendar = range.length == 3;
    if (spec.timeSlices().isEmpty()) {
      double good = 0;
      double total = 0;
      for (Event e : events) {
        long bucket = calendar ? Math.floorDiv(e.second(), 60) * 60 : e.second();
        if (bucket >= range[0] && bucket <= range[1]) {
          good += e.good();
          total += e.total();
        }
      }
      return new double[] {good, total};
    }
    TimeSlices slices = spec.timeSlices().get();
    long k = slices.window().toMinutes();
    Map<Long, double[]> bySlice = new HashMap<>();
    for (Event e : events) {
      if (e.sliceAccepted()) {
        long start = Math.floorDiv(Math.floorDiv(e.second(), 60), k) * k * 60;
        double[] s = bySlice.computeIfAbsent(start, x -> new double[2]);
        s[0] += e.good();
        s[1] += e.total();
      }
    }
    double x = 0;
    double y = 0;
    for (Map.Entry<Long, double[]> slice : bySlice.entrySet()) {
      long start = slice.getKey();
      // Slices are attributed to their first minute (and that minute's hour).
      long at =
          calendar || range[1] - range[0] < 6 * 3600 + 60 || (range[0] % 3600 != 0)
              ? start
              : Math.floorDiv(start, 3600) * 3600;
      if (at < range[0] || at > range[1] || !(slice.getValue()[1] > 0)) {
        continue;
      }
      double ratio = slice.getValue()[0] / slice.getValue()[1];
      x +=
          spec.budgetingMethod() == BudgetingMethod.RATIO_TIMESLICES
              ? ratio
              : (ratio >= slices.target() ? 1 : 0);
      y += 1;
    }
    return new double[] {x, y};
  }

  private static Duration parse(String label) {
    long n = Long.parseLong(label.substring(0, label.length() - 1));
    return switch (label.charAt(label.length() - 1)) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  // Counts are multiples of 1/64, so every sum is exact in binary and the recount order does
  // not matter; the tolerance then only covers the divisions.
  private static Gen<Double> sixtyFourths(int max) {
    return Gen.ints(0, max * 64).map(i -> i / 64.0);
  }

  private static Gen<Long> ages() {
    return Gen.frequencyOf(
        Gen.weight(5, Gen.longs(0, 3_600)),
        Gen.weight(3, Gen.longs(0, 8 * 3_600)),
        Gen.weight(2, Gen.longs(0, 4 * 86_400)),
        Gen.weight(1, Gen.longs(0, 40 * 86_400)),
        Gen.weight(1, Gen.longs(-900, 0)));
  }

  private static Gen<Long> advances() {
    return Gen.frequencyOf(
        Gen.weight(5, Gen.longs(0, 600)),
        Gen.weight(3, Gen.longs(0, 6 * 3_600)),
        Gen.weight(1, Gen.longs(0, 3 * 86_400)));
  }

  private static Gen<List<Step>> steps(Gen<Double> good, Gen<Double> bad) {
    Gen<Long> ages = ages();
    Gen<Rec> rec =
        r -> {
          long age = ages.next(r);
          double g = good.next(r);
          double b = bad.next(r);
          return new Rec(age, g, g + b);
        };
    Gen<Long> advances = advances();
    Gen<List<Rec>> recs = rec.list(0, 12);
    Gen<Step> step = r -> new Step(advances.next(r), recs.next(r));
    return step.list(1, 25);
  }

  private static Gen<TimeWindow> windows() {
    Gen<TimeWindow> rolling =
        Gen.of(1, 3, 7, 28, 30).map(d -> new TimeWindow.Rolling(Duration.ofDays(d)));
    Gen<TimeWindow.CalendarUnit> units =
        Gen.of(
            TimeWindow.CalendarUnit.DAY,
            TimeWindow.CalendarUnit.WEEK,
            TimeWindow.CalendarUnit.MONTH,
            TimeWindow.CalendarUnit.QUARTER,
            TimeWindow.CalendarUnit.YEAR);
    Gen<Integer> counts = Gen.ints(1, 2);
    Gen<String> zones = Gen.of("UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York");
    Gen<TimeWindow> calendar =
        r -> {
          TimeWindow.CalendarUnit unit = units.next(r);
          int count = counts.next(r);
          String zone = zones.next(r);
          return new TimeWindow.Calendar(
              unit,
              count,
              ZoneId.of(zone),
              LocalDate.of(2024, 12, 30).atStartOfDay(ZoneId.of(zone)).toInstant());
        };
    return Gen.oneOf(rolling, calendar);
  }

  private static Gen<Scenario> occurrences() {
    Gen<Double> bad = Gen.oneOf(Gen.just(0.0), sixtyFourths(5), sixtyFourths(500));
    Gen<Double> objectives = Gen.of(0.9, 0.99, 0.995, 0.999);
    Gen<TimeWindow> windows = windows();
    Gen<List<Step>> steps = steps(sixtyFourths(1000), bad);
    return r -> {
      double objective = objectives.next(r);
      TimeWindow window = windows.next(r);
      return new Scenario(Slos.spec("p", objective, window, Optional.empty()), steps.next(r));
    };
  }

  private static Gen<Scenario> slices() {
    Gen<Double> counts = Gen.ints(0, 100).map(Integer::doubleValue);
    Gen<Double> bad = Gen.oneOf(Gen.just(0.0), Gen.ints(0, 20).map(Integer::doubleValue));
    Gen<Double> objectives = Gen.of(0.9, 0.99);
    Gen<TimeWindow> windows = windows();
    Gen<BudgetingMethod> methods =
        Gen.of(BudgetingMethod.TIMESLICES, BudgetingMethod.RATIO_TIMESLICES);
    Gen<Double> targets = Gen.of(0.9, 0.95, 1.0);
    Gen<Integer> minutes = Gen.of(1, 5, 7, 60);
    Gen<List<Step>> steps = steps(counts, bad);
    return r -> {
      double objective = objectives.next(r);
      TimeWindow window = windows.next(r);
      BudgetingMethod method = methods.next(r);
      double target = targets.next(r);
      int m = minutes.next(r);
      return new Scenario(
          Slos.sliced(
              "p", objective, window, method, new TimeSlices(target, Duration.ofMinutes(m))),
          steps.next(r));
    };
  }
}
