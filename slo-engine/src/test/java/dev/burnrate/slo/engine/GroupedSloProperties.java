package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.TestClock;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grouped SLOs against a brute-force recount per group: random records into random groups (more
 * groups than the limit), random clock advances and reloads; after every step each instance's SLI,
 * budget and burn rates are those of its own records, the groups over the limit have no instance
 * and every one of their records is counted.
 */
class GroupedSloProperties {
  private static final Instant START = Instant.parse("2026-03-02T08:41:07Z");
  private static final List<String> GROUPING = List.of("route", "tenant");
  private static final List<List<String>> VALUES =
      List.of(
          List.of("/pay", "a"),
          List.of("/pay", "b"),
          List.of("/cart", "a"),
          List.of("", "a"),
          List.of("/q\"uote\\", "b"),
          List.of("/new\nline", ""),
          List.of("/x", "c"),
          List.of("/y", "d"));
  private static final Map<String, Duration> SHORT =
      Map.of(
          "5m",
          Duration.ofMinutes(5),
          "30m",
          Duration.ofMinutes(30),
          "1h",
          Duration.ofHours(1),
          "2h",
          Duration.ofHours(2),
          "6h",
          Duration.ofHours(6));

  record Rec(int group, long ageSeconds, double good, double total) {}

  record Step(long advanceSeconds, boolean reload, List<Rec> records) {}

  record Scenario(int limit, double objective, List<Step> steps) {}

  record Event(long second, double good, double total) {}

  @Test
  void everyGroup_countsExactlyItsOwnRecords_andGroupsOverTheLimitAreCounted() {
    PropertyRunner.forAll(120, scenarios(), GroupedSloProperties::check);
  }

  private static Gen<Scenario> scenarios() {
    // Counts are multiples of 1/64: every sum is exact in binary, so the check is of the windows.
    Gen<Double> counts = Gen.ints(0, 64 * 50).map(i -> i / 64.0);
    Gen<Rec> rec =
        r -> {
          double total = counts.next(r);
          double good = Math.floor(total * r.nextDouble() * 64) / 64;
          return new Rec(r.nextInt(VALUES.size()), Gen.longs(0, 5 * 3_600).next(r), good, total);
        };
    Gen<Step> step =
        r ->
            new Step(
                Gen.frequencyOf(
                        Gen.weight(3, Gen.longs(0, 120)), Gen.weight(1, Gen.longs(0, 3_600)))
                    .next(r),
                r.nextInt(10) == 0,
                rec.list(0, 6).next(r));
    return r ->
        new Scenario(
            Gen.ints(1, 6).next(r), Gen.of(0.9, 0.99, 0.999).next(r), step.list(1, 12).next(r));
  }

  private static void check(Scenario scenario) {
    TestClock clock = TestClock.at(START);
    SloEngine engine =
        SloEngine.create(clock, EngineSettings.builder().maxGroupsPerSlo(scenario.limit()).build());
    SloSpec parent =
        Slos.rolling("checkout", scenario.objective(), Duration.ofDays(30)).withGrouping(GROUPING);
    engine.load(List.of(parent));
    Set<Integer> admitted = new LinkedHashSet<>();
    Map<Integer, List<Event>> kept = new HashMap<>();
    long overLimit = 0;
    double objective = scenario.objective();
    for (Step step : scenario.steps()) {
      clock.advance(Duration.ofSeconds(step.advanceSeconds()));
      if (step.reload()) {
        // A reload that changes only the objective keeps every instance and its history.
        objective = objective == 0.999 ? 0.99 : 0.999;
        parent = Slos.rolling("checkout", objective, Duration.ofDays(30)).withGrouping(GROUPING);
        engine.load(List.of(parent));
      }
      long now = clock.instant().getEpochSecond();
      for (Rec r : step.records()) {
        String name = SloGroups.instanceName("checkout", GROUPING, VALUES.get(r.group()));
        engine.record(name, Instant.ofEpochSecond(now - r.ageSeconds()), r.good(), r.total());
        if (admitted.contains(r.group()) || admitted.size() < scenario.limit()) {
          admitted.add(r.group());
          kept.computeIfAbsent(r.group(), g -> new ArrayList<>())
              .add(new Event(now - r.ageSeconds(), r.good(), r.total()));
        } else {
          overLimit++;
        }
      }
      engine.evaluate();
      assertThat(engine.groupsOverLimit("checkout")).isEqualTo(overLimit);
      List<String> names = new ArrayList<>();
      for (int g : admitted) {
        names.add(SloGroups.instanceName("checkout", GROUPING, VALUES.get(g)));
      }
      assertThat(engine.groups("checkout"))
          .extracting(SloSpec::name)
          .containsExactlyInAnyOrderElementsOf(names);
      for (int g : admitted) {
        String name = SloGroups.instanceName("checkout", GROUPING, VALUES.get(g));
        SloSpec instance = engine.spec(name).orElseThrow();
        assertThat(instance.labels())
            .containsEntry("route", VALUES.get(g).get(0))
            .containsEntry("tenant", VALUES.get(g).get(1))
            .containsEntry("team", "payments");
        assertThat(instance.objective()).isEqualTo(objective);
        compare(engine.status(name).orElseThrow(), kept.get(g), now, objective);
      }
      // The parent is an SLO of its own: only what is recorded under its name counts in it.
      assertThat(engine.status("checkout").orElseThrow().sli().total()).isZero();
    }
  }

  private static void compare(SloStatus status, List<Event> events, long now, double objective) {
    long nowMinute = Math.floorDiv(now, 60);
    double good = 0;
    double total = 0;
    for (Event e : events) {
      good += e.good();
      total += e.total();
    }
    // Every record is at most 5h old and the scenario spans less than a day: the 30d window, and
    // the 1d and 3d windows (hour-aligned without a store), hold all of them.
    assertClose("sli.good", status.sli().good(), good);
    assertClose("sli.total", status.sli().total(), total);
    double budgetRemaining = total == 0 ? 1 : 1 - (total - good) / ((1 - objective) * total);
    assertClose("budget.remaining", status.errorBudget().remaining(), budgetRemaining);
    for (String key : List.of("1d", "3d", "30d")) {
      assertClose(key, status.burnRates().get(key), burn(good, total, objective));
    }
    SHORT.forEach(
        (key, length) -> {
          long first = nowMinute - length.toMinutes() + 1;
          double g = 0;
          double t = 0;
          for (Event e : events) {
            long m = Math.floorDiv(e.second(), 60);
            if (m >= first && m <= nowMinute) {
              g += e.good();
              t += e.total();
            }
          }
          assertClose(key, status.burnRates().get(key), burn(g, t, objective));
        });
  }

  private static double burn(double good, double total, double objective) {
    return total == 0 ? 0 : ((total - good) / total) / (1 - objective);
  }

  private static void assertClose(String what, double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs brute force %s", what, actual, expected)
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(expected)));
  }
}
