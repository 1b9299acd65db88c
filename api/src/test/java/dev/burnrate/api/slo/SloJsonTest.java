package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SloJsonTest {
  private static final SloSpec SPEC =
      SloFiles.parse(
              "slo.yaml",
              """
              version: prometheus/v1
              service: checkout
              slos:
                - name: availability
                  objective: 99.9
                  sli:
                    events:
                      error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                      total_query: sum(rate(http_requests_total[{{.window}}]))
                  alerting:
                    name: CheckoutErrors
                    annotations:
                      runbook: https://runbooks/checkout
                    page_alert:
                      labels:
                        team: payments
                    ticket_alert:
                      disable: true
              """)
          .slo("checkout-availability")
          .orElseThrow();

  private static SloStatus.AlertStatus status(AlertRule r) {
    return new SloStatus.AlertStatus(
        r.name(),
        r.severity(),
        AlertState.OK,
        r.longWindow(),
        r.shortWindow(),
        r.factor(),
        0,
        0,
        Optional.empty());
  }

  @Test
  void eachAlert_carriesItsRulesLabelsAndAnnotations_fromTheSloFile() {
    List<SloStatus.AlertStatus> alerts =
        SPEC.alertRules().orElseThrow().stream().map(SloJsonTest::status).toList();
    SloStatus s =
        new SloStatus(
            SPEC.name(),
            SPEC.service(),
            SPEC.objective(),
            "30d",
            true,
            new SloStatus.SliValue(0, 0, Double.NaN),
            new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
            Map.of(),
            alerts,
            Optional.empty(),
            true,
            Instant.parse("2026-12-01T00:00:00Z"));

    JsonObject json = SloJson.status(SPEC, Optional.of(s), null);

    assertThat(json.getJsonArray("alerts")).hasSize(2);
    JsonObject page = json.getJsonArray("alerts").getJsonObject(0);
    assertThat(page.getString("name")).isEqualTo("page-1h");
    assertThat(page.getJsonObject("labels").getMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("alertname", "CheckoutErrors", "team", "payments"));
    assertThat(page.getJsonObject("annotations").getMap())
        .containsExactlyEntriesOf(Map.of("runbook", "https://runbooks/checkout"));
  }
}
