package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.promql.SliQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file of the shared corpus of real SLO files ({@code ../shared/slo-corpus} beside the
 * repository, or {@code -Dburnrate.sloCorpus=DIR}), each loaded alone as {@code burnrate validate
 * FILE} does, against a verdict written from the formats' specifications and the other projects'
 * own validators (Sloth's {@code pkg/common/validation} and model, Pyrra's webhook in {@code
 * api/v1alpha1}, OpenSLO's go-sdk and oslo test outputs), never from Burnrate's output.
 */
class SloCorpusTest {

  /** What a file must give: its SLOs, or a rejection whose errors include {@code reason}. */
  private record Verdict(int slos, String reason, String why) {
    static Verdict loads(int slos, String why) {
      return new Verdict(slos, null, why);
    }

    static Verdict rejects(String reason, String why) {
      return new Verdict(0, reason, why);
    }

    boolean valid() {
      return reason == null;
    }
  }

  private static final String SUPPORTED = "Burnrate reads OpenSLO (apiVersion: openslo/v1 or";

  private static final Map<String, Verdict> EXPECTED = new LinkedHashMap<>();

  private static void loads(String file, int slos, String why) {
    EXPECTED.put(file, Verdict.loads(slos, why));
  }

  private static void rejects(String file, String reason, String why) {
    EXPECTED.put(file, Verdict.rejects(reason, why));
  }

  static {
    // ---- Sloth prometheus/v1 (pkg/prometheus/api/v1) and sloth.slok.dev/v1 (camelCase keys).
    for (String f :
        List.of(
            "sloth/getting-started.yml",
            "sloth/k8s-getting-started.yml",
            "sloth/no-alerts.yml",
            "sloth/plugin-getting-started.yml",
            "sloth/plugin-k8s-getting-started.yml",
            "sloth/raw-home-wifi.yml",
            "sloth/slo-plugin-getting-started.yml",
            "sloth/slo-plugin-k8s-getting-started.yml",
            "sloth/contrib-denominator-corrected.yaml",
            "sloth-testdata/in-sli-plugin.yaml",
            "sloth-testdata/in-slo-plugin.yaml",
            "sloth-testdata/in-slo-plugin-k8s.yaml")) {
      loads(f, 1, "Sloth's own example or integration input: one SLO");
    }
    for (String f :
        List.of(
            "sloth/home-wifi.yml",
            "sloth/k8s-home-wifi.yml",
            "sloth/k8s-multifile.yml",
            "sloth/kubernetes-apiserver.yml",
            "sloth/multifile.yml",
            "sloth/contrib-slo-plugins.yml",
            "sloth-testdata/in-base.yaml",
            "sloth-testdata/in-base-k8s.yaml",
            "sloth-validate/good-aa.yaml",
            "sloth-validate/good-ab.yaml",
            "sloth-validate/good-ba.yaml",
            "sloth-validate/good-k8s.yaml",
            "sloth-common-sli-plugins/coredns-availability.yml",
            "sloth-common-sli-plugins/kubernetes-apiserver-availability.yml")) {
      loads(f, 2, "Sloth's own example, integration input or good validation file: two SLOs");
    }
    loads("sloth/victoria-metrics.yml", 2, "MetricsQL behind Sloth's VictoriaMetrics plugin");
    loads("sloth-common-sli-plugins/istio-v1-latency.yml", 3, "three SLI-plugin SLOs");
    for (String f :
        List.of(
            "sloth-testdata/in-multifile.yaml",
            "sloth-testdata/in-multifile-k8s.yaml",
            "sloth-validate/good-multi.yaml",
            "sloth-validate/good-multi-k8s.yaml")) {
      loads(f, 4, "two documents of two SLOs each");
    }
    // Sloth's bad validation files: what Sloth's validation rejects in each.
    for (String f :
        List.of(
            "sloth-validate/bad-aa.yaml",
            "sloth-validate/bad-ab.yaml",
            "sloth-validate/bad-ba.yaml")) {
      rejects(f, "slos[1].objective: must be a percentage", "objective 101: Sloth wants (0, 100]");
    }
    rejects("sloth-validate/bad-k8s.yaml", "spec.service: must not be empty", "service \"\"");
    rejects(
        "sloth-validate/bad-multi-k8s.yaml",
        "spec.slos[0].alerting.name: must not be empty while an alert is enabled",
        "Sloth: alert name is required unless the alert is disabled");
    rejects(
        "sloth-validate/bad-multi.yaml",
        "slos[1].sli: needs one of events, raw or plugin",
        "sli: {}: Sloth requires one SLI type");
    rejects(
        "sloth-testdata/in-invalid-version.yaml",
        "unsupported Sloth version prometheus/v999",
        "Sloth's own invalid-version input");
    rejects(
        "sloth/7d.yaml",
        "AlertWindows is Sloth's alert-window configuration, not an SLO",
        "Sloth reads it with --slo-period-windows-path, not as SLOs");
    // Sloth reads OpenSLO v1alpha.
    loads("sloth/openslo-getting-started.yml", 1, "OpenSLO v1alpha, one objective");
    loads("sloth/openslo-kubernetes-apiserver.yml", 3, "two SLOs, one with two objectives");
    loads("sloth-testdata/in-openslo.yaml", 1, "Sloth's OpenSLO integration input");
    loads("sloth-validate/good-openslo.yaml", 1, "Sloth's good OpenSLO validation file");
    // Files using Sloth's format from other projects.
    loads("kuadrant/slo-availability.yaml", 1, "sloth.slok.dev/v1 with camelCase keys");
    loads("kuadrant/slo-latency.yaml", 1, "sloth.slok.dev/v1 with camelCase keys");
    for (String f : List.of("doc-gen/slo.yaml", "doc-gen/slo-copy.yaml")) {
      rejects(
          f,
          "slos[0].sli.events.error_query: invalid PromQL",
          "`probe_success{...} == 0[{{.window}}]` is not PromQL: Sloth's prom_expr rejects it");
    }

    // ---- OpenSLO v1 (spec README, go-sdk pkg/openslo/v1, oslo test outputs).
    loads("openslo-spec/occurences-slo.yaml", 1, "thresholdMetric: loads, not evaluable");
    loads("openslo-spec/ratio-timeslices.yaml", 1, "RatioTimeslices");
    loads("openslo-spec-low-traffic/timeslices-slo.yaml", 1, "Timeslices, source type Any");
    rejects(
        "openslo-spec/timeslices-slo.yaml",
        "got 1m (m is minutes",
        "a calendar window of 1m: m is minutes in OpenSLO's duration shorthand (the comment"
            + " meant a month, 1M)");
    loads("go-sdk-v1-examples/slos.yaml", 1, "the SDK's SLO example");
    for (String f :
        List.of(
            "go-sdk-v1-examples/alert_conditions.yaml",
            "go-sdk-v1-examples/alert_notification_targets.yaml",
            "go-sdk-v1-examples/data_sources.yaml",
            "go-sdk-v1-examples/services.yaml",
            "go-sdk-v1-examples/slis.yaml",
            "go-sdk-testdata/sequence_of_objects.yaml",
            "go-sdk-testdata/single_object.yaml",
            "go-sdk-testdata/two_documents.yaml",
            "go-sdk-testdata-inline/v1_alert_policies_keep_refs.yaml",
            "oslo/two-documents.yaml",
            "sloctl-convert-openslo/alert-condition.yaml",
            "sloctl-convert-openslo/invalid-alert-notification-target.yaml",
            "sloctl-convert-openslo/service.yaml")) {
      // services.yaml repeats a Service name: OpenSLO has no uniqueness rule.
      loads(f, 0, "valid OpenSLO objects that are not SLOs");
    }
    loads("go-sdk-testdata/v1_slo.yaml", 1, "metricSourceRef to an absent DataSource, type given");
    loads("go-sdk-testdata/v1_slos.yaml", 1, "as v1_slo.yaml, in a list");
    loads("go-sdk-testdata-inline/v1_slo.yaml", 2, "inline and referenced objects");
    loads("sloctl-convert-openslo/slos.yaml", 1, "metricSourceRef with type, DataSource absent");
    rejects(
        "go-sdk-testdata-inline/v1_slo_invalid_sli.yaml",
        "spec.indicatorRef: no SLI named no-sli",
        "the SDK's inliner test of a reference to a missing SLI");
    rejects(
        "go-sdk-testdata-inline/v1_alert_policies_invalid_condition.yaml",
        "conditionRef: no AlertCondition named cpu-usage-breach",
        "the SDK's inliner test of a reference to a missing condition");
    for (String f :
        List.of(
            "go-sdk-testdata-export/v1_slo.yaml",
            "go-sdk-v1-examples/alert_policies.yaml",
            "sloctl-convert-openslo/alert-policy.yaml")) {
      rejects(
          f,
          "conditionRef: no AlertCondition named",
          "the alert condition lives in another file: loaded alone, the alert rules are unknown");
    }
    rejects(
        "oslo/v1.yaml",
        "metadata.name: must be a DNS label",
        "oslo's expected output: 'example service' is not an RFC-1123 label");
    rejects(
        "oslo/unknown-field.yaml",
        "metadata.name: must be a DNS label",
        "'my-rad service' (oslo also rejects the unknown field markdown)");
    rejects("oslo/invalid-apiversion.yaml", "unsupported apiVersion foo", "oslo: unsupported");
    for (String f :
        List.of(
            "slogen-v1/email.yaml",
            "slogen-v1/logs-req-calendar.yaml",
            "slogen-v1/logs-req-rolling.yaml",
            "slogen-v1/logs-req-threshold-based.yaml",
            "slogen-v1/burn-rate.yaml")) {
      rejects(
          f,
          "metadata.name: must be a DNS label",
          "slogen's names (DevOpsMail, drift_gen_Calendar) break OpenSLO's RFC-1123 rule");
    }

    // ---- OpenSLO v1alpha (go-sdk pkg/openslo/v1alpha, as Sloth reads it).
    loads("go-sdk-v1alpha-examples/slos.yaml", 2, "threshold and ratio objectives");
    loads("oslo/valid-service.yaml", 0, "a v1alpha Service");
    rejects(
        "oslo/v1alpha.yaml",
        "spec.objectives[0].timeSliceTarget: is required",
        "oslo's expected output: timeSliceTarget required with Timeslices, and a bad name");
    rejects(
        "slogen-v1alpha/order-api-errors.yaml",
        "timeWindows must be a list with exactly one window",
        "the SDK requires exactly one time window; the file has none");

    // ---- Pyrra (api/v1alpha1 types and webhook).
    loads("pyrra/caddy-response-latency.yaml", 1, "latency indicator");
    loads("pyrra/nginx.yaml", 2, "ratio and latency");
    loads("pyrra/parca-grpc-queryrange-errors.yaml", 1, "ratio");
    loads("pyrra/prometheus-http.yaml", 1, "ratio with grouping");
    loads("pyrra/prometheus-probe-success.yaml", 1, "bool_gauge: loads, not evaluable");
    loads("pyrra/slo-apiserver-read-response-errors.yaml", 1, "ratio");

    // ---- Formats Burnrate does not read: one clear error naming what it reads.
    for (String f :
        List.of(
            "go-sdk-v2alpha-examples/slos.yaml",
            "oslo/v2alpha.yaml",
            "osko/openslo_v1_slo.yaml",
            "osko/openslo_v1_datasource.yaml",
            "nobl9-go/prometheus.yaml",
            "nobl9-go/composite-slo.yaml",
            "sloctl-n9/slos.yaml",
            "slo-generator/slo_config_v1.yaml",
            "slo-generator/slo_custom_app_availability_ratio.yaml",
            "slo-generator/slo_prom_metrics_availability_query_sli.yaml",
            "slo-generator/slo_prom_metrics_availability_ratio.yaml",
            "slo-generator/slo_prom_metrics_latency_distribution_cut.yaml")) {
      rejects(f, SUPPORTED, "a format Burnrate does not read");
    }
  }

  private static Path corpus;

  @BeforeAll
  static void findCorpus() {
    corpus = locate().orElse(null);
    Assumptions.assumeTrue(
        corpus != null, "no SLO corpus at ../shared/slo-corpus beside the repository; skipped");
  }

  /** The corpus beside the repository: walk up to the directory holding mvnw. */
  private static Optional<Path> locate() {
    String property = System.getProperty("burnrate.sloCorpus");
    if (property != null) {
      return Optional.of(Path.of(property)).filter(Files::isDirectory);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw"))) {
        return Optional.ofNullable(p.getParent())
            .map(parent -> parent.resolve("shared/slo-corpus"))
            .filter(Files::isDirectory);
      }
    }
    return Optional.empty();
  }

  private static SloLoadResult load(String file) {
    return SloFiles.load(List.of(corpus.resolve(file)));
  }

  @Test
  void theExpectationList_coversEveryFileOfTheCorpus() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files =
          s.filter(Files::isRegularFile)
              .map(p -> corpus.relativize(p).toString().replace('\\', '/'))
              .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
              .sorted()
              .toList();
    }
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void everyFile_getsTheVerdictOfItsFormatsOwnRules() {
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, Verdict> e : EXPECTED.entrySet()) {
      Path file = corpus.resolve(e.getKey());
      if (!Files.exists(file)) {
        continue;
      }
      Verdict v = e.getValue();
      SloLoadResult r = load(e.getKey());
      List<String> errors = r.errors().stream().map(Diagnostic::format).toList();
      if (v.valid()) {
        soft.assertThat(errors).as("%s (%s)", e.getKey(), v.why()).isEmpty();
        soft.assertThat(r.slos()).as("%s SLOs", e.getKey()).hasSize(v.slos());
      } else {
        soft.assertThat(errors)
            .as("%s (%s)", e.getKey(), v.why())
            .anySatisfy(m -> assertThat(m).contains(v.reason()));
        // Every error is located in the file: file:line:column with a real line.
        soft.assertThat(r.errors())
            .as("%s locations", e.getKey())
            .allSatisfy(
                d -> {
                  assertThat(d.location().file()).isEqualTo(file.toString());
                  assertThat(d.location().line()).isPositive();
                  assertThat(d.location().column()).isPositive();
                });
      }
    }
    soft.assertAll();
  }

  // ---- Loaded files carry their meaning: a sample from each source. -------------------------

  private static SloSpec slo(String file, String name) {
    SloLoadResult r = load(file);
    assertThat(r.errors()).as(file).isEmpty();
    return r.slo(name).orElseThrow(() -> new AssertionError(file + " has no SLO " + name));
  }

  private static List<String> selectors(Optional<SliQuery> q) {
    return q.orElseThrow().terms().stream()
        .map(t -> (t.sign() > 0 ? "+" : "-") + t.selector())
        .toList();
  }

  private static List<String> ruleNames(SloSpec s) {
    return s.alertRules().orElseThrow().stream().map(AlertRule::name).toList();
  }

  @Test
  void slothGettingStarted_keepsObjectiveWindowSliAndEachAlertsLabels() {
    SloSpec s = slo("sloth/getting-started.yml", "myservice-requests-availability");

    assertThat(s.service()).isEqualTo("myservice");
    assertThat(s.objective()).isEqualTo(0.999);
    assertThat(s.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(selectors(s.sli().bad()))
        .containsExactly(
            "+http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}");
    assertThat(selectors(s.sli().total()))
        .containsExactly("+http_request_duration_seconds_count{job=\"myservice\"}");
    assertThat(s.labels()).containsEntry("owner", "myteam").containsEntry("tier", "2");
    assertThat(ruleNames(s)).containsExactly("page-1h", "page-6h", "ticket-1d", "ticket-3d");
    AlertRule page = s.alertRules().orElseThrow().get(0);
    AlertRule ticket = s.alertRules().orElseThrow().get(2);
    assertThat(page.labels())
        .containsEntry("alertname", "MyServiceHighErrorRate")
        .containsEntry("severity", "pageteam")
        .containsEntry("routing_key", "myteam");
    assertThat(ticket.labels())
        .containsEntry("severity", "slack")
        .containsEntry("slack_channel", "#alerts-myteam");
    assertThat(ticket.annotations())
        .containsEntry("summary", "High error rate on 'myservice' requests responses");
  }

  @Test
  void slothKubernetesForm_meansWhatThePlainFormMeans() {
    SloSpec plain = slo("sloth/getting-started.yml", "myservice-requests-availability");
    SloSpec k8s = slo("sloth/k8s-getting-started.yml", "myservice-requests-availability");

    assertThat(k8s.objective()).isEqualTo(plain.objective());
    assertThat(k8s.window()).isEqualTo(plain.window());
    assertThat(selectors(k8s.sli().bad())).isEqualTo(selectors(plain.sli().bad()));
    assertThat(selectors(k8s.sli().total())).isEqualTo(selectors(plain.sli().total()));
    assertThat(k8s.alertRules()).isEqualTo(plain.alertRules());
  }

  @Test
  void slothDisabledAlerts_areAbsent_inBothForms() {
    assertThat(slo("sloth/no-alerts.yml", "myapp-http-availability").alertRules())
        .contains(List.of());
    // sloth.slok.dev/v1 spells it pageAlert: {disable: true}.
    assertThat(ruleNames(slo("sloth-validate/good-k8s.yaml", "svc01-slo02"))).isEmpty();
    assertThat(ruleNames(slo("kuadrant/slo-availability.yaml", "kuadrant-requests-availability")))
        .containsExactly("page-1h", "page-6h", "ticket-1d", "ticket-3d");
    assertThat(
            slo("kuadrant/slo-availability.yaml", "kuadrant-requests-availability")
                .alertRules()
                .orElseThrow()
                .get(0)
                .labels())
        .containsEntry("severity", "critical");
  }

  @Test
  void slothMetricsQl_loadsNotEvaluable_withTheReason() {
    SloSpec s = slo("sloth/victoria-metrics.yml", "foo-bar-grpc-latency-percentile-90");

    assertThat(s.objective()).isEqualTo(0.9);
    assertThat(s.sli().evaluable()).isFalse();
    assertThat(s.sli().notEvaluableReason().orElseThrow()).contains("MetricsQL");
  }

  @Test
  void pyrraRatio_keepsTargetWindowSelectorsAndGrouping() {
    SloSpec s = slo("pyrra/prometheus-http.yaml", "prometheus-api-query");

    assertThat(s.objective()).isEqualTo(0.99);
    assertThat(s.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(7)));
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(selectors(s.sli().bad()))
        .containsExactly("+prometheus_http_requests_total{handler=~\"/api.*\",code=~\"5..\"}");
    assertThat(selectors(s.sli().total()))
        .containsExactly("+prometheus_http_requests_total{handler=~\"/api.*\"}");
    assertThat(s.grouping()).containsExactly("handler");
    assertThat(s.labels()).doesNotContainKey("grouping").containsEntry("prometheus", "k8s");
    assertThat(s.alertRules()).isEmpty();
  }

  @Test
  void pyrraLatency_isGoodBucketOverCount_andTeamLabelsGoOnTheAlerts() {
    SloSpec latency = slo("pyrra/caddy-response-latency.yaml", "caddy-response-latency");
    assertThat(latency.objective()).isEqualTo(0.9);
    assertThat(latency.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(28)));
    assertThat(latency.sli().kind()).isEqualTo(Sli.Kind.GOOD_OVER_TOTAL);
    assertThat(selectors(latency.sli().good())).singleElement().asString().contains("le=\"0.05\"");

    SloSpec parca = slo("pyrra/parca-grpc-queryrange-errors.yaml", "parca-grpc-queryrange-errors");
    assertThat(parca.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(14)));
    assertThat(parca.alertRules().orElseThrow())
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.labels()).containsEntry("team", "parca"));
    assertThat(parca.alertRules().orElseThrow())
        .extracting(AlertRule::longWindow)
        .isEqualTo(
            DefaultAlertRules.forPeriod(Duration.ofDays(14)).stream()
                .map(AlertRule::longWindow)
                .toList());
  }

  @Test
  void openSloCalendarTimeslices_keepZoneStartAndSlices() {
    SloSpec s = slo("go-sdk-v1-examples/slos.yaml", "web-availability");

    assertThat(s.objective()).isEqualTo(0.995);
    TimeWindow.Calendar w = (TimeWindow.Calendar) s.window();
    assertThat(w.unit()).isEqualTo(TimeWindow.CalendarUnit.WEEK);
    assertThat(w.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(w.start())
        .isEqualTo(
            LocalDateTime.of(2022, 1, 1, 12, 0).atZone(ZoneId.of("America/New_York")).toInstant());
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.TIMESLICES);
    assertThat(s.timeSlices()).contains(new TimeSlices(0.95, Duration.ofMinutes(1)));

    SloSpec ratio = slo("openslo-spec/ratio-timeslices.yaml", "main-page");
    assertThat(ratio.budgetingMethod()).isEqualTo(BudgetingMethod.RATIO_TIMESLICES);
    assertThat(ratio.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(14)));
    assertThat(ratio.sli().evaluable()).isFalse();
  }

  @Test
  void openSloInlineAlertPolicies_becomeRules_withTheirConditionsSeverity() {
    SloSpec s = slo("go-sdk-testdata-inline/v1_slo.yaml", "my-slo-2");

    assertThat(s.alertRules().orElseThrow())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.severity()).isEqualTo(Severity.PAGE));
  }

  @Test
  void openSloV1Alpha_asSlothWritesIt_isOneSloPerObjective() {
    SloSpec latency = slo("sloth/openslo-kubernetes-apiserver.yml", "requests-latency-openslo-0");

    assertThat(latency.service()).isEqualTo("k8s-apiserver");
    assertThat(latency.objective()).isEqualTo(0.99);
    assertThat(latency.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
    assertThat(latency.sli().kind()).isEqualTo(Sli.Kind.GOOD_OVER_TOTAL);
    assertThat(selectors(latency.sli().good()))
        .containsExactly("+apiserver_request_duration_seconds_bucket{le=\"0.4\",verb!=\"WATCH\"}");
    assertThat(
            slo("sloth/openslo-kubernetes-apiserver.yml", "requests-latency-openslo-1").objective())
        .isEqualTo(0.999);

    SloSpec calendar = slo("go-sdk-v1alpha-examples/slos.yaml", "web-availability-ratio");
    assertThat(calendar.window().label()).isEqualTo("1w");
    assertThat(calendar.budgetingMethod()).isEqualTo(BudgetingMethod.TIMESLICES);
    assertThat(calendar.timeSlices().orElseThrow().target()).isEqualTo(0.95);
    assertThat(calendar.sli().evaluable()).isFalse();
  }
}
