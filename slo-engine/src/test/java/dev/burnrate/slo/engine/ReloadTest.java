package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** load() replaces the set of SLOs and keeps the history of unchanged ones. */
class ReloadTest {
  private final TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
  private final SloEngine engine = SloEngine.create(clock);

  private double total(String slo) {
    engine.evaluate();
    return engine.status(slo).orElseThrow().sli().total();
  }

  private static SloSpec withDescription(SloSpec s, String description) {
    return new SloSpec(
        s.name(),
        s.service(),
        description,
        s.objective(),
        s.window(),
        s.budgetingMethod(),
        s.timeSlices(),
        s.sli(),
        s.alertRules(),
        s.labels(),
        s.source(),
        List.of(),
        List.of());
  }

  @Test
  void reload_keepsHistory_whenSliAndWindowAreUnchanged() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant().minus(Duration.ofDays(3)), 9, 10);
    engine.record("checkout", clock.instant(), 10, 10);

    engine.load(List.of(withDescription(Slos.thirtyDays("checkout"), "edited")));

    assertThat(total("checkout")).isEqualTo(20);
  }

  @Test
  void reload_keepsHistory_whenTheSameFileIsReadAgain_withRegexMatchers() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant(), 9, 10);
    SloSpec s = Slos.thirtyDays("checkout");
    SloSpec reread =
        new SloSpec(
            s.name(),
            s.service(),
            s.description(),
            s.objective(),
            s.window(),
            s.budgetingMethod(),
            s.timeSlices(),
            Slos.sli(),
            s.alertRules(),
            s.labels(),
            s.source(),
            List.of(),
            List.of());

    engine.load(List.of(reread));

    assertThat(total("checkout")).isEqualTo(10);
  }

  @Test
  void reload_keepsHistoryAndFiringState_whenOnlyTheAlertRulesChange() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    for (int m = 0; m < 60; m++) {
      engine.record("checkout", clock.instant().minus(Duration.ofMinutes(m)), 0, 100);
    }
    assertThat(engine.evaluate()).isNotEmpty();
    AlertRule extra =
        new AlertRule(
            "page-2h",
            Severity.PAGE,
            Duration.ofHours(2),
            Duration.ofMinutes(10),
            20,
            Duration.ZERO);
    List<AlertRule> rules =
        new java.util.ArrayList<>(
            dev.burnrate.slo.definition.DefaultAlertRules.forPeriod(Duration.ofDays(30)));
    rules.add(extra);

    engine.load(
        List.of(Slos.spec("checkout", 0.999, Slos.thirtyDays("x").window(), Optional.of(rules))));
    List<AlertTransition> after = engine.evaluate();

    assertThat(after).extracting(AlertTransition::alert).containsExactly("page-2h");
    assertThat(total("checkout")).isEqualTo(6000);
  }

  @Test
  void reload_keepsHistory_whenOnlyTheObjectiveChanges_andRecomputesTheBudget() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant().minus(Duration.ofDays(2)), 990, 1000);

    engine.load(List.of(Slos.rolling("checkout", 0.99, Duration.ofDays(30))));
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    assertThat(status.sli().total()).isEqualTo(1000);
    assertThat(status.objective()).isEqualTo(0.99);
    assertThat(status.errorBudget().remaining()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void reload_dropsHistory_whenTheSliChanges() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant(), 10, 10);
    SloSpec s = Slos.thirtyDays("checkout");
    SloSpec otherSli =
        new SloSpec(
            s.name(),
            s.service(),
            s.description(),
            s.objective(),
            s.window(),
            s.budgetingMethod(),
            s.timeSlices(),
            Slos.notEvaluable("x").sli(),
            s.alertRules(),
            s.labels(),
            s.source(),
            List.of(),
            List.of());

    engine.load(List.of(otherSli));
    engine.load(List.of(s));

    assertThat(total("checkout")).isZero();
  }

  @Test
  void reload_keepsOnlyTheMinuteHistory_whenTheBudgetingMethodChanges() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant().minus(Duration.ofDays(2)), 0, 100);
    engine.record("checkout", clock.instant().minus(Duration.ofMinutes(2)), 100, 100);
    engine.record("checkout", clock.instant(), 50, 100);

    engine.load(
        List.of(
            Slos.sliced(
                "checkout",
                0.999,
                Duration.ofDays(30),
                BudgetingMethod.TIMESLICES,
                new TimeSlices(0.9, Duration.ofMinutes(1)))));
    engine.evaluate();

    SloStatus status = engine.status("checkout").orElseThrow();
    // Two one-minute slices from the last 6 hours: one good, one bad; the old day is gone.
    assertThat(status.sli().total()).isEqualTo(2);
    assertThat(status.sli().good()).isEqualTo(1);
  }

  @Test
  void reload_dropsHistory_whenTheWindowChanges() {
    engine.load(List.of(Slos.thirtyDays("checkout")));
    engine.record("checkout", clock.instant(), 10, 10);

    engine.load(List.of(Slos.rolling("checkout", 0.999, Duration.ofDays(7))));

    assertThat(total("checkout")).isZero();
  }

  @Test
  void reload_removesSlosThatAreGone_andIgnoresTheirRecords() {
    engine.load(List.of(Slos.thirtyDays("checkout"), Slos.thirtyDays("search")));

    engine.load(List.of(Slos.thirtyDays("search")));
    engine.record("checkout", clock.instant(), 10, 10);
    engine.evaluate();

    assertThat(engine.status("checkout")).isEmpty();
    assertThat(engine.statuses()).extracting(SloStatus::name).containsExactly("search");
  }

  @Test
  void statuses_areSortedByName_andAvailableRightAfterLoad() {
    engine.load(List.of(Slos.thirtyDays("b"), Slos.thirtyDays("a"), Slos.notEvaluable("c")));

    assertThat(engine.statuses()).extracting(SloStatus::name).containsExactly("a", "b", "c");
    assertThat(engine.status("a").orElseThrow().evaluatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void load_rejectsDuplicateNames_andChangesNothing() {
    engine.load(List.of(Slos.thirtyDays("a")));

    assertThatThrownBy(() -> engine.load(List.of(Slos.thirtyDays("b"), Slos.thirtyDays("b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate SLO name b");
    assertThat(engine.statuses()).extracting(SloStatus::name).containsExactly("a");
  }

  @Test
  void record_rejectsNonFiniteCounts() {
    engine.load(List.of(Slos.thirtyDays("a")));

    assertThatThrownBy(() -> engine.record("a", clock.instant(), Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("good");
    assertThatThrownBy(() -> engine.record("a", clock.instant(), 1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total");
  }

  @Test
  void record_ignoresUnknownSlos() {
    engine.load(List.of(Slos.thirtyDays("a")));

    engine.record("nope", clock.instant(), 1, 1);

    assertThat(engine.status("nope")).isEmpty();
  }
}
