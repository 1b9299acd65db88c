package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Calendar windows, late data, time slices and window resolution. */
class WindowsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static SloSpec berlinMonth() {
    TimeWindow.Calendar month =
        new TimeWindow.Calendar(
            TimeWindow.CalendarUnit.MONTH, 1, BERLIN, Instant.parse("2025-12-31T23:00:00Z"));
    return Slos.spec("checkout", 0.99, month, Optional.empty());
  }

  @Test
  void calendarMonth_resetsAtMidnightInItsTimeZone_notInUtc() {
    // 2026-02-01T00:00 in Berlin is 2026-01-31T23:00Z.
    TestClock clock = TestClock.at("2026-01-31T22:58:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(berlinMonth()));
    engine.record("checkout", Instant.parse("2026-01-10T12:00:00Z"), 90, 100);
    engine.record("checkout", Instant.parse("2026-01-31T22:58:00Z"), 100, 100);
    engine.evaluate();

    SloStatus january = engine.status("checkout").orElseThrow();
    assertThat(january.window()).isEqualTo("1M");
    assertThat(january.sli().total()).isEqualTo(200);
    assertThat(january.sli().ratio()).isCloseTo(0.95, within(1e-12));
    assertThat(january.burnRates()).containsKey("1M");
    assertThat(january.burnRates().get("1M")).isCloseTo(5.0, within(1e-9));

    clock.set(Instant.parse("2026-01-31T23:00:30Z"));
    engine.record("checkout", clock.instant(), 10, 10);
    // Late data from January, arriving in February, belongs to January's budget.
    engine.record("checkout", Instant.parse("2026-01-31T22:59:00Z"), 0, 50);
    engine.evaluate();

    SloStatus february = engine.status("checkout").orElseThrow();
    assertThat(february.sli().total()).isEqualTo(10);
    assertThat(february.errorBudget().remaining()).isEqualTo(1.0);
    // The rolling windows still see the January minute.
    assertThat(february.burnRates().get("5m")).isGreaterThan(0);
  }

  @Test
  void calendarMonth_timeToExhaustion_usesTheCurrentMonthsLength() {
    TestClock clock = TestClock.at("2026-02-10T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(berlinMonth()));
    // 0.5% bad of a 1% budget for the last hour: burn 0.5, half the month's budget gone.
    for (int m = 0; m < 60; m++) {
      engine.record("checkout", clock.instant().minus(Duration.ofMinutes(m)), 995, 1000);
    }
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.errorBudget().remaining()).isCloseTo(0.5, within(1e-9));
    // February 2026 has 28 days: 0.5 * 28d / 0.5.
    assertThat(status.timeToExhaustion()).contains(Duration.ofDays(28));
  }

  @Test
  void lateData_landsInTheBucketOfItsTimestamp() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(Slos.thirtyDays("checkout")));
    Instant now = clock.instant();

    engine.record("checkout", now.minus(Duration.ofHours(3)), 0, 10);
    engine.record("checkout", now.minus(Duration.ofDays(2)), 0, 20);
    engine.record("checkout", now.minus(Duration.ofDays(20)), 0, 30);
    engine.record("checkout", now.minus(Duration.ofDays(40)), 0, 40);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    double burnPerBad = 1 / 0.001;
    assertThat(status.burnRates().get("1h")).isZero();
    assertThat(status.burnRates().get("2h")).isZero();
    assertThat(status.burnRates().get("6h")).isEqualTo(burnPerBad, within(1e-6));
    assertThat(status.burnRates().get("1d")).isEqualTo(burnPerBad, within(1e-6));
    assertThat(status.burnRates().get("3d")).isEqualTo(burnPerBad, within(1e-6));
    // The event from 40 days ago is older than every window and was dropped.
    assertThat(status.sli().total()).isEqualTo(60);
  }

  @Test
  void futureTimestamps_countInTheCurrentMinute() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(Slos.thirtyDays("checkout")));

    engine.record("checkout", clock.instant().plus(Duration.ofMinutes(10)), 5, 10);
    engine.evaluate();

    assertThat(engine.status("checkout").orElseThrow().burnRates().get("5m"))
        .isEqualTo(500, within(1e-6));
  }

  @Test
  void shortWindows_areExactToTheMinute() {
    TestClock clock = TestClock.at("2026-05-04T12:00:59Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(Slos.thirtyDays("checkout")));
    // The 5m window is the current minute and the four before it: 11:56 to 12:00.
    engine.record("checkout", Instant.parse("2026-05-04T11:55:59Z"), 0, 1);
    engine.record("checkout", Instant.parse("2026-05-04T11:56:00Z"), 1, 1);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.burnRates().get("5m")).isZero();
    assertThat(status.burnRates().get("30m")).isEqualTo(500, within(1e-6));
  }

  @Test
  void timeslices_countGoodSlicesOverSlicesWithData() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(
        List.of(
            Slos.sliced(
                "checkout",
                0.9,
                Duration.ofDays(7),
                BudgetingMethod.TIMESLICES,
                new TimeSlices(0.95, Duration.ofMinutes(1)))));
    Instant now = clock.instant();
    // Ten minutes with data: eight meet the 95% slice target, two do not; one minute is empty.
    for (int m = 0; m < 10; m++) {
      double good = m < 8 ? 96 : 90;
      engine.record("checkout", now.minus(Duration.ofMinutes(m)), good, 100);
    }
    engine.record("checkout", now.minus(Duration.ofMinutes(20)), 0, 0);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.sli().good()).isEqualTo(8);
    assertThat(status.sli().total()).isEqualTo(10);
    assertThat(status.sli().ratio()).isCloseTo(0.8, within(1e-12));
    // Budget: 10% of 10 slices = 1 slice; 2 bad slices spend it twice.
    assertThat(status.errorBudget().totalEvents()).isCloseTo(1, within(1e-12));
    assertThat(status.errorBudget().consumedEvents()).isCloseTo(2, within(1e-12));
    assertThat(status.errorBudget().remaining()).isCloseTo(-1, within(1e-12));
    // The 5m window holds slices 0..4, all good; 30m holds all ten.
    assertThat(status.burnRates().get("5m")).isZero();
    assertThat(status.burnRates().get("30m")).isCloseTo(2, within(1e-12));
  }

  @Test
  void timeslices_lateDataChangesTheVerdictOfItsSlice() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(
        List.of(
            Slos.sliced(
                "checkout",
                0.9,
                Duration.ofDays(7),
                BudgetingMethod.TIMESLICES,
                new TimeSlices(0.95, Duration.ofMinutes(5)))));
    Instant sliceStart = Instant.parse("2026-05-04T11:00:00Z");
    engine.record("checkout", sliceStart, 100, 100);
    engine.evaluate();
    assertThat(engine.status("checkout").orElseThrow().sli().good()).isEqualTo(1);

    engine.record("checkout", sliceStart.plus(Duration.ofMinutes(4)), 0, 100);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.sli().good()).isZero();
    assertThat(status.sli().total()).isEqualTo(1);
  }

  @Test
  void ratioTimeslices_averageThePerSliceRatios() {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    engine.load(
        List.of(
            Slos.sliced(
                "checkout",
                0.9,
                Duration.ofDays(7),
                BudgetingMethod.RATIO_TIMESLICES,
                new TimeSlices(0.95, Duration.ofMinutes(1)))));
    Instant now = clock.instant();
    // A busy bad minute and a quiet good one weigh the same.
    engine.record("checkout", now, 500, 1000);
    engine.record("checkout", now.minus(Duration.ofMinutes(1)), 1, 1);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.sli().ratio()).isCloseTo(0.75, within(1e-12));
    assertThat(status.sli().total()).isEqualTo(2);
    assertThat(status.errorBudget().consumedEvents()).isCloseTo(0.5, within(1e-12));
    assertThat(status.burnRates().get("5m")).isCloseTo(2.5, within(1e-12));
  }

  @Test
  void timeslicesLongerThanTheMinuteHistory_areNotEvaluable() {
    SloEngine engine = SloEngine.create(TestClock.at("2026-05-04T12:00:30Z"));
    engine.load(
        List.of(
            Slos.sliced(
                "checkout",
                0.9,
                Duration.ofDays(7),
                BudgetingMethod.TIMESLICES,
                new TimeSlices(0.95, Duration.ofDays(1)))));

    assertThat(engine.status("checkout").orElseThrow().evaluable()).isFalse();
  }
}
