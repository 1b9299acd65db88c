package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.promql.SliQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSloFilesTest {
  private static final Path DIR = Path.of("src/test/resources/slos/openslo");

  private static final SloLoadResult RESULT = SloFiles.load(List.of(DIR));

  private static SloSpec slo(String name) {
    return RESULT.slo(name).orElseThrow(() -> new AssertionError("no SLO " + name));
  }

  private static List<String> selectors(SliQuery q) {
    return q.terms().stream().map(t -> (t.sign() > 0 ? "+" : "-") + t.selector()).toList();
  }

  @Test
  void directory_loadsEveryFileInNameOrder_withoutErrors() {
    assertThat(RESULT.errors()).isEmpty();
    assertThat(RESULT.slos())
        .extracting(SloSpec::name)
        .containsExactly(
            "search-latency",
            "search-errors",
            "api-latency-most-requests",
            "api-latency-nearly-all-requests",
            "datadog-errors",
            "cpu-threshold",
            "raw-failure-ratio",
            "latency-quantile",
            "web-availability");
  }

  @Test
  void referencedSli_withDataSourceRefAndCounters_becomesGoodOverTotal() {
    SloSpec s = slo("web-availability");

    assertThat(s.service()).isEqualTo("web-shop");
    assertThat(s.description()).isEqualTo("99.5% of requests succeed over four weeks");
    assertThat(s.objective()).isEqualTo(0.995);
    assertThat(s.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(28)));
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(s.timeSlices()).isEmpty();
    assertThat(s.labels()).containsExactlyEntriesOf(Map.of("team", "storefront"));
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.GOOD_OVER_TOTAL);
    assertThat(selectors(s.sli().good().orElseThrow()))
        .containsExactly("+http_requests_total{job=\"web\",code!~\"5..\"}");
    assertThat(selectors(s.sli().total().orElseThrow()))
        .containsExactly("+http_requests_total{job=\"web\"}");
    assertThat(s.source()).hasToString(DIR.resolve("web-shop.yaml") + ":88:1");
  }

  @Test
  void alertPolicies_byRefAndInline_withConditionsByRefAndInline_becomeAlertRules() {
    List<AlertRule> rules = slo("web-availability").alertRules().orElseThrow();

    assertThat(rules)
        .containsExactly(
            new AlertRule(
                "fast-burn",
                Severity.PAGE,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                14.4,
                Duration.ofMinutes(2)),
            new AlertRule(
                "slow-burn",
                Severity.TICKET,
                Duration.ofDays(3),
                Duration.ofHours(6),
                1.0,
                Duration.ZERO),
            new AlertRule(
                "medium-burn",
                Severity.PAGE,
                Duration.ofHours(6),
                Duration.ofMinutes(30),
                6.0,
                Duration.ofMinutes(5)));
  }

  @Test
  void fileThatIsAList_withInlineIndicator_calendarMonth_andTimeslices() {
    SloSpec s = slo("search-latency");

    assertThat(s.window())
        .isEqualTo(
            new TimeWindow.Calendar(
                TimeWindow.CalendarUnit.MONTH,
                1,
                ZoneId.of("Europe/Berlin"),
                Instant.parse("2023-12-31T23:00:00Z")));
    assertThat(s.window().label()).isEqualTo("1M");
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.TIMESLICES);
    assertThat(s.timeSlices()).contains(new TimeSlices(0.95, Duration.ofMinutes(1)));
    assertThat(s.objective()).isEqualTo(0.995);
    assertThat(selectors(s.sli().good().orElseThrow()))
        .containsExactly("+http_request_duration_seconds_bucket{job=\"search\",le=\"0.3\"}");
    assertThat(s.sli().total().orElseThrow().text())
        .isEqualTo("sum(rate(http_request_duration_seconds_count{job=\"search\"}[{{.window}}]))");
    assertThat(s.alertRules()).isEmpty();
  }

  @Test
  void badOverTotal_inBlockScalars_calendarQuarter_ratioTimeslices_andNullAlertPolicies() {
    SloSpec s = slo("search-errors");

    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly("+http_requests_total{job=\"search\",code=~\"5..\"}");
    assertThat(s.window())
        .isEqualTo(
            new TimeWindow.Calendar(
                TimeWindow.CalendarUnit.QUARTER,
                1,
                ZoneId.of("UTC"),
                Instant.parse("2024-01-01T00:00:00Z")));
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.RATIO_TIMESLICES);
    // RatioTimeslices needs no slice target: the objective stands in for it.
    assertThat(s.timeSlices()).contains(new TimeSlices(0.999, Duration.ofMinutes(5)));
    assertThat(s.alertRules()).isEmpty();
  }

  @Test
  void severalObjectives_becomeOneSloEach_namedByDisplayName() {
    SloSpec most = slo("api-latency-most-requests");
    SloSpec nearlyAll = slo("api-latency-nearly-all-requests");

    assertThat(most.objective()).isEqualTo(0.95);
    assertThat(nearlyAll.objective()).isEqualTo(0.99);
    assertThat(most.sli()).isEqualTo(nearlyAll.sli());
    assertThat(most.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(7)));
    assertThat(most.labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform,sre", "tier", "1"));
    assertThat(most.source().line()).isEqualTo(36);
    assertThat(nearlyAll.source().line()).isEqualTo(39);
  }

  @Test
  void otherMetricSourceTypes_loadNotEvaluable_withAWarningThatSaysSo() {
    SloSpec s = slo("datadog-errors");

    assertThat(s.sli().evaluable()).isFalse();
    assertThat(s.sli().notEvaluableReason())
        .contains("its metric source type is Datadog; Burnrate evaluates Prometheus queries only");
    assertThat(RESULT.warnings())
        .extracting(Diagnostic::format)
        .contains(
            DIR.resolve("quirks.yaml")
                + ":57:11: warning: spec.indicator.spec.ratioMetric.good.metricSource: the SLI is"
                + " not evaluable by Burnrate: its metric source type is Datadog; Burnrate evaluates"
                + " Prometheus queries only");
  }

  @Test
  void thresholdMetric_loadsNotEvaluable_withANumericSliceWindowInMinutes() {
    SloSpec s = slo("cpu-threshold");

    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.THRESHOLD);
    assertThat(s.sli().evaluable()).isFalse();
    assertThat(s.timeSlices()).contains(new TimeSlices(1.0, Duration.ofHours(1)));
  }

  @Test
  void rawFailureRatio_becomesBadOverTotal() {
    SloSpec s = slo("raw-failure-ratio");

    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly("+api_requests_total{code=~\"5..\"}");
    assertThat(selectors(s.sli().total().orElseThrow())).containsExactly("+api_requests_total");
  }

  @Test
  void validPromQlOutsideTheSubset_loadsNotEvaluable_withAWarningAtTheConstruct() {
    SloSpec s = slo("latency-quantile");

    assertThat(s.sli().evaluable()).isFalse();
    assertThat(s.sli().notEvaluableReason().orElseThrow())
        .startsWith("the function histogram_quantile() is not supported;");
    assertThat(RESULT.warnings())
        .extracting(Diagnostic::format)
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        DIR.resolve("quirks.yaml")
                            + ":139:22: warning:"
                            + " spec.indicator.spec.ratioMetric.good.metricSource.spec.query: the"
                            + " SLI is not evaluable by Burnrate: the function histogram_quantile()"
                            + " is not supported;"));
  }

  @Test
  void warnings_areOnePerNotEvaluableSli_andOneForTwoConditionsInAPolicy() {
    assertThat(RESULT.warnings())
        .extracting(d -> d.location().line() + ":" + d.location().column() + " " + d.field())
        .containsExactly(
            "57:11 spec.indicator.spec.ratioMetric.good.metricSource",
            "83:7 spec.indicator.spec.thresholdMetric",
            "139:22 spec.indicator.spec.ratioMetric.good.metricSource.spec.query",
            "73:3 spec.conditions");
  }
}
