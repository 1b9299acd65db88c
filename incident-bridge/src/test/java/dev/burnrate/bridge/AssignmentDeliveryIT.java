package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FreshserviceFake;
import dev.burnrate.bridge.fake.JiraFake;
import dev.burnrate.bridge.fake.ServiceNowFake;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connectors carry an incident's assignment to the tools, and follow a reassignment. */
class AssignmentDeliveryIT {
  BridgeFixture fx;
  IncidentBridge bridge;
  ServiceNowFake snow;
  FreshserviceFake fresh;
  JiraFake jira;
  WebhookFake hook;

  @BeforeEach
  void setUp() {
    fx = new BridgeFixture();
    snow = new ServiceNowFake("burnrate", "snow-pw");
    fresh = new FreshserviceFake("fs-key");
    jira = new JiraFake("bot@example.com", "jira-token", "OPS");
    hook = new WebhookFake("hook-secret", fx.clock);
    List<ConnectorSettings> connectors =
        List.of(
            ConnectorSettings.of(
                "snow",
                "servicenow",
                snow.url(),
                Map.of("user", "burnrate", "password", "snow-pw"),
                Match.all()),
            ConnectorSettings.of(
                "fs", "freshservice", fresh.url(), Map.of("apiKey", "fs-key"), Match.all()),
            ConnectorSettings.of(
                "jira",
                "jira",
                jira.url(),
                Map.of("user", "bot@example.com", "token", "jira-token", "project", "OPS"),
                Match.all()),
            ConnectorSettings.of(
                "hook",
                "webhook",
                hook.url().resolve("/in"),
                Map.of("secret", "hook-secret"),
                Match.all()));
    BridgeSettings settings =
        BridgeSettings.parse(
                """
                assignment:
                  overrides:
                    - {service: auth, priority: P1, group: "2001", assignee: 5b10ac8d82e05b22cc7d4ef5}
                """,
                "burnrate.yaml")
            .withConnectors(connectors)
            .withOutbox(DeliveryIT.fastOutbox());
    bridge = fx.bridge(settings);
    bridge.start();
  }

  @AfterEach
  void tearDown() {
    bridge.close();
    for (FakeItsm f : List.of(snow, fresh, jira, hook)) {
      f.close();
    }
    fx.close();
  }

  void awaitDelivered() {
    Await.until(
        "the outbox to drain",
        Duration.ofSeconds(30),
        () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0);
  }

  String open(String service, String priority) {
    return Views.tree(
            bridge
                .parts()
                .incidents()
                .openManual(
                    "Down: " + service,
                    service,
                    "page",
                    Integer.parseInt(priority.substring(1)),
                    null,
                    "ann"))
        .path("key")
        .asText();
  }

  @Test
  void theOwnersTeam_reachesEveryTool_andAReassignmentFollows() {
    String key = open("payments", "P2");
    awaitDelivered();
    assertThat(snow.row(key).get("assignment_group")).isEqualTo("team-payments");
    assertThat(hook.records.get(key).path("assignment").path("group").asText())
        .isEqualTo("team-payments");
    assertThat(fresh.item(key).fields).doesNotContainKey("group_id");
    assertThat(jira.issue(key).assigneeAccountId).isNull();

    bridge.parts().incidents().assign(key, "payments-oncall", null, "card gateway", "lee");
    bridge.parts().incidents().hold(key, "waiting on the card processor", "lee");
    awaitDelivered();
    assertThat(snow.row(key).get("assignment_group")).isEqualTo("payments-oncall");
    assertThat(snow.row(key).get("state")).isEqualTo("3");
    assertThat(fresh.item(key).text("status")).isEqualTo("3");
    assertThat(hook.events).contains(key + " assigned", key + " on_hold");
  }

  @Test
  void anOverride_withAFreshserviceGroupIdAndAJiraAccount_reachesThoseFields() {
    String key = open("auth", "P1");
    awaitDelivered();
    assertThat(fresh.item(key).text("group_id")).isEqualTo("2001");
    assertThat(jira.issue(key).assigneeAccountId).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
    assertThat(snow.row(key).get("assignment_group")).isEqualTo("2001");
  }

  @Test
  void aReassignment_reachesEachToolsOwnField_andAHoldSendsItsReason() {
    String key = open("payments", "P2");
    awaitDelivered();
    assertThat(jira.issue(key).assignments).isZero();

    bridge
        .parts()
        .incidents()
        .assign(key, "2002", "712020:5b10ac8d-82e0-5b22-cc7d-4ef5aaaa", "vendor escalation", "lee");
    awaitDelivered();
    assertThat(snow.row(key).get("assignment_group")).isEqualTo("2002");
    assertThat(fresh.item(key).text("group_id")).isEqualTo("2002");
    assertThat(jira.issue(key).assigneeAccountId)
        .isEqualTo("712020:5b10ac8d-82e0-5b22-cc7d-4ef5aaaa");
    assertThat(jira.issue(key).assignments).isEqualTo(1);
    assertThat(hook.events).contains(key + " assigned");
    assertThat(hook.bodies.get(key).path("event").asText()).isEqualTo("assigned");
    assertThat(hook.bodies.get(key).path("assignment").path("group").asText()).isEqualTo("2002");
    assertThat(hook.bodies.get(key).path("assignment").path("assignee").asText())
        .isEqualTo("712020:5b10ac8d-82e0-5b22-cc7d-4ef5aaaa");

    // A reassignment to a group alone keeps the assignee, which Jira is sent again unchanged.
    bridge.parts().incidents().assign(key, "team-payments", null, "back to the team", "lee");
    awaitDelivered();
    assertThat(snow.row(key).get("assignment_group")).isEqualTo("team-payments");
    assertThat(jira.issue(key).assigneeAccountId)
        .isEqualTo("712020:5b10ac8d-82e0-5b22-cc7d-4ef5aaaa");
    assertThat(snow.row(key)).doesNotContainKey("hold_reason");

    bridge.parts().incidents().hold(key, "waiting on the card processor", "lee");
    awaitDelivered();
    assertThat(snow.row(key).get("state")).isEqualTo("3");
    assertThat(snow.row(key).get("hold_reason")).isEqualTo("4");
  }
}
