package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static dev.burnrate.slo.engine.AlertTransition.Kind.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.JiraFake;
import dev.burnrate.bridge.fake.PagerDutyFake;
import dev.burnrate.bridge.fake.ServiceNowFake;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end: transitions in, records out at every tool through the outbox, faults included. */
class DeliveryIT {
  static final String PD_KEY = "0123456789abcdef0123456789abcdef";
  static BridgeFixture fx;
  static PagerDutyFake pd;
  static WebhookFake hook;
  static JiraFake jira;
  static ServiceNowFake snow;
  static IncidentBridge bridge;

  static OutboxSettings fastOutbox() {
    return new OutboxSettings(
        2,
        Duration.ofMillis(50),
        Duration.ofMillis(20),
        Duration.ofMillis(300),
        0,
        Duration.ofMillis(500),
        Duration.ofSeconds(3),
        Duration.ZERO,
        OutboxSettings.DEFAULT_RETENTION);
  }

  @BeforeAll
  static void setUp() {
    fx = new BridgeFixture();
    pd = new PagerDutyFake(PD_KEY);
    hook = new WebhookFake("hook-secret", fx.clock);
    jira = new JiraFake("bot@example.com", "jira-token", "OPS");
    snow = new ServiceNowFake("burnrate", "snow-pw");
    List<ConnectorSettings> connectors =
        List.of(
            ConnectorSettings.of(
                "pagerduty",
                "pagerduty",
                pd.url(),
                Map.of("routingKey", PD_KEY),
                new Match(Set.of(), Set.of(), Set.of("page"), 2)),
            ConnectorSettings.of(
                "hook",
                "webhook",
                hook.url().resolve("/in"),
                Map.of("secret", "hook-secret"),
                Match.all()),
            ConnectorSettings.of(
                "jira",
                "jira",
                jira.url(),
                Map.of("user", "bot@example.com", "token", "jira-token", "project", "OPS"),
                Match.all()),
            ConnectorSettings.of(
                "snow",
                "servicenow",
                snow.url(),
                Map.of("user", "burnrate", "password", "snow-pw"),
                Match.all()));
    bridge =
        fx.bridge(BridgeSettings.defaults().withConnectors(connectors).withOutbox(fastOutbox()));
    bridge.start();
  }

  @AfterAll
  static void tearDown() {
    bridge.close();
    for (FakeItsm f : List.of(pd, hook, jira, snow)) {
      f.close();
    }
    fx.close();
  }

  static String activeKey(String slo) {
    JsonNode items =
        Views.tree(
                bridge
                    .parts()
                    .incidents()
                    .list(new ListFilter("active", null, null, slo, null, null, 5)))
            .path("items");
    assertThat(items).hasSize(1);
    return items.get(0).path("key").asText();
  }

  static void awaitDelivered() {
    Await.until(
        "the outbox to drain",
        Duration.ofSeconds(30),
        () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0);
  }

  @Test
  void anIncidentIsOpenedDeliveredEscalatedAndResolvedAfterTheQuietPeriod_atEveryTool() {
    bridge.accept(fx.ticket1d(FIRING, "checkout-availability", "checkout"));
    String key = activeKey("checkout-availability");
    awaitDelivered();
    assertThat(pd.recordsFor(key)).as("a P3 ticket does not page").isZero();
    assertThat(jira.state(key)).isEqualTo("open");
    assertThat(snow.row(key).get("urgency")).isEqualTo("2");

    bridge.accept(fx.page1h(FIRING, "checkout-availability", "checkout"));
    awaitDelivered();
    assertThat(pd.state(key)).as("escalated to P1: now it pages").isEqualTo("open");
    assertThat(snow.row(key).get("urgency")).isEqualTo("1");
    assertThat(hook.state(key)).isEqualTo("open");

    bridge.accept(fx.page1h(RESOLVED, "checkout-availability", "checkout"));
    bridge.accept(fx.ticket1d(RESOLVED, "checkout-availability", "checkout"));
    fx.clock.advance(Duration.ofMinutes(31));
    assertThat(bridge.tick()).containsExactly(key);
    awaitDelivered();

    for (FakeItsm f : List.of(pd, hook, jira, snow)) {
      assertThat(f.recordsFor(key)).as(f.getClass().getSimpleName()).isEqualTo(1);
      assertThat(f.state(key)).as(f.getClass().getSimpleName()).isEqualTo("resolved");
    }
    assertThat(hook.events)
        .filteredOn(e -> e.startsWith(key + " "))
        .containsExactly(
            key + " opened",
            key + " escalated",
            key + " updated",
            key + " recovered",
            key + " resolved");
    // Every webhook record above passed the receiver's signature check (bad ones are refused).
  }

  @Test
  void aToolDownForAWhile_thenBack_getsExactlyOneRecordPerIncident() {
    jira.down(true);
    snow.down(true);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bridge.accept(fx.page1h(FIRING, "outage-" + i, "catalog"));
      keys.add(activeKey("outage-" + i));
    }
    Await.until(
        "retries while the tools are down",
        Duration.ofSeconds(20),
        () ->
            fx.count(
                    "SELECT count(*) FROM bridge_outbox WHERE connector IN ('jira','snow') AND attempts >= 3")
                >= 4);
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_outbox WHERE connector = 'jira' AND state = 'delivered' AND record_key LIKE 'INC-%' AND record_key = ANY (ARRAY['"
                    + String.join("','", keys)
                    + "'])"))
        .isZero();

    jira.down(false);
    snow.down(false);
    awaitDelivered();

