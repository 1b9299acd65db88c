package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupedSloTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:41:07Z");
  private static final SloSpec ROUTES = Slos.thirtyDays("checkout").withGrouping(List.of("route"));

  private static String group(String route) {
    return SloGroups.instanceName("checkout", List.of("route"), List.of(route));
  }

  @Test
  void anInstance_isCreatedByItsFirstRecord_andItsAlertsCarryTheGroup() {
    TestClock clock = TestClock.at(NOW);
    SloEngine engine = SloEngine.create(clock);
    engine.load(List.of(ROUTES));
    assertThat(engine.groups("checkout")).isEmpty();

    // 50 failures in 100 requests: a burn of 500, every page fires.
    engine.record(group("/pay"), NOW, 50, 100);
    List<AlertTransition> transitions = engine.evaluate();

    assertThat(engine.groups("checkout")).extracting(SloSpec::name).containsExactly(group("/pay"));
    assertThat(transitions).isNotEmpty();
    assertThat(transitions)
        .allSatisfy(
            t -> {
              assertThat(t.slo()).isEqualTo("checkout{route=\"/pay\"}");
              assertThat(t.labels())
                  .containsEntry("route", "/pay")
                  .containsEntry("team", "payments");
            });
    assertThat(engine.status("checkout").orElseThrow().sli().total()).isZero();
  }

  @Test
  void recordsForNamesThatAreNoInstance_areIgnored() {
    SloEngine engine = SloEngine.create(TestClock.at(NOW));
    SloSpec plain = Slos.thirtyDays("plain");
    engine.load(List.of(ROUTES, plain));

    engine.record("plain{route=\"/pay\"}", NOW, 1, 1); // not grouped
    engine.record("nowhere{route=\"/pay\"}", NOW, 1, 1); // not loaded
    engine.record("checkout{tenant=\"a\"}", NOW, 1, 1); // another label
    engine.record("checkout{route=\"/pay\",x=\"1\"}", NOW, 1, 1); // more labels
    engine.record("checkout{route=/pay}", NOW, 1, 1); // not quoted

    assertThat(engine.statuses()).extracting(SloStatus::name).containsExactly("checkout", "plain");
    assertThat(engine.groupsOverLimit("checkout")).isZero();
  }

  @Test
  void aReload_keepsTheInstancesOfAnSloStillGroupedByTheSameLabels_andDropsTheOthers() {
    SloEngine engine = SloEngine.create(TestClock.at(NOW));
    engine.load(List.of(ROUTES));
    engine.record(group("/pay"), NOW, 9, 10);
    engine.record(group("/cart"), NOW, 4, 5);

    engine.load(
        List.of(
            Slos.rolling("checkout", 0.99, java.time.Duration.ofDays(30))
                .withGrouping(List.of("route"))));
    engine.evaluate();
    assertThat(engine.groups("checkout")).hasSize(2);
    assertThat(engine.status(group("/pay")).orElseThrow().sli().total()).isEqualTo(10);
    assertThat(engine.spec(group("/pay")).orElseThrow().objective()).isEqualTo(0.99);

    engine.load(List.of(Slos.thirtyDays("checkout").withGrouping(List.of("route", "tenant"))));
    assertThat(engine.groups("checkout")).isEmpty();
    assertThat(engine.status(group("/pay"))).isEmpty();

    engine.load(List.of(ROUTES));
    engine.record(group("/pay"), NOW, 1, 1);
    engine.load(List.of(Slos.thirtyDays("checkout")));
    assertThat(engine.status(group("/pay"))).isEmpty();
    assertThat(engine.statuses()).hasSize(1);
  }

  @Test
  void anAdjustmentOfTheGroupedSlo_leavesItsMinutesOutOfEveryInstance() {
    SloEngine engine = SloEngine.create(TestClock.at(NOW));
    engine.load(List.of(ROUTES, Slos.thirtyDays("checkoutx")));
    engine.adjust(
        List.of(
            new dev.burnrate.slo.definition.BudgetAdjustment(
                "maintenance",
                dev.burnrate.slo.definition.BudgetAdjustment.Scope.SLO,
                "checkout",
                NOW.minusSeconds(600),
                NOW.minusSeconds(300),
                "planned",
                "ann")));
    engine.record(group("/pay"), NOW.minusSeconds(400), 0, 10); // inside the period
    engine.record(group("/pay"), NOW, 9, 10);
    engine.record("checkoutx", NOW.minusSeconds(400), 0, 10); // another SLO: counted
    engine.evaluate();

    assertThat(engine.status(group("/pay")).orElseThrow().sli().total()).isEqualTo(10);
    assertThat(engine.status("checkoutx").orElseThrow().sli().total()).isEqualTo(10);
  }

  @Test
  void beyondTheLimit_recordsAreCountedInNoInstance() {
    SloEngine engine =
        SloEngine.create(TestClock.at(NOW), EngineSettings.builder().maxGroupsPerSlo(2).build());
    engine.load(List.of(ROUTES));
    engine.record(group("/a"), NOW, 1, 1);
    engine.record(group("/b"), NOW, 1, 1);
    engine.record(group("/c"), NOW, 1, 1);
    engine.record(group("/c"), NOW, 1, 1);
    engine.record(group("/a"), NOW, 1, 1);
    engine.evaluate();

    assertThat(engine.groups("checkout"))
        .extracting(SloSpec::name)
        .containsExactly(group("/a"), group("/b"));
    assertThat(engine.groupsOverLimit("checkout")).isEqualTo(2);
    assertThat(engine.status(group("/a")).orElseThrow().sli().total()).isEqualTo(2);
  }
}
