package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert labels reach the incident, and connectors route on them with {@code match.labels}. */
class LabelRoutingIT {
  static BridgeFixture fx;
  static WebhookFake payments;
  static WebhookFake search;
  static WebhookFake everything;
  static IncidentBridge bridge;

  @BeforeAll
  static void setUp() {
    fx = new BridgeFixture();
    payments = new WebhookFake("pay-secret", fx.clock);
    search = new WebhookFake("search-secret", fx.clock);
    everything = new WebhookFake("all-secret", fx.clock);
    List<ConnectorSettings> connectors =
        List.of(
            ConnectorSettings.of(
                "payments",
                "webhook",
                payments.url().resolve("/in"),
                Map.of("secret", "pay-secret"),
                new Match(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    4,
                    Map.of("team", Set.of("payments", "billing")))),
            ConnectorSettings.of(
                "search",
                "webhook",
                search.url().resolve("/in"),
                Map.of("secret", "search-secret"),
                new Match(Set.of(), Set.of(), Set.of(), 4, Map.of("team", Set.of("search")))),
            ConnectorSettings.of(
                "everything",
                "webhook",
                everything.url().resolve("/in"),
                Map.of("secret", "all-secret"),
                Match.all()));
    bridge =
        fx.bridge(
            BridgeSettings.defaults()
                .withConnectors(connectors)
                .withOutbox(DeliveryIT.fastOutbox()));
    bridge.start();
  }

  @AfterAll
  static void tearDown() {
    bridge.close();
    payments.close();
    search.close();
    everything.close();
    fx.close();
  }

  static AlertTransition page(String slo, String alert, Map<String, String> labels) {
    return new AlertTransition(
        FIRING,
        slo,
        "checkout",
        alert,
        Severity.PAGE,
        fx.clock.instant(),
        14.4,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        16,
        17,
        0.5,
        labels,
        Map.of("runbook", "https://runbooks.example/" + slo));
  }

  static JsonNode incidentOf(String slo) {
    JsonNode items =
        Views.tree(
                bridge
                    .parts()
                    .incidents()
                    .list(new ListFilter("active", null, null, slo, null, null, 5)))
            .path("items");
    assertThat(items).hasSize(1);
    return Views.tree(bridge.parts().incidents().incident(items.get(0).path("key").asText()));
  }

  static void awaitDelivered() {
    Await.until(
        "the outbox to drain",
        Duration.ofSeconds(30),
        () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0);
  }

  @Test
  void aPageGoesToTheTeamItsLabelsName_andToNoOtherTeam() {
    bridge.accept(page("pay-latency", "page-1h", Map.of("team", "billing", "tier", "1")));
    bridge.accept(page("search-errors", "page-1h", Map.of("team", "search")));
    bridge.accept(page("unowned", "page-1h", Map.of()));
    String pay = incidentOf("pay-latency").path("key").asText();
    String srch = incidentOf("search-errors").path("key").asText();
    String none = incidentOf("unowned").path("key").asText();
    awaitDelivered();

    assertThat(payments.recordsFor(pay)).isEqualTo(1);
    assertThat(payments.recordsFor(srch)).isZero();
    assertThat(payments.recordsFor(none)).isZero();
    assertThat(search.recordsFor(srch)).isEqualTo(1);
    assertThat(search.recordsFor(pay)).isZero();
    assertThat(
            everything.recordsFor(pay) + everything.recordsFor(srch) + everything.recordsFor(none))
        .isEqualTo(3);
    assertThat(payments.records.get(pay).path("labels").path("team").asText()).isEqualTo("billing");
  }

  @Test
  void theIncidentShowsItsAlertsLabels_andAJoiningAlertAddsItsOwnWithoutOverwriting() {
    bridge.accept(page("cart-errors", "page-1h", Map.of("team", "payments")));
    bridge.accept(page("cart-errors", "page-6h", Map.of("team", "search", "route", "/cart")));

    JsonNode inc = incidentOf("cart-errors");
    assertThat(inc.path("labels").path("team").asText())
        .as("the labels that routed the incident keep their values")
        .isEqualTo("payments");
    assertThat(inc.path("labels").path("route").asText()).isEqualTo("/cart");
    JsonNode alert = inc.path("activeAlerts").get(0);
    assertThat(alert.path("annotations").path("runbook").asText())
        .isEqualTo("https://runbooks.example/cart-errors");
    awaitDelivered();
    String key = inc.path("key").asText();
    assertThat(payments.recordsFor(key)).isEqualTo(1);
    assertThat(search.recordsFor(key)).isZero();
  }
}
