package dev.burnrate.ingest.store;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SLO definitions for the feeder's tests. */
final class Slos {
  private Slos() {}

  private static SliQuery query(String metric) {
    return new SliQuery(metric, List.of(new SliQuery.Term(1, new Selector(metric, List.of()))));
  }

  static SloSpec goodOverTotal(String name, Duration window) {
    return spec(name, window, Sli.goodOverTotal(query("good_total"), query("all_total")));
  }

  static SloSpec badOverTotal(String name, Duration window) {
    return spec(name, window, Sli.badOverTotal(query("bad_total"), query("all_total")));
  }

  private static SloSpec spec(String name, Duration window, Sli sli) {
    return new SloSpec(
        name,
        "svc",
        "",
        0.99,
        new TimeWindow.Rolling(window),
        BudgetingMethod.OCCURRENCES,
        Optional.empty(),
        sli,
        Optional.empty(),
        Map.of(),
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }
}
