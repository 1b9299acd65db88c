package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupedAndCompositeFilesTest {
  private static final String SLOS =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: checkout-availability
        annotations:
          burnrate.dev/grouping: "route, tenant"
      spec:
        service: checkout
        indicator:
          metadata: {name: checkout-errors}
          spec:
            ratioMetric:
              bad: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))'}}}
              total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(http_requests_total{job="checkout"}[5m]))'}}}
        timeWindow: [{duration: 30d, isRolling: true}]
        budgetingMethod: Occurrences
        objectives: [{target: 0.999}]
      ---
      apiVersion: pyrra.dev/v1alpha1
      kind: ServiceLevelObjective
      metadata: {name: payments-availability}
      spec:
        target: "99.5"
        window: 30d
        indicator:
          ratio:
            errors: {metric: 'payments_requests_total{code=~"5.."}'}
            total: {metric: 'payments_requests_total'}
            grouping: [region]
      """;

  @Test
  void grouping_comesFromPyrraAndFromTheOpenSloAnnotation() {
    SloLoadResult r = SloFiles.parse("slos.yaml", SLOS);

    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).extracting(Diagnostic::message).noneMatch(m -> m.contains("group"));
    assertThat(r.slos())
        .extracting(SloSpec::name, SloSpec::grouping)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "checkout-availability", List.of("route", "tenant")),
            org.assertj.core.groups.Tuple.tuple("payments-availability", List.of("region")));
  }

  @Test
  void badGroupingLabels_areErrorsAtTheirPlace() {
    SloLoadResult r =
        SloFiles.parse(
            "slos.yaml",
            SLOS.replace("\"route, tenant\"", "\"route,,__name__\"")
                .replace("grouping: [region]", "grouping: [region, 1x, region]"));

    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "slos.yaml:6:28: metadata.annotations.burnrate.dev/grouping: must be Prometheus label"
                + " names separated by commas, such as route,tenant; a name is empty",
            "slos.yaml:29:26: spec.indicator.ratio.grouping[1]: must be a Prometheus label name"
                + " (letters, digits and _, not starting with a digit or __, not le), got \"1x\"",
            "slos.yaml:29:30: spec.indicator.ratio.grouping[2]: the label region is already in"
                + " the grouping");
  }

  @Test
  void aComposite_weighsItsComponents_andNestsComposites() {
    SloLoadResult r =
        SloFiles.parse(
            "slos.yaml",
            SLOS
                + """
                ---
                apiVersion: burnrate.dev/v1
                kind: CompositeSLO
                metadata: {name: pay-journey, labels: {team: web}}
                spec:
                  service: web
                  target: 0.99
                  window: 7d
                  components:
                    - {slo: checkout-availability, weight: 2}
                    - {slo: payments-availability, weight: 0.5}
                ---
                apiVersion: burnrate.dev/v1
                kind: CompositeSLO
                metadata: {name: site}
                spec:
                  service: web
                  targetPercent: 99.9
                  window: 30d
                  components:
                    - {slo: pay-journey}
                    - {slo: checkout-availability, weight: 3}
                """);

    assertThat(r.errors()).isEmpty();
    SloSpec journey =
        r.slos().stream().filter(s -> s.name().equals("pay-journey")).findFirst().orElseThrow();
    assertThat(journey.components())
        .containsExactly(
            new SloSpec.Component("checkout-availability", 2),
            new SloSpec.Component("payments-availability", 0.5));
    assertThat(journey.objective()).isEqualTo(0.99);
    assertThat(journey.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(7)));
    assertThat(journey.labels()).containsEntry("team", "web");
    assertThat(journey.sli().evaluable()).isTrue();
    assertThat(journey.sli().kind()).isEqualTo(Sli.Kind.BAD_OVER_TOTAL);
    SloSpec site = r.slos().stream().filter(s -> s.name().equals("site")).findFirst().orElseThrow();
    assertThat(site.objective()).isEqualTo(0.999, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(site.components())
        .containsExactly(
            new SloSpec.Component("pay-journey", 1),
            new SloSpec.Component("checkout-availability", 3));
  }

  @Test
  void aCompositesUnknownComponentCycleAndBadWeight_areErrorsWithTheirPlace() {
    SloLoadResult r =
        SloFiles.parse(
            "composite.yaml",
            """
            apiVersion: burnrate.dev/v1
            kind: CompositeSLO
            metadata: {name: a}
            spec:
              service: web
              target: 0.99
              window: 7d
              components:
                - {slo: b}
                - {slo: nowhere, weight: 1}
            ---
            apiVersion: burnrate.dev/v1
            kind: CompositeSLO
            metadata: {name: b}
            spec:
              service: web
              target: 0.99
              window: 7d
              components: [{slo: a}]
            ---
            apiVersion: burnrate.dev/v1
            kind: CompositeSLO
            metadata: {name: c}
            spec:
              service: web
              target: 1.5
              window: 7d
              components: [{slo: a, weight: 0}]
            """);

    assertThat(r.slos()).isEmpty();
    assertThat(r.errors())
        .extracting(Diagnostic::format)
        .containsExactly(
            "composite.yaml:1:1: spec.components: composite SLOs form a cycle: a -> b -> a",
            "composite.yaml:10:13: spec.components[1].slo: no SLO named nowhere is loaded; known:"
                + " a, b",
            "composite.yaml:26:11: spec.target: must be between 0 and 1 exclusive, got 1.5",
            "composite.yaml:28:33: spec.components[0].weight: must be a number > 0, got 0.0");
  }
}
