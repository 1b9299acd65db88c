package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.PagerDutyFake;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagerDutyConnectorIT extends ConnectorContractIT {
  static final String KEY = "s3cr3t0123456789abcdef0123456789";

  @Override
  protected FakeItsm startFake() {
    return new PagerDutyFake(KEY);
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "pd", "pagerduty", url, Map.of("routingKey", right ? KEY : "wrong"), Match.all());
  }

  @Test
  void trigger_carriesTheDocumentedFields_andPriorityMapsToSeverity() throws Exception {
    deliver("opened", incident("INC-9", "open", "P2"), false);

    PagerDutyFake pd = (PagerDutyFake) fake;
    var payload = pd.alerts.get(0).lastPayload;
    assertThat(pd.alerts.get(0).dedupKey).isEqualTo("burnrate-INC-9");
    assertThat(payload.path("severity").asText()).isEqualTo("error");
    assertThat(payload.path("source").asText()).isEqualTo("checkout");
    assertThat(payload.path("summary").asText()).startsWith("[P2] INC-9 ");
    assertThat(payload.path("custom_details").path("incident").asText()).isEqualTo("INC-9");
  }

  @Test
  void anIncidentWithoutAnOpeningTime_sendsNoTimestamp_ratherThanAnEmptyOne() throws Exception {
    var inc = incident("INC-10", "open", "P2");
    inc.remove("openedAt");

    assertThat(deliver("opened", inc, false)).isInstanceOf(Connector.Outcome.Delivered.class);
    assertThat(((PagerDutyFake) fake).alerts.get(0).lastPayload.has("timestamp")).isFalse();
  }

  @Test
  void aUrlWithAPathPrefix_keepsIt() throws Exception {
    try (PagerDutyFake proxied = new PagerDutyFake(KEY, "/pd/events", null)) {
      connector =
          Connectors.create(
              settings(URI.create(proxied.url() + "/pd/events/"), true),
              OUTBOX,
              java.time.Clock.systemUTC());

      assertThat(deliver("opened", incident("INC-11", "open", "P2"), false))
          .isInstanceOf(Connector.Outcome.Delivered.class);
      assertThat(proxied.recordsFor("INC-11")).isEqualTo(1);
    }
  }

  @Test
  void anEscalation_onlyAppendsToTheAlertLog_withoutAnApiToken() throws Exception {
    deliverUntilDone("opened", incident("INC-12", "open", "P3"));
    deliverUntilDone("escalated", incident("INC-12", "open", "P1"));

    PagerDutyFake.Alert a = ((PagerDutyFake) fake).alerts.get(0);
    assertThat(a.log).hasSize(2);
    assertThat(a.urgency).isEqualTo("low");
  }

  @Test
  void anEscalation_raisesTheIncidentsUrgencyAndPriority_withAnApiToken() throws Exception {
    try (PagerDutyFake pd = new PagerDutyFake(KEY, "", "s3cr3t-rest-token")) {
      pd.priorities.put("P1", "PRIO1");
      pd.priorities.put("P2", "PRIO2");
      connector =
          Connectors.create(
              ConnectorSettings.of(
                  "pd",
                  "pagerduty",
                  pd.url(),
                  Map.of(
                      "routingKey",
                      KEY,
                      "apiToken",
                      "s3cr3t-rest-token",
                      "apiUrl",
                      pd.url().toString(),
                      "from",
                      "sre-bot@example.com",
                      "setPriority",
                      "true"),
                  Match.all()),
              OUTBOX,
              java.time.Clock.systemUTC());

      deliverUntilDone("opened", incident("INC-13", "open", "P3"));
      assertThat(pd.alerts.get(0).urgency).isEqualTo("low");
      deliverUntilDone("escalated", incident("INC-13", "open", "P1"));

      assertThat(pd.alerts).hasSize(1);
      assertThat(pd.alerts.get(0).urgency).isEqualTo("high");
      assertThat(pd.alerts.get(0).priority).isEqualTo("P1");
    }
  }
}
