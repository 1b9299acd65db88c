package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.SloSpec;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Windows longer than the minute history, fed the minutes that leave them as the store would: a
 * brute-force recount over minute buckets must match every window to the minute.
 */
class ExactWindowsProperties {
  private static final Instant START = Instant.parse("2026-01-27T10:17:23Z");
  private static final List<String> KEYS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  private static final long MINUTE_RING = 360;

  record Rec(long ageSeconds, double good, double total) {}

  record Step(long advanceSeconds, List<Rec> records) {}

  record Scenario(SloSpec spec, List<Step> steps) {}

  /** One kept event: the second it counts at in the engine (clamped to now) and in the store. */
  record Event(long clamped, long stored, double good, double total) {}

  @Test
  void longWindows_matchABruteForceRecountOverMinuteBuckets() {
    PropertyRunner.forAll(200, scenarios(), ExactWindowsProperties::check);
  }

  private static void check(Scenario scenario) {
    SloSpec spec = scenario.spec();
    TestClock clock = TestClock.at(START);
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(spec));
    // The store: minute buckets by the minute of the sample's own timestamp.
    TreeMap<Long, double[]> store = new TreeMap<>();
    List<Event> kept = new ArrayList<>();
    long expiredThrough = Math.floorDiv(START.getEpochSecond(), 60);
    List<Long> lengths =
        engine.expiringWindows().stream().map(Duration::toMinutes).sorted().toList();
    for (Step step : scenario.steps()) {
      clock.advance(Duration.ofSeconds(step.advanceSeconds()));
      long now = clock.instant().getEpochSecond();
      for (Rec r : step.records()) {
        long ts = now - r.ageSeconds();
        engine.record(spec.name(), Instant.ofEpochSecond(ts), r.good(), r.total());
        double[] bucket = store.computeIfAbsent(Math.floorDiv(ts, 60), m -> new double[2]);
        bucket[0] += r.good();
        bucket[1] += r.total();
        kept.add(new Event(Math.min(ts, now), ts, r.good(), r.total()));
      }
      long t = Math.floorDiv(now, 60);
      List<MinuteBucket> leaving = new ArrayList<>();
      for (Map.Entry<Long, double[]> e : store.entrySet()) {
        long m = e.getKey();
        for (long length : lengths) {
          if (m > expiredThrough - length && m <= t - length) {
            leaving.add(
                new MinuteBucket(
                    spec.name(), Instant.ofEpochSecond(m * 60), e.getValue()[0], e.getValue()[1]));
            break;
          }
        }
      }
      engine.expire(clock.instant(), leaving);
      expiredThrough = t;
      engine.evaluate();
      compare(spec, engine.status(spec.name()).orElseThrow(), kept, now);
    }
  }

  private static void compare(SloSpec spec, SloStatus status, List<Event> events, long now) {
    for (String key : KEYS) {
      assertBurn("burn " + key, spec, status.burnRates().get(key), sums(events, parse(key), now));
    }
    double[] slo =
        spec.window() instanceof TimeWindow.Rolling r
            ? sums(events, r.length(), now)
            : calendarSums(events, (TimeWindow.Calendar) spec.window(), now);
    assertClose("sli.good", status.sli().good(), slo[0]);
    assertClose("sli.total", status.sli().total(), slo[1]);
    assertBurn(
        "burn " + spec.window().label(), spec, status.burnRates().get(spec.window().label()), slo);
    for (SloStatus.AlertStatus alert : status.alerts()) {
      assertBurn(
          alert.name() + " long " + alert.longWindow(),
          spec,
          alert.longBurnRate(),
          sums(events, alert.longWindow(), now));
      assertBurn(
          alert.name() + " short " + alert.shortWindow(),
          spec,
          alert.shortBurnRate(),
          sums(events, alert.shortWindow(), now));
    }
  }

  /**
   * The brute force: a window of {@code L} whole minutes covers the minutes {@code [t - L + 1, t]}
   * of the current minute {@code t}. A sample counts by its own minute, as the store keeps it, so a
   * sample from a skewed sender's future counts until its own minute leaves.
   */
  private static double[] sums(List<Event> events, Duration length, long now) {
    long minutes = Math.ceilDiv(Math.max(1, length.toSeconds()), 60);
    long t = Math.floorDiv(now, 60);
    double good = 0;
    double total = 0;
    for (Event e : events) {
      long minute =
          minutes <= MINUTE_RING ? Math.floorDiv(e.clamped(), 60) : Math.floorDiv(e.stored(), 60);
      if (minute > t - minutes && (minutes > MINUTE_RING || minute <= t)) {
        good += e.good();
        total += e.total();
      }
    }
    return new double[] {good, total};
  }

  private static double[] calendarSums(List<Event> events, TimeWindow.Calendar c, long now) {
    ZonedDateTime anchor = c.start().atZone(c.zone());
    ChronoUnit unit =
        switch (c.unit()) {
          case DAY -> ChronoUnit.DAYS;
          case WEEK -> ChronoUnit.WEEKS;
          case MONTH, QUARTER -> ChronoUnit.MONTHS;
          case YEAR -> ChronoUnit.YEARS;
        };
    long step = c.count() * (c.unit() == TimeWindow.CalendarUnit.QUARTER ? 3L : 1L);
    long k = 0;
    while (anchor.plus((k + 1) * step, unit).toEpochSecond() <= now) {
      k++;
    }
    long start = Math.ceilDiv(anchor.plus(k * step, unit).toEpochSecond(), 60) * 60;
    double good = 0;
    double total = 0;
    for (Event e : events) {
      if (Math.floorDiv(e.clamped(), 60) * 60 >= start) {
        good += e.good();
        total += e.total();
      }
    }
    return new double[] {good, total};
  }

  private static void assertBurn(String what, SloSpec spec, double actual, double[] sums) {
    double burn = sums[1] == 0 ? 0 : ((sums[1] - sums[0]) / sums[1]) / (1 - spec.objective());
    assertClose(what, actual, burn);
  }

  private static void assertClose(String what, double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs brute force %s", what, actual, expected)
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
  }

  private static Duration parse(String label) {
    long n = Long.parseLong(label.substring(0, label.length() - 1));
    return switch (label.charAt(label.length() - 1)) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  // Multiples of 1/64: every sum is exact in binary, so adding and subtracting in any order
  // leaves no residue and the tolerance only covers the divisions.
  private static Gen<Double> sixtyFourths(int max) {
    return Gen.ints(0, max * 64).map(i -> i / 64.0);
  }

  private static Gen<Long> ages() {
    return Gen.frequencyOf(
        Gen.weight(5, Gen.longs(0, 3_600)),
        Gen.weight(3, Gen.longs(0, 8 * 3_600)),
        Gen.weight(3, Gen.longs(0, 4 * 86_400)),
        Gen.weight(1, Gen.longs(0, 40 * 86_400)),
        Gen.weight(1, Gen.longs(-900, 0)));
  }

  // Advances of seconds, of many minutes within an hour and across hours and days, so that
  // windows are read at every minute of their oldest hour.
  private static Gen<Long> advances() {
    return Gen.frequencyOf(
        Gen.weight(5, Gen.longs(0, 180)),
        Gen.weight(3, Gen.longs(0, 3_600)),
        Gen.weight(2, Gen.longs(0, 12 * 3_600)),
        Gen.weight(1, Gen.longs(0, 4 * 86_400)));
  }

  private static Gen<TimeWindow> windows() {
    Gen<TimeWindow> rolling =
        Gen.oneOf(
            Gen.of(1, 3, 7, 30).map(d -> new TimeWindow.Rolling(Duration.ofDays(d))),
            Gen.longs(6 * 60 + 1, 3 * 24 * 60)
                .map(m -> new TimeWindow.Rolling(Duration.ofMinutes(m))));
    // A calendar week (a calendar day would replace the rolling 1d burn rate under its key).
    Gen<TimeWindow> calendar =
        Gen.of(1, 2)
            .map(
                count ->
                    new TimeWindow.Calendar(
                        TimeWindow.CalendarUnit.WEEK,
                        count,
                        ZoneId.of("Europe/Berlin"),
                        LocalDate.of(2024, 12, 30)
                            .atStartOfDay(ZoneId.of("Europe/Berlin"))
                            .toInstant()));
    return Gen.oneOf(rolling, calendar);
  }

  // Alert rules with long windows of odd minutes (25h13m) beside the defaults.
  private static Gen<Optional<List<AlertRule>>> rules() {
    Gen<Long> longMinutes = Gen.longs(6 * 60 + 1, 4 * 24 * 60);
    Gen<Long> shortMinutes = Gen.longs(1, 6 * 60);
    return Gen.oneOf(
        Gen.just(Optional.empty()),
        r ->
            Optional.of(
                List.of(
                    new AlertRule(
                        "odd",
                        Severity.TICKET,
                        Duration.ofMinutes(longMinutes.next(r)),
                        Duration.ofMinutes(shortMinutes.next(r)),
                        2,
                        Duration.ZERO),
                    new AlertRule(
                        "page",
                        Severity.PAGE,
                        Duration.ofHours(1),
                        Duration.ofMinutes(5),
                        14.4,
                        Duration.ZERO))));
  }

  private static Gen<Scenario> scenarios() {
    Gen<Double> good = sixtyFourths(1000);
    Gen<Double> bad = Gen.oneOf(Gen.just(0.0), sixtyFourths(5), sixtyFourths(500));
    Gen<Long> ages = ages();
    Gen<Rec> rec =
        r -> {
          long age = ages.next(r);
          double g = good.next(r);
          return new Rec(age, g, g + bad.next(r));
        };
    Gen<Long> advances = advances();
    Gen<List<Rec>> recs = rec.list(0, 12);
    Gen<Step> step = r -> new Step(advances.next(r), recs.next(r));
    Gen<List<Step>> scenarioSteps = step.list(1, 40);
    Gen<Double> objectives = Gen.of(0.9, 0.99, 0.999);
    Gen<TimeWindow> windows = windows();
    Gen<Optional<List<AlertRule>>> rules = rules();
    return r ->
        new Scenario(
            Slos.spec("p", objectives.next(r), windows.next(r), rules.next(r)),
            scenarioSteps.next(r));
  }
}
