package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SLO specs for engine tests, built with the records' constructors. */
final class Slos {
  private Slos() {}

  static final Sli SLI = sli();

  /** A new instance of {@link #SLI}, equal to it but sharing no objects (as a reload gives). */
  static Sli sli() {
    return Sli.goodOverTotal(
        query(
            "sum(rate(http_requests_total{job=\"api\",code!~\"5..\"}[{{.window}}]))",
            LabelMatcher.of("code", MatchOp.NRE, "5..")),
        query("sum(rate(http_requests_total{job=\"api\"}[{{.window}}]))"));
  }

  private static SliQuery query(String text, LabelMatcher... extra) {
    List<LabelMatcher> matchers =
        new java.util.ArrayList<>(List.of(LabelMatcher.of("job", MatchOp.EQ, "api")));
    matchers.addAll(List.of(extra));
    return new SliQuery(
        text, List.of(new SliQuery.Term(1, new Selector("http_requests_total", matchers))));
  }

  static SloSpec rolling(String name, double objective, Duration window) {
    return spec(name, objective, new TimeWindow.Rolling(window), Optional.empty());
  }

  static SloSpec thirtyDays(String name) {
    return rolling(name, 0.999, Duration.ofDays(30));
  }

  static SloSpec spec(
      String name, double objective, TimeWindow window, Optional<List<AlertRule>> rules) {
    return new SloSpec(
        name,
        "checkout",
        "",
        objective,
        window,
        BudgetingMethod.OCCURRENCES,
        Optional.empty(),
        SLI,
        rules,
        Map.of("team", "payments"),
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }

  static SloSpec sliced(
      String name, double objective, Duration window, BudgetingMethod method, TimeSlices slices) {
    return sliced(name, objective, new TimeWindow.Rolling(window), method, slices);
  }

  static SloSpec sliced(
      String name, double objective, TimeWindow window, BudgetingMethod method, TimeSlices slices) {
    return new SloSpec(
        name,
        "checkout",
        "",
        objective,
        window,
        method,
        Optional.of(slices),
        SLI,
        Optional.empty(),
        Map.of(),
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }

  static SloSpec notEvaluable(String name) {
    return new SloSpec(
        name,
        "checkout",
        "",
        0.99,
        new TimeWindow.Rolling(Duration.ofDays(30)),
        BudgetingMethod.OCCURRENCES,
        Optional.empty(),
        Sli.notEvaluable(Sli.Kind.RAW, "a raw ratio query is not a ratio of counters"),
        Optional.empty(),
        Map.of(),
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }
}
