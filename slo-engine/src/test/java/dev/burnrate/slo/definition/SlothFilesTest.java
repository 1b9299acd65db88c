package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.promql.SliQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlothFilesTest {
  private static final Path DIR = Path.of("src/test/resources/slos/sloth");
  private static final SloLoadResult RESULT = SloFiles.load(List.of(DIR));

  private static SloSpec slo(String name) {
    return RESULT.slo(name).orElseThrow(() -> new AssertionError("no SLO " + name));
  }

  /** The rules' timing, without the labels and annotations the file gives them. */
  private static List<AlertRule> timing(SloSpec s) {
    return s.alertRules().orElseThrow().stream()
        .map(
            r ->
                new AlertRule(
                    r.name(),
                    r.severity(),
                    r.longWindow(),
                    r.shortWindow(),
                    r.factor(),
                    r.alertAfter()))
        .toList();
  }

  private static List<String> selectors(SliQuery q) {
    return q.terms().stream().map(t -> (t.sign() > 0 ? "+" : "-") + t.selector()).toList();
  }

  @Test
  void slothFiles_loadUnmodified_namedServiceDashSlo() {
    assertThat(RESULT.errors()).isEmpty();
    assertThat(RESULT.slos())
        .extracting(SloSpec::name)
        .containsExactly(
            "k8s-apiserver-requests-availability",
            "k8s-apiserver-requests-latency",
            "home-wifi-good-wifi-client-satisfaction",
            "home-wifi-availability-plugin",
            "myservice-requests-availability",
            "myservice-requests-latency",
            "myservice-requests-errors-raw");
  }

  @Test
  void eventsSli_becomesBadOverTotal_withSlothDefaults() {
    SloSpec s = slo("myservice-requests-availability");

    assertThat(s.service()).isEqualTo("myservice");
    // Exactly the decimal 0.999, not 99.9 / 100 = 0.9990000000000001, in the API and /metrics.
    assertThat(s.objective()).isEqualTo(0.999);
    assertThat(s.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
    assertThat(s.budgetingMethod()).isEqualTo(BudgetingMethod.OCCURRENCES);
    assertThat(s.description())
        .isEqualTo("Common SLO based on availability for HTTP request responses.");
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly(
            "+http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}");
    assertThat(selectors(s.sli().total().orElseThrow()))
        .containsExactly("+http_request_duration_seconds_count{job=\"myservice\"}");
    assertThat(s.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "owner", "myteam",
                "repo", "myorg/myservice",
                "tier", "2",
                "category", "availability"));
    // Neither alert is disabled: the default rules, carrying Sloth's alert labels and
    // annotations, the page and ticket ones each on their own rules.
    assertThat(timing(s)).isEqualTo(DefaultAlertRules.forPeriod(Duration.ofDays(30)));
    AlertRule page = s.alertRules().orElseThrow().get(0);
    AlertRule ticket = s.alertRules().orElseThrow().get(3);
    assertThat(page.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alertname", "MyServiceHighErrorRate",
                "category", "availability",
                "severity", "pageteam",
                "routing_key", "myteam"));
    assertThat(ticket.labels())
        .containsEntry("severity", "slack")
        .containsEntry("slack_channel", "#alerts-myteam")
        .doesNotContainKey("routing_key");
    assertThat(page.annotations())
        .containsExactlyEntriesOf(
            Map.of("summary", "High error rate on 'myservice' requests responses"));
  }

  @Test
  void latencyAsDifferenceInParentheses_becomesSignedBadTerms_andTicketDisabled() {
    SloSpec s = slo("k8s-apiserver-requests-latency");

    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly(
            "+apiserver_request_duration_seconds_count{verb!=\"WATCH\"}",
            "-apiserver_request_duration_seconds_bucket{le=\"0.4\",verb!=\"WATCH\"}");
    assertThat(timing(s))
        .isEqualTo(DefaultAlertRules.forPeriod(Duration.ofDays(30), Severity.PAGE));
    assertThat(s.alertRules().orElseThrow())
        .allSatisfy(
            r ->
                assertThat(r.labels())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of("alertname", "K8sApiserverLatencyAlert", "category", "latency")));
    assertThat(s.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cluster", "valhalla", "component", "kubernetes", "category", "latency"));
  }

  @Test
  void rawOneMinusRatio_becomesBadOverTotal_andDisabledPageKeepsTicketRules() {
    SloSpec s = slo("myservice-requests-latency");

    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly(
            "+http_request_duration_seconds_count{job=\"myservice\"}",
            "-http_request_duration_seconds_bucket{job=\"myservice\",le=\"0.5\"}");
    assertThat(selectors(s.sli().total().orElseThrow()))
        .containsExactly("+http_request_duration_seconds_count{job=\"myservice\"}");
    assertThat(timing(s))
        .isEqualTo(DefaultAlertRules.forPeriod(Duration.ofDays(30), Severity.TICKET));
  }

  @Test
  void rawRatio_andBothAlertsDisabled_leaveNoAlertRules() {
    SloSpec s = slo("myservice-requests-errors-raw");

    assertThat(selectors(s.sli().bad().orElseThrow()))
        .containsExactly("+http_request_duration_seconds_count{job=\"myservice\",code=~\"5..\"}");
    assertThat(s.alertRules()).contains(List.of());
  }

  @Test
  void kubernetesResource_loads_withQueriesOutsideTheSubsetNotEvaluable() {
    SloSpec wifi = slo("home-wifi-good-wifi-client-satisfaction");

    assertThat(wifi.objective()).isEqualTo(0.95);
    assertThat(wifi.labels()).containsEntry("cluster", "valhalla");
    assertThat(wifi.sli().evaluable()).isFalse();
    assertThat(wifi.sli().notEvaluableReason().orElseThrow())
        .startsWith("the operator 'or' is not supported here");
    // The Kubernetes form's camelCase pageAlert: {disable: true} drops the page rules.
    assertThat(timing(wifi))
        .isEqualTo(DefaultAlertRules.forPeriod(Duration.ofDays(30), Severity.TICKET));
    assertThat(wifi.alertRules().orElseThrow())
        .allSatisfy(r -> assertThat(r.labels()).containsEntry("severity", "slack"));
  }

  @Test
  void plugin_loadsNotEvaluable_andDisabledTicketKeepsPageRules() {
    SloSpec s = slo("home-wifi-availability-plugin");

    assertThat(s.sli().evaluable()).isFalse();
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.RAW);
    assertThat(timing(s))
        .isEqualTo(DefaultAlertRules.forPeriod(Duration.ofDays(30), Severity.PAGE));
    assertThat(RESULT.warnings())
        .extracting(Diagnostic::format)
        .contains(
            DIR.resolve("k8s.yaml")
                + ":30:9: warning: spec.slos[1].sli.plugin: the SLI is not evaluable by Burnrate:"
                + " the Sloth SLI plugin sloth-common/kubernetes/apiserver/availability builds its"
                + " queries inside Sloth; Burnrate evaluates events and raw SLIs only");
  }

  @Test
  void warningsPointAtTheUnsupportedConstruct_inOneLineQueries() {
    assertThat(RESULT.warnings())
        .extracting(d -> d.location().line() + ":" + d.location().column() + " " + d.field())
        .containsExactly(
            "18:106 spec.slos[0].sli.events.errorQuery",
            "19:23 spec.slos[0].sli.events.totalQuery",
            "30:9 spec.slos[1].sli.plugin");
  }
}
