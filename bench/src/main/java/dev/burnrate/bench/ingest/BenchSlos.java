package dev.burnrate.bench.ingest;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's SLO set: half are latency SLOs over request events of services {@code svc-0,
 * svc-2, ...}, half availability SLOs over {@code http_requests_total} of {@code svc-1, svc-3,
 * ...}. The load sends data for twice as many services as there are SLOs, so about a quarter of the
 * event series and of the {@code http_requests_total} series are selected.
 */
public final class BenchSlos {
  private BenchSlos() {}

  static List<SloSpec> of(int count) {
    List<SloSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String job = "svc-" + i;
      Sli sli =
          i % 2 == 0
              ? Sli.goodOverTotal(
                  query(
                      "http_server_request_duration_seconds_bucket",
                      LabelMatcher.of("job", MatchOp.EQ, job),
                      LabelMatcher.of("le", MatchOp.EQ, "0.3")),
                  query(
                      "http_server_request_duration_seconds_count",
                      LabelMatcher.of("job", MatchOp.EQ, job)))
              : Sli.badOverTotal(
                  query(
                      "http_requests_total",
                      LabelMatcher.of("job", MatchOp.EQ, job),
                      LabelMatcher.of("code", MatchOp.RE, "5..")),
                  query("http_requests_total", LabelMatcher.of("job", MatchOp.EQ, job)));
      specs.add(slo("slo-" + i, job, sli, Map.of()));
    }
    return specs;
  }

  /** A 99.9% SLO over a rolling 30 days, counted by occurrences, as every benchmark uses. */
  public static SloSpec slo(String name, String service, Sli sli, Map<String, String> labels) {
    return new SloSpec(
        name,
        service,
        "",
        0.999,
        new TimeWindow.Rolling(Duration.ofDays(30)),
        BudgetingMethod.OCCURRENCES,
        Optional.empty(),
        sli,
        Optional.empty(),
        labels,
        SourceLocation.unknown(),
        List.of(),
        List.of());
  }

  private static SliQuery query(String metric, LabelMatcher... matchers) {
    return new SliQuery(
        metric, List.of(new SliQuery.Term(1, new Selector(metric, List.of(matchers)))));
  }
}
