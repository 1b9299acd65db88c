package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers from the Google SRE workbook for a 99.9% SLO over 30 days. */
class SloEngineKnownAnswersTest {
  private static final Instant END = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant START = END.minus(Duration.ofDays(30));
  private static final double OBJECTIVE = 0.999;

  // One second before END: the current hour bucket is the last one of the 30 days.
  private final TestClock clock = TestClock.at(END.minusSeconds(1));
  private final SloEngine engine = SloEngine.create(clock);

  private SloStatus evaluateAfter(double[] burnsPerDay) {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    for (int day = 0; day < 30; day++) {
      Instant from = START.plus(Duration.ofDays(day));
      Traffic.fill(
          engine, "checkout", OBJECTIVE, from, from.plus(Duration.ofDays(1)), burnsPerDay[day]);
    }
    engine.evaluate();
    return engine.status("checkout").orElseThrow();
  }

  private static double[] days(double burn, int burningDays) {
    double[] burns = new double[30];
    for (int d = 0; d < burningDays; d++) {
      burns[d] = burn;
    }
    return burns;
  }

  @Test
  void oneTimesBurn_exhaustsTheBudget_inThirtyDays() {
    SloStatus status = evaluateAfter(days(1, 30));

    assertThat(status.errorBudget().consumed()).isCloseTo(1.0, within(1e-9));
    assertThat(status.errorBudget().remaining()).isCloseTo(0.0, within(1e-9));
    assertThat(status.burnRates().get("30d")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void twoTimesBurn_exhaustsTheBudget_inFifteenDays() {
    SloStatus status = evaluateAfter(days(2, 15));

    assertThat(status.errorBudget().consumed()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void tenTimesBurn_exhaustsTheBudget_inThreeDays() {
    SloStatus status = evaluateAfter(days(10, 3));

    assertThat(status.errorBudget().consumed()).isCloseTo(1.0, within(1e-9));
    assertThat(status.burnRates().get("3d")).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void thousandTimesBurn_exhaustsTheBudget_inFortyThreePointTwoMinutes() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    Traffic.fill(engine, "checkout", OBJECTIVE, START, END, 0);
    // 1000x of a 0.1% budget is every event bad: 43 whole minutes and a fifth of the next.
    Instant t = START.plus(Duration.ofDays(10));
    for (int m = 0; m < 43; m++) {
      engine.record("checkout", t.plus(Duration.ofMinutes(m)), -Traffic.PER_MINUTE, 0);
    }
    engine.record("checkout", t.plus(Duration.ofMinutes(43)), -0.2 * Traffic.PER_MINUTE, 0);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.errorBudget().consumed()).isCloseTo(1.0, within(1e-9));
    assertThat(status.errorBudget().consumedEvents()).isCloseTo(43_200, within(1e-6));
  }

  @Test
  void fourteenPointFourTimesBurn_forOneHour_consumesTwoPercentOfTheBudget() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    Instant lastHour = END.minus(Duration.ofHours(1));
    Traffic.fill(engine, "checkout", OBJECTIVE, START, lastHour, 0);
    Traffic.fill(engine, "checkout", OBJECTIVE, lastHour, END, 14.4);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.errorBudget().consumed()).isCloseTo(0.02, within(1e-9));
    assertThat(status.errorBudget().totalEvents()).isCloseTo(43_200, within(1e-6));
    assertThat(status.errorBudget().consumedEvents()).isCloseTo(864, within(1e-6));
    assertThat(status.errorBudget().remainingEvents()).isCloseTo(42_336, within(1e-6));
    assertThat(status.burnRates().get("5m")).isCloseTo(14.4, within(1e-9));
    assertThat(status.burnRates().get("1h")).isCloseTo(14.4, within(1e-9));
    assertThat(status.burnRates().get("2h")).isCloseTo(7.2, within(1e-9));
    assertThat(status.burnRates().get("30d")).isCloseTo(0.02, within(1e-9));
    assertThat(status.sli().total()).isCloseTo(43_200_000, within(1e-3));
    assertThat(status.sli().ratio()).isCloseTo(1 - 864 / 43_200_000.0, within(1e-12));
    // At 14.4x, the remaining 98% lasts 0.98 * 30d / 14.4.
    assertThat(status.timeToExhaustion())
        .hasValueSatisfying(
            d ->
                assertThat(d.toMillis())
                    .isCloseTo(
                        Math.round(0.98 * Duration.ofDays(30).toMillis() / 14.4), within(1L)));
  }

  @Test
  void status_reportsEveryBurnRateKey_andTheWorkbookAlertTable() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.burnRates())
        .containsOnlyKeys("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d");
    assertThat(status.window()).isEqualTo("30d");
    assertThat(status.alerts())
        .extracting(SloStatus.AlertStatus::name)
        .containsExactly("page-1h", "page-6h", "ticket-1d", "ticket-3d");
    assertThat(status.alerts())
        .extracting(SloStatus.AlertStatus::state)
        .containsOnly(AlertState.OK);
  }

  @Test
  void noEvents_meanBurnRateZero_andTheWholeBudgetLeft() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.sli().ratio()).isNaN();
    assertThat(status.sli().total()).isZero();
    assertThat(status.errorBudget().remaining()).isEqualTo(1.0);
    assertThat(status.errorBudget().consumed()).isEqualTo(0.0);
    assertThat(status.burnRates().values()).containsOnly(0.0);
    assertThat(status.timeToExhaustion()).isEmpty();
  }

  @Test
  void overspentBudget_hasNegativeRemaining_andZeroTimeToExhaustion() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    Traffic.fill(engine, "checkout", OBJECTIVE, END.minus(Duration.ofHours(2)), END, 3);
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.errorBudget().remaining()).isCloseTo(-2.0, within(1e-9));
    assertThat(status.errorBudget().consumed()).isCloseTo(3.0, within(1e-9));
    assertThat(status.timeToExhaustion()).contains(Duration.ZERO);
  }
}
