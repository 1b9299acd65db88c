package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenSloReferencesTest {

  private static final String SLI =
      """
      apiVersion: openslo/v1
      kind: SLI
      metadata:
        name: orders-errors
      spec:
        ratioMetric:
          counter: false
          bad:
            metricSource:
              metricSourceRef: prom
              spec:
                query: sum(rate(orders_total{result="error"}[{{.window}}]))
          total:
            metricSource:
              metricSourceRef: prom
              spec:
                query: sum(rate(orders_total[{{.window}}]))
      ---
      apiVersion: openslo/v1
      kind: DataSource
      metadata:
        name: prom
      spec:
        type: Prometheus
        connectionDetails: {url: "http://prometheus:9090"}
      """;

  private static String slo(String objectives, String alertPolicies) {
    return SLI
        + """
        ---
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: orders
        spec:
          service: orders
          timeWindow:
            - duration: 2w
              isRolling: true
          budgetingMethod: Occurrences
        """
        + objectives
        + alertPolicies;
  }

  @Test
  void objectiveLevelIndicatorRef_isUsed_whenTheSloHasNone() {
    SloLoadResult r =
        SloFiles.parse(
            "orders.yaml",
            slo(
                """
                  objectives:
                    - target: 0.99
                      indicatorRef: orders-errors
                """,
                ""));

    assertThat(r.errors()).isEmpty();
    SloSpec s = r.slo("orders").orElseThrow();
    assertThat(s.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    assertThat(s.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(14)));
    assertThat(s.objective()).isEqualTo(0.99);
  }

  @Test
  void objectivesWithoutDisplayName_areNamedByIndex() {
    SloLoadResult r =
        SloFiles.parse(
            "orders.yaml",
            slo(
                """
                  indicatorRef: orders-errors
                  objectives:
                    - target: 0.99
                    - target: 0.999
                """,
                ""));

    assertThat(r.slos()).extracting(SloSpec::name).containsExactly("orders-0", "orders-1");
  }

  @Test
  void conditionsOfOtherKinds_areIgnored_andLtIsReadAsGte_withWarnings() {
    SloLoadResult r =
        SloFiles.parse(
            "orders.yaml",
            slo(
                """
                  indicatorRef: orders-errors
                  objectives:
                    - target: 0.99
                """,
                """
                  alertPolicies:
                    - kind: AlertPolicy
                      metadata:
                        name: orders-burn
                      spec:
                        conditions:
                          - kind: AlertCondition
                            metadata:
                              name: burning
                            spec:
                              severity: High
                              condition:
                                kind: burnrate
                                op: lte
                                threshold: 2
                                lookbackWindow: 5m
                          - kind: AlertCondition
                            metadata:
                              name: budget-low
                            spec:
                              severity: low
                              condition:
                                kind: budget
                                op: lt
                                threshold: 0.1
                                lookbackWindow: 1h
                        notificationTargets:
                          - kind: AlertNotificationTarget
                            metadata:
                              name: orders-team
                            spec:
                              target: "#orders-alerts"
                """));

    assertThat(r.errors()).isEmpty();
    assertThat(r.slo("orders").orElseThrow().alertRules().orElseThrow())
        .containsExactly(
            new AlertRule(
                "burning",
                Severity.PAGE,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                2,
                Duration.ZERO));
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .containsExactly(
            "orders.yaml:45:9: warning: spec.alertPolicies[0].spec.conditions: OpenSLO v1 allows"
                + " one condition per AlertPolicy; Burnrate makes an alert rule of each",
            "orders.yaml:53:21: warning: spec.alertPolicies[0].spec.conditions[0].spec.condition.op:"
                + " lte would alert while the budget burns slowly; Burnrate alerts when the burn"
                + " rate reaches the threshold, as gte",
            "orders.yaml:62:23: warning:"
                + " spec.alertPolicies[0].spec.conditions[1].spec.condition.kind: only burnrate"
                + " conditions are evaluated; this budget condition is ignored");
  }

  @Test
  void conditionWithoutOpAndKind_asInTheOpenSloReadme_isABurnRateAtOrAboveTheThreshold() {
    SloLoadResult r =
        SloFiles.parse(
            "orders.yaml",
            slo(
                    """
                      indicatorRef: orders-errors
                      objectives:
                        - target: 0.99
                      alertPolicies:
                        - alertPolicyRef: cpu-policy
                    """,
                    "")
                + """
                ---
                apiVersion: openslo/v1
                kind: AlertPolicy
                metadata:
                  name: cpu-policy
                spec:
                  description: Alert policy for cpu usage breaches, notifies on-call devops via email
                  alertWhenBreaching: true
                  alertWhenResolved: false
                  conditions:
                    - kind: AlertCondition
                      metadata:
                        name: cpu-usage-breach
                        displayName: CPU Usage breaching
                      spec:
                        description: SLO burn rate for cpu-usage-breach exceeds 2
                        severity: page
                        condition:
                          kind: burnrate
                          threshold: 2
                          lookbackWindow: 1h
                          alertAfter: 5m
                """);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.slo("orders").orElseThrow().alertRules().orElseThrow())
        .containsExactly(
            new AlertRule(
                "cpu-usage-breach",
                Severity.PAGE,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                2,
                Duration.ofMinutes(5)));
  }

  @Test
  void unknownReferences_areErrors_listingWhatIsDefined() {
    String yaml =
        slo(
                """
                  indicatorRef: orders-errors
                  objectives:
                    - target: 0.99
                """,
                """
                  alertPolicies:
                    - kind: AlertPolicy
                      metadata:
                        name: orders-burn
                      spec:
                        conditions:
                          - conditionRef: fast
                        notificationTargets:
                          - targetRef: pager
                """)
            .replace(
                "metricSourceRef: prom\n        spec:\n          query: sum(rate(orders_total[",
                "metricSourceRef: thanos\n        spec:\n          query: sum(rate(orders_total[");

    assertThat(SloFiles.parse("orders.yaml", yaml).errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "orders.yaml:15:26: spec.ratioMetric.total.metricSource.metricSourceRef: no DataSource"
                + " named thanos in the loaded files; defined: prom; give the DataSource's file"
                + " too, or the metric's type",
            "orders.yaml:46:27: spec.alertPolicies[0].spec.conditions[0].conditionRef: no"
                + " AlertCondition named fast in the loaded files; none is defined");
  }

  @Test
  void sloWithAnInvalidReferencedPolicy_isLeftOut() {
    String yaml =
        slo(
            """
              indicatorRef: orders-errors
              objectives:
                - target: 0.99
            """,
            """
              alertPolicies:
                - alertPolicyRef: orders-burn
            ---
            apiVersion: openslo/v1
            kind: AlertPolicy
            metadata:
              name: orders-burn
            spec:
              conditions: []
            """);

    SloLoadResult r = SloFiles.parse("orders.yaml", yaml);

    assertThat(r.slos()).isEmpty();
    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "orders.yaml:48:3: spec.conditions: must list at least one condition (conditionRef or"
                + " inline)");
  }

  @Test
  void serviceWithoutSpec_isValid_butAnSloWithoutSpecIsNot() {
    SloLoadResult r =
        SloFiles.parse(
            "objects.yaml",
            """
            - apiVersion: openslo/v1
              kind: Service
              metadata:
                name: orders
            - apiVersion: openslo/v1
              kind: SLO
              metadata:
                name: orders
            """);

    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly("objects.yaml:5:3: spec: is required: the SLO's fields");
  }

  @Test
  void repeatedObjectNames_areAWarning_whenNothingRefersToThem() {
    String twice = SLI + "---\n" + SLI.substring(0, SLI.indexOf("---"));

    SloLoadResult r = SloFiles.parse("slis.yaml", twice);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .containsExactly(
            "slis.yaml:30:9: warning: metadata.name: SLI orders-errors is also defined at"
                + " slis.yaml:1:1; a reference to this name would be ambiguous");
  }

  @Test
  void aReferenceToARepeatedName_isAnError_namingBothPlaces() {
    String yaml =
        SLI.substring(0, SLI.indexOf("---"))
            + "---\n"
            + slo(
                """
                  indicatorRef: orders-errors
                  objectives:
                    - target: 0.99
                """,
                "");

    SloLoadResult r = SloFiles.parse("orders.yaml", yaml);

    assertThat(r.slos()).isEmpty();
    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "orders.yaml:55:17: spec.indicatorRef: ambiguous reference: 2 objects of kind SLI are"
                + " named orders-errors (at orders.yaml:1:1, orders.yaml:19:1); rename all but"
                + " one");
  }

  @Test
  void metricSourceRef_toAnAbsentDataSource_isAWarning_whenTheTypeIsGiven() {
    String yaml =
        slo(
                """
                  indicatorRef: orders-errors
                  objectives:
                    - target: 0.99
                """,
                "")
            .replace(
                "metricSourceRef: prom\n        spec:\n          query: sum(rate(orders_total[",
                "metricSourceRef: thanos\n        type: Prometheus\n        spec:\n"
                    + "          query: sum(rate(orders_total[");

    SloLoadResult r = SloFiles.parse("orders.yaml", yaml);

    assertThat(r.errors()).isEmpty();
    assertThat(r.slo("orders").orElseThrow().sli().evaluable()).isTrue();
    assertThat(r.warnings())
        .extracting(Diagnostic::format)
        .containsExactly(
            "orders.yaml:15:26: warning: spec.ratioMetric.total.metricSource.metricSourceRef: no"
                + " DataSource named thanos in the loaded files; the metric's type Prometheus is"
                + " used");
  }

  @Test
  void slothKubernetesResource_ofAnotherKind_isAnError() {
    assertThat(
            SloFiles.parse(
                    "k8s.yaml",
                    """
                    apiVersion: sloth.slok.dev/v1
                    kind: ServiceLevel
                    spec:
                      service: x
                      slos: []
                    """)
                .errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "k8s.yaml:2:7: kind: unknown kind ServiceLevel for sloth.slok.dev/v1; Burnrate reads"
                + " the SLO resource PrometheusServiceLevel");
  }
}
