package dev.burnrate.bench.engine;

import dev.burnrate.bench.ingest.BenchSlos;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds SLO specs and fills an engine with 30 days of history for each. */
final class EngineFixture {
  static final Instant NOW = Instant.parse("2026-05-04T12:00:30Z");

  private EngineFixture() {}

  /** {@code count} 99.9% SLOs over 30 rolling days with the default alert rules. */
  static List<SloSpec> specs(int count) {
    List<SloSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String job = "svc-" + i;
      SliQuery total = query("http_requests_total", job);
      SliQuery bad = query("http_requests_errors_total", job);
      specs.add(
          BenchSlos.slo(
              "slo-" + i, job, Sli.badOverTotal(bad, total), Map.of("team", "team-" + (i % 50))));
    }
    return specs;
  }

  private static SliQuery query(String metric, String job) {
    return new SliQuery(
        "sum(rate(" + metric + "{job=\"" + job + "\"}[{{.window}}]))",
        List.of(
            new SliQuery.Term(
                1, new Selector(metric, List.of(LabelMatcher.of("job", MatchOp.EQ, job))))));
  }

  /**
   * Bad events out of 1,000 for SLO number {@code slo} in minute {@code minute}: a little noise,
   * and each SLO burns at 20x for 2 hours in every 100, at staggered times, so that about 2% of the
   * SLOs burn at any time and alerts keep firing and resolving.
   */
  static double badPerThousand(int slo, long minute, SplittableRandom random) {
    boolean burning = Math.floorMod(minute / 120 + slo, 50) == 0;
    return burning ? 20 : random.nextDouble() * 2;
  }

  /**
   * Records every bucket the engine keeps for 30 days before {@code now}: one record per hour older
   * than six hours and one per minute after, with a random error ratio around 0.05%.
   */
  static void fillHistory(SloEngine engine, List<SloSpec> specs, Instant now, long seed) {
    fillHistory(engine, specs, now, seed, false);
  }

  /**
   * As {@link #fillHistory(SloEngine, List, Instant, long)}, with whole numbers of good events when
   * {@code whole} (as counted events are; the buckets then stay {@code int}s) or fractional ones
   * (as summed time-slice ratios are; the buckets become {@code double}s).
   */
  static void fillHistory(
      SloEngine engine, List<SloSpec> specs, Instant now, long seed, boolean whole) {
    SplittableRandom random = new SplittableRandom(seed);
    Instant minuteStart = now.minus(Duration.ofHours(6));
    for (SloSpec spec : specs) {
      for (Instant t = now.minus(Duration.ofDays(30));
          t.isBefore(minuteStart);
          t = t.plus(Duration.ofHours(1))) {
        double total = 60_000;
        double bad = random.nextDouble() * 60;
        engine.record(spec.name(), t, total - (whole ? Math.floor(bad) : bad), total);
      }
      for (Instant t = minuteStart; !t.isAfter(now); t = t.plus(Duration.ofMinutes(1))) {
        double total = 1_000;
        double bad = random.nextDouble() * 2;
        engine.record(spec.name(), t, total - (whole ? Math.floor(bad) : bad), total);
      }
    }
  }
}