    for (String key : keys) {
      assertThat(jira.recordsFor(key)).as("jira " + key).isEqualTo(1);
      assertThat(snow.recordsFor(key)).as("snow " + key).isEqualTo(1);
      assertThat(pd.recordsFor(key)).as("pd " + key).isEqualTo(1);
    }
  }

  @Test
  void threeIncidentsRaiseAProblem_thatIsLinkedToThemInJiraAndServiceNow() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bridge.accept(fx.ticket1d(FIRING, "auth-latency", "auth"));
      keys.add(activeKey("auth-latency"));
      bridge.parts().incidents().resolve(keys.get(i), "sre", "transient");
    }
    awaitDelivered();
    String problem =
        Views.tree(
                bridge
                    .parts()
                    .problems()
                    .list(new ListFilter(null, null, null, "auth-latency", null, null, 5)))
            .path("items")
            .get(0)
            .path("key")
            .asText();

    assertThat(jira.issue(problem).type).isEqualTo("Problem");
    for (String k : keys) {
      assertThat(jira.links)
          .contains("Relates:" + jira.issue(k).key + "->" + jira.issue(problem).key);
      assertThat(snow.row(k).get("problem_id")).isEqualTo(snow.row(problem).get("sys_id"));
    }
  }

  @Test
  void aMessageTheToolRefusesForGood_isDead_listed_andDeliveredWhenRetried() {
    hook.failNext(FakeItsm.Fault.REJECT);
    bridge.accept(fx.ticket1d(FIRING, "inventory-stock", "inventory"));
    String key = activeKey("inventory-stock");
    Await.until(
        "the refused message to be dead",
        Duration.ofSeconds(10),
        () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state = 'dead'") == 1);

    var dead = bridge.parts().outbox().list("dead", "hook", 10).items();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).recordKey()).isEqualTo(key);
    assertThat(dead.get(0).lastError()).contains("answered 400");
    assertThat(hook.recordsFor(key)).isZero();

    assertThat(bridge.outboxStats())
        .filteredOn(st -> st.connector().equals("hook"))
        .singleElement()
        .satisfies(st -> assertThat(st.dead()).isEqualTo(1));

    bridge.parts().outbox().retry(dead.get(0).id(), "sre");
    awaitDelivered();
    assertThat(hook.recordsFor(key)).isEqualTo(1);
    assertThat(bridge.outboxStats())
        .allSatisfy(
            st -> {
              assertThat(st.pending()).isZero();
              assertThat(st.dead()).isZero();
              assertThat(st.oldestPendingAge()).isZero();
            });
  }

  @Test
  void aSuspectedCauseChange_isLinkedToTheIncidentInJira_andIsItsCausedByInServiceNow() {
    java.time.Instant started = fx.clock.instant().minus(Duration.ofMinutes(20));
    String change =
        bridge
            .parts()
            .changes()
            .record(
                dev.burnrate.bridge.internal.change.Change.proposed(
                    "Deploy payments 3.2",
                    "payments",
                    "normal",
                    dev.burnrate.bridge.internal.change.ChangeState.COMPLETED,
                    "argo",
                    "9f9f9f",
                    "3.2",
                    null,
                    "sync-1",
                    started,
                    started.plusSeconds(90)),
                "ci")
            .getValue()
            .key();
    bridge.accept(fx.page1h(FIRING, "checkout-latency", "checkout"));
    String key = activeKey("checkout-latency");
    awaitDelivered();

    assertThat(jira.issue(change).type).isEqualTo("Change");
    assertThat(jira.links)
        .contains("Relates:" + jira.issue(key).key + "->" + jira.issue(change).key);
    assertThat(snow.row(key).get("caused_by")).isEqualTo(snow.row(change).get("sys_id"));
    assertThat(snow.row(change).get("type")).isEqualTo("normal");
  }

  @Test
  void deliveredMessages_arePurgedAfterTheRetention_andTheToolKeepsGettingTheRecordsEvents() {
    bridge.accept(fx.page1h(FIRING, "web-purge", "web"));
    String key = activeKey("web-purge");
    awaitDelivered();
    assertThat(fx.count("SELECT count(*) FROM bridge_outbox WHERE record_key = '" + key + "'"))
        .isPositive();

    fx.clock.advance(Duration.ofDays(31));
    bridge.tick();
    // The same tick finds the unacknowledged P1 past its response targets: that breach is news.
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_outbox WHERE record_key = '"
                    + key
                    + "' AND event <> 'breached'"))
        .isZero();

    // A P1 page still reaches PagerDuty after its earlier messages were purged: it is routed by
    // its rule, and the stored external id keeps a connector on its records.
    bridge.parts().incidents().acknowledge(key, "sre");
    awaitDelivered();
    assertThat(pd.state(key)).isEqualTo("acknowledged");
    assertThat(pd.recordsFor(key)).isEqualTo(1);
  }

  @Test
  void aPersonsOnHoldInServiceNow_survivesLaterDeliveries_whileAnEscalationStillRaisesUrgency() {
    bridge.accept(fx.ticket1d(FIRING, "orders-availability", "orders"));
    String key = activeKey("orders-availability");
    awaitDelivered();
    synchronized (snow) {
      snow.row(key).put("state", "3"); // On Hold, set by a person in ServiceNow
    }

    bridge.accept(fx.page1h(FIRING, "orders-availability", "orders"));
    awaitDelivered();

    Map<String, String> row = snow.row(key);
    assertThat(row).containsEntry("state", "3").containsEntry("urgency", "1");
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_external_ref WHERE connector = 'snow'"
                    + " AND record_key = '"
                    + key
                    + "' AND written ->> 'urgency' = '1' AND written ->> 'state' = '1'"))
        .isEqualTo(1L);
  }
}
