package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.engine.AlertTransition.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default multiwindow, multi-burn-rate table and the guards around it. */
class BurnRateAlertsTest {

  private static AlertScenario thirtyDaySlo() {
    return new AlertScenario(Slos.thirtyDays("checkout")).history(Duration.ofDays(3), 0);
  }

  @Test
  void pageOneHour_firesWhenFifteenTimesBurnFillsTheHour_andResolvesFiveMinutesAfterItStops() {
    AlertScenario s = thirtyDaySlo();
    Instant start = s.clock.instant();

    List<AlertTransition> burning = s.run(60, 15);

    // 15x over the last k minutes of a 1h window burns 15k/60: 14.4 is reached at k = 58.
    assertThat(burning).hasSize(1);
    AlertTransition firing = burning.get(0);
    assertThat(firing.kind()).isEqualTo(Kind.FIRING);
    assertThat(firing.alert()).isEqualTo("page-1h");
    assertThat(firing.severity()).isEqualTo(Severity.PAGE);
    assertThat(firing.at()).isEqualTo(start.plus(Duration.ofMinutes(58)));
    assertThat(firing.factor()).isEqualTo(14.4, within(1e-9));
    assertThat(firing.longBurnRate()).isEqualTo(15 * 58 / 60.0, within(1e-9));
    assertThat(firing.shortBurnRate()).isEqualTo(15.0, within(1e-9));
    assertThat(firing.labels()).containsEntry("team", "payments");
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.FIRING);
    assertThat(s.alert("page-6h").state()).isEqualTo(AlertState.OK);
    Instant stopped = s.clock.instant();

    List<AlertTransition> clean = s.run(10, 0);

    // The 5m burn drops under 14.4 on the first clean tick; the default hysteresis waits 5m.
    assertThat(clean)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Kind.RESOLVED);
              assertThat(t.alert()).isEqualTo("page-1h");
              assertThat(t.at()).isEqualTo(stopped.plus(Duration.ofMinutes(6)));
            });
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.OK);
  }

  @Test
  void pageSixHours_firesAtSixTimes_withoutThePageOneHour() {
    AlertScenario s = thirtyDaySlo();
    Instant start = s.clock.instant();

    List<AlertTransition> burning = s.run(360, 7);

    // 7k/360 >= 6 first holds at k = 309.
    assertThat(burning)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Kind.FIRING);
              assertThat(t.alert()).isEqualTo("page-6h");
              assertThat(t.at()).isEqualTo(start.plus(Duration.ofMinutes(309)));
            });

    List<AlertTransition> clean = s.run(60, 0);

    assertThat(clean)
        .extracting(AlertTransition::kind, AlertTransition::alert)
        .containsExactly(tuple(Kind.RESOLVED, "page-6h"));
  }

  @Test
  void ticketOneDay_firesAtThreeTimes_andResolvesWhenTheTwoHourBurnFalls() {
    AlertScenario s = thirtyDaySlo();

    List<AlertTransition> burning = s.run(24 * 60, 3.5);

    // A day at 3.5x is also more than 1x over three days, so the 3d ticket follows it.
    assertThat(burning)
        .extracting(AlertTransition::kind, AlertTransition::alert)
        .containsExactly(tuple(Kind.FIRING, "ticket-1d"), tuple(Kind.FIRING, "ticket-3d"));
    assertThat(burning.get(0).severity()).isEqualTo(Severity.TICKET);
    assertThat(burning.get(0).longBurnRate()).isGreaterThanOrEqualTo(3);
    assertThat(burning.get(0).shortBurnRate()).isGreaterThanOrEqualTo(3);

    List<AlertTransition> clean = s.run(60, 0);

    // The 2h burn falls under 3 after about 20 clean minutes; the 6h one stays above 1.
    assertThat(clean)
        .extracting(AlertTransition::kind, AlertTransition::alert)
        .containsExactly(tuple(Kind.RESOLVED, "ticket-1d"));
    assertThat(s.alert("ticket-3d").state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void ticketThreeDays_firesAtOneTimes_overThreeDays() {
    AlertScenario s = thirtyDaySlo();

    List<AlertTransition> burning = s.run(3 * 24 * 60, 1.2);

    assertThat(burning)
        .extracting(AlertTransition::kind, AlertTransition::alert)
        .containsExactly(tuple(Kind.FIRING, "ticket-3d"));

    List<AlertTransition> clean = s.run(7 * 60, 0);

    assertThat(clean)
        .extracting(AlertTransition::kind, AlertTransition::alert)
        .containsExactly(tuple(Kind.RESOLVED, "ticket-3d"));
  }

  @Test
  void alertAfter_keepsTheAlertPending_untilTheConditionHeldThatLong() {
    AlertRule rule =
        new AlertRule(
            "page-1h",
            Severity.PAGE,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            14.4,
            Duration.ofMinutes(10));
    AlertScenario s =
        new AlertScenario(
                Slos.spec(
                    "checkout", 0.999, Slos.thirtyDays("x").window(), Optional.of(List.of(rule))))
            .history(Duration.ofDays(3), 0);
    Instant start = s.clock.instant();

    assertThat(s.run(58, 15)).isEmpty();
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.PENDING);
    assertThat(s.alert("page-1h").since()).contains(start.plus(Duration.ofMinutes(58)));

    assertThat(s.run(9, 15)).isEmpty();
    List<AlertTransition> firing = s.run(1, 15);

    assertThat(firing)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Kind.FIRING);
              assertThat(t.at()).isEqualTo(start.plus(Duration.ofMinutes(68)));
            });
  }

  @Test
  void pendingAlert_returnsToOk_whenTheConditionStopsBeforeAlertAfter() {
    AlertRule rule =
        new AlertRule(
            "page-1h",
            Severity.PAGE,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            14.4,
            Duration.ofMinutes(10));
    AlertScenario s =
        new AlertScenario(
                Slos.spec(
                    "checkout", 0.999, Slos.thirtyDays("x").window(), Optional.of(List.of(rule))))
            .history(Duration.ofDays(3), 0);

    s.run(60, 15);
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.PENDING);
    s.run(5, 0);

    assertThat(s.transitions).isEmpty();
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.OK);
    assertThat(s.alert("page-1h").since()).isEmpty();
  }

  @Test
  void firingAlert_doesNotFlap_whenOneCleanMinuteDipsTheShortWindow() {
    AlertScenario s = thirtyDaySlo();
    s.run(60, 15);

    // One clean minute keeps the 5m burn at 12 (< 14.4) for five ticks spanning four minutes.
    List<AlertTransition> noisy = s.run(1, 0);
    noisy.addAll(s.run(30, 15));

    assertThat(noisy).isEmpty();
    assertThat(s.alert("page-1h").state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void withoutHysteresis_theSameNoisyMinute_resolvesAndRefires() {
    AlertScenario s =
        new AlertScenario(
                Slos.thirtyDays("checkout"),
                EngineSettings.builder().resolveAfter(Duration.ZERO).resolveAfterTicks(1).build())
            .history(Duration.ofDays(3), 0);
    s.run(60, 15);

    List<AlertTransition> noisy = s.run(1, 0);
    noisy.addAll(s.run(30, 15));

    assertThat(noisy).extracting(AlertTransition::kind).containsExactly(Kind.RESOLVED, Kind.FIRING);
  }

  @Test
  void lowTrafficGuard_keepsAnAlertSilent_untilTheLongWindowHasEnoughEvents() {
    AlertScenario quiet = new AlertScenario(Slos.thirtyDays("checkout"));
    AlertScenario loud =
        new AlertScenario(
            Slos.thirtyDays("checkout"), EngineSettings.builder().minEventsToAlert(1).build());

    for (AlertScenario s : List.of(quiet, loud)) {
      // One failing request every ten minutes for an hour: an enormous burn over six events.
      for (int i = 0; i < 6; i++) {
        s.clock.advance(Duration.ofMinutes(10));
        s.engine.record("checkout", s.clock.instant(), 0, 1);
        s.transitions.addAll(s.engine.evaluate());
      }
    }

    assertThat(quiet.transitions).isEmpty();
    assertThat(loud.transitions)
        .filteredOn(t -> t.kind() == Kind.FIRING)
        .extracting(AlertTransition::alert)
        .contains("page-1h");
  }

  @Test
  void noData_isSignalledAfterFifteenQuietMinutes_andDataResumedWhenEventsReturn() {
    AlertScenario s = thirtyDaySlo();
    s.run(5, 0);
    Instant lastEvent = s.clock.instant();

    List<AlertTransition> quiet = s.idle(20);

    assertThat(quiet)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Kind.NO_DATA);
              assertThat(t.alert()).isEqualTo("no-data");
              assertThat(t.severity()).isEqualTo(Severity.TICKET);
              assertThat(t.at()).isEqualTo(lastEvent.plus(Duration.ofMinutes(15)));
            });
    assertThat(s.engine.status("checkout").orElseThrow().noData()).isTrue();

    List<AlertTransition> back = s.run(1, 0);

    assertThat(back).extracting(AlertTransition::kind).containsExactly(Kind.DATA_RESUMED);
    assertThat(s.engine.status("checkout").orElseThrow().noData()).isFalse();
  }

  @Test
  void noData_countsFromLoad_forAnSloThatNeverSawEvents() {
    AlertScenario s = new AlertScenario(Slos.thirtyDays("checkout"));

    assertThat(s.idle(14)).isEmpty();
    assertThat(s.idle(1)).extracting(AlertTransition::kind).containsExactly(Kind.NO_DATA);
  }

  @Test
  void noDataAfter_isConfigurable() {
    AlertScenario s =
        new AlertScenario(
            Slos.thirtyDays("checkout"),
            EngineSettings.builder().noDataAfter(Duration.ofMinutes(3)).build());
    s.run(2, 0);

    assertThat(s.idle(3)).extracting(AlertTransition::kind).containsExactly(Kind.NO_DATA);
  }

  @Test
  void nonEvaluableSlo_hasAStatusWithoutAlerts_andNeverEmits() {
    AlertScenario s = new AlertScenario(Slos.notEvaluable("raw"));

    assertThat(s.idle(60)).isEmpty();
    SloStatus status = s.engine.status("raw").orElseThrow();
    assertThat(status.evaluable()).isFalse();
    assertThat(status.alerts()).isEmpty();
    assertThat(status.noData()).isFalse();
    assertThat(status.errorBudget().remaining()).isEqualTo(1.0);
  }

  @Test
  void aTransition_carriesTheSlosLabelsThenItsRulesOwn_andTheRulesAnnotations() {
    AlertRule page =
        new AlertRule(
            "page-1h",
            Severity.PAGE,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            14.4,
            Duration.ZERO,
            Map.of("team", "db", "route", "/pay"),
            Map.of("runbook", "https://runbooks.example/pay"));
    AlertScenario s =
        new AlertScenario(
            Slos.spec(
                "labelled",
                0.999,
                new TimeWindow.Rolling(Duration.ofDays(30)),
                Optional.of(List.of(page))));

    List<AlertTransition> burning = s.run(60, 15);

    assertThat(burning)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.labels()).isEqualTo(Map.of("team", "db", "route", "/pay"));
              assertThat(t.annotations())
                  .isEqualTo(Map.of("runbook", "https://runbooks.example/pay"));
            });
    assertThat(s.spec.alertLabels("page-1h")).isEqualTo(burning.get(0).labels());
    assertThat(s.spec.alertLabels("no-data")).isEqualTo(Map.of("team", "payments"));
  }
}
