package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BridgeSettingsTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    BridgeSettings s = BridgeSettings.defaults();

    assertThat(s.quietPeriod()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.autoResolve()).isTrue();
    assertThat(s.problems().threshold()).isEqualTo(3);
    assertThat(s.problems().window()).isEqualTo(Duration.ofDays(7));
    assertThat(s.changeCorrelationWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(s.gate().freezeBelow()).isZero();
    assertThat(s.gate().freezeOnMajorIncident()).isTrue();
    assertThat(s.webhooks().serviceLabels()).containsExactly("service", "job", "app");
    assertThat(s.connectors()).isEmpty();
  }

  @Test
  void everyKey_parses() {
    String yaml =
        """
        quietPeriod: 10m
        autoResolve: false
        tickInterval: 5s
        servicesFile: examples/services.yaml
        priorities: {p1MaxLongWindow: 2h, p1MinFactor: 10, p3MaxLongWindow: 12h, noDataOpensIncident: false}
        problems: {threshold: 4, window: 14d}
        changes: {correlationWindow: 90m}
        gate:
          freezeBelow: 0.1
          freezeOnMajorIncident: false
          standardChanges: gate
          services:
            payments: {freezeBelow: 0.25}
        webhooks: {maxBodyBytes: 65536, maxAlerts: 50, serviceLabels: [app]}
        outbox: {workers: 3, pollInterval: 100ms, initialBackoff: 2s, maxBackoff: 1m, maxAttempts: 10,
                 requestTimeout: 5s, lease: 30s, inDoubtDelay: 10s}
        connectors:
          - name: pd
            type: pagerduty
            url: https://events.pagerduty.com
            routingKey: abcdef0123456789abcdef0123456789
            match: {kinds: [incident], severities: [page], maxPriority: P2}
          - name: snow
            type: servicenow
            url: https://example.service-now.com
            user: burnrate
            password: hunter2
        """;
    BridgeSettings s = BridgeSettings.parse(yaml, "burnrate.yaml");

    assertThat(s.quietPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.autoResolve()).isFalse();
    assertThat(s.priorities().p1MinFactor()).isEqualTo(10);
    assertThat(s.problems().threshold()).isEqualTo(4);
    assertThat(s.changeCorrelationWindow()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.gate().forService("payments").freezeBelow()).isEqualTo(0.25);
    assertThat(s.gate().forService("payments").freezeOnMajorIncident()).isFalse();
    assertThat(s.gate().forService("checkout").freezeBelow()).isEqualTo(0.1);
    assertThat(s.gate().standardBypassesBudgetFreeze()).isFalse();
    assertThat(s.outbox().maxAttempts()).isEqualTo(10);
    assertThat(s.connectors()).hasSize(2);
    assertThat(s.connectors().get(0).match().maxPriority()).isEqualTo(2);
    assertThat(s.connectors().get(1).secrets().get("password").reveal()).isEqualTo("hunter2");
  }

  @Test
  void secrets_neverShowInToString() {
    BridgeSettings s =
        BridgeSettings.parse(
            "connectors:\n  - {name: hook, type: webhook, url: 'https://h.example/x', secret: s3cr3t-value}\n",
            "b.yaml");

    assertThat(s.toString()).doesNotContain("s3cr3t-value").contains("***");
    assertThat(Secret.of("abc").toString()).isEqualTo("***");
  }

  @Test
  void missingCredential_isAnError_namingTheConnectorAndLine() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - name: j\n    type: jira\n    url: https://x.atlassian.net\n",
                    "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: connectors[0]: jira connector 'j' needs");
  }

  @Test
  void badDuration_isAnError_withLineAndKey() {
    assertThatThrownBy(
            () -> BridgeSettings.parse("autoResolve: true\nquietPeriod: soon\n", "b.yaml"))
        .hasMessage(
            "b.yaml:2:14: quietPeriod: expected a duration such as 30s, 30m, 2h or 7d, got 'soon'");
  }

  @Test
  void freshservice_needsOnlyUrlAndApiKey_andKeepsTheKeySecret() {
    BridgeSettings s =
        BridgeSettings.parse(
            "connectors:\n  - {name: fs, type: freshservice, url: 'https://acme.freshservice.com/', apiKey: fsK3y}\n",
            "b.yaml");

    ConnectorSettings c = s.connectors().get(0);
    assertThat(c.type()).isEqualTo("freshservice");
    assertThat(c.secrets().get("apiKey").reveal()).isEqualTo("fsK3y");
    assertThat(c.toString()).doesNotContain("fsK3y");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: fs, type: freshservice, url: 'https://a.freshservice.com'}\n",
                    "b.yaml"))
        .hasMessageContaining("freshservice connector 'fs' needs 'apiKey'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: fs, type: freshservice, url: 'https://a.freshservice.com', apiKey: k, groupId: ops}\n",
                    "b.yaml"))
        .hasMessageContaining("groupId must be a number");
  }

  @Test
  void servicedeskplus_takesAnAuthtoken_orTheThreeOAuthKeys_andKeepsThemSecret() {
    ConnectorSettings onPrem =
        BridgeSettings.parse(
                "connectors:\n  - {name: sdp, type: servicedeskplus, url: 'https://sdp.acme.example:8080', authtoken: T3chK3y}\n",
                "b.yaml")
            .connectors()
            .get(0);
    assertThat(onPrem.secrets().get("authtoken").reveal()).isEqualTo("T3chK3y");
    assertThat(onPrem.toString()).doesNotContain("T3chK3y");

    ConnectorSettings cloud =
        BridgeSettings.parse(
                "connectors:\n"
                    + "  - name: sdp\n"
                    + "    type: servicedeskplus\n"
                    + "    url: https://sdpondemand.manageengine.eu/app/itdesk\n"
                    + "    clientId: 1000.CID\n"
                    + "    clientSecret: cS3cret\n"
                    + "    refreshToken: 1000.rT0ken\n"
                    + "    accountsUrl: https://accounts.zoho.eu\n",
                "b.yaml")
            .connectors()
            .get(0);
    assertThat(cloud.secrets().keySet())
        .containsExactlyInAnyOrder("clientId", "clientSecret", "refreshToken");
    assertThat(cloud.options()).containsEntry("accountsUrl", "https://accounts.zoho.eu");
    assertThat(cloud.toString()).doesNotContain("cS3cret").doesNotContain("rT0ken");
  }

  @Test
  void servicedeskplus_withoutCredentials_orWithHalfOfOAuth_orBoth_isAnError_withTheLine() {
    String head = "connectors:\n  - name: sdp\n    type: servicedeskplus\n    url: https://sdp.x\n";
    assertThatThrownBy(() -> BridgeSettings.parse(head, "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: connectors[0]: servicedeskplus connector 'sdp'")
        .hasMessageContaining("needs 'authtoken' (on-premises) or 'clientId', 'clientSecret'");
    assertThatThrownBy(
            () -> BridgeSettings.parse(head + "    clientId: c\n    refreshToken: r\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: ")
        .hasMessageContaining("needs [clientSecret]");
    assertThatThrownBy(
            () -> BridgeSettings.parse(head + "    authtoken: t\n    clientId: c\n", "b.yaml"))
        .hasMessageContaining("has both 'authtoken' (on-premises) and [clientId]");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    head
                        + "    clientId: c\n    clientSecret: s\n    refreshToken: r\n"
                        + "    accountsUrl: accounts.zoho.com\n",
                    "b.yaml"))
        .hasMessageContaining("accountsUrl must be an http(s) URL, got 'accounts.zoho.com'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    head + "    authtoken: t\n    recordKeyField: Burnrate Key\n", "b.yaml"))
        .hasMessageContaining("recordKeyField must be the API name of a user-defined field");
    assertThatThrownBy(
            () -> BridgeSettings.parse(head + "    authtoken: t\n    apiKey: k\n", "b.yaml"))
        .hasMessageStartingWith("b.yaml:6:13: ")
        .hasMessageContaining("unknown key for a servicedeskplus connector");
  }

  @Test
  void webhookHeaders_areSecretsByName() {
    BridgeSettings s =
        BridgeSettings.parse(
            """
            connectors:
              - name: hook
                type: webhook
                url: https://h.example/x
                secret: sig
                headers:
                  X-Api-Key: k3y-value
                  Authorization: Bearer abc
            """,
            "b.yaml");

    ConnectorSettings c = s.connectors().get(0);
    assertThat(c.secrets().get("headers.X-Api-Key").reveal()).isEqualTo("k3y-value");
    assertThat(c.secrets().get("headers.Authorization").reveal()).isEqualTo("Bearer abc");
    assertThat(c.toString()).doesNotContain("k3y-value").doesNotContain("abc");
  }

  @Test
  void webhookHeaders_thatBurnrateOwnsOrThatAreNotTokens_areRefusedAtTheirPlace() {
    for (String[] bad :
        new String[][] {
          {
            "Content-Type",
            "b.yaml:7:21: connectors[0].headers.Content-Type: header 'Content-Type'"
                + " is set by Burnrate itself"
          },
          {"x-burnrate-signature", "b.yaml:7:29: connectors[0].headers.x-burnrate-signature:"},
          {"Host", "is set by Burnrate itself"},
          {"Content-Length", "is set by Burnrate itself"},
          {"'X Api'", "may hold only letters, digits"},
          {"'X:Api'", "may hold only letters, digits"}
        }) {
      String yaml =
          "connectors:\n  - name: hook\n    type: webhook\n    url: https://h.example/x\n"
              + "    secret: sig\n    headers:\n      "
              + bad[0]
              + ": v\n";
      assertThatThrownBy(() -> BridgeSettings.parse(yaml, "b.yaml"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad[1]);
    }
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: h, type: webhook, url: 'https://h.example/x',"
                        + " secret: s, headers: {X-Key: a, x-key: b}}\n",
                    "b.yaml"))
        .hasMessageContaining("header 'x-key' is given twice");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: h, type: webhook, url: 'https://h.example/x',"
                        + " secret: s, headers: {X-Key: \"a\\r\\nHost: evil\"}}\n",
                    "b.yaml"))
        .hasMessageContaining("the value of header 'X-Key' holds a control character");
  }

  @Test
  void unknownConnectorType_isAnError() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: a, type: opsgenie, url: 'https://x'}\n", "b.yaml"))
        .hasMessageContaining("unknown connector type 'opsgenie'");
  }

  @Test
  void fromMap_takesConnectorsAsAMappingByName_asBurnrateYamlWritesThem() {
    Map<String, Object> section =
        Map.of(
            "quietPeriod",
            "15m",
            "connectors",
            Map.of(
                "pagerduty",
                    Map.of(
                        "url",
                        "https://events.pagerduty.com",
                        "routingKey",
                        "k".repeat(32),
                        "match",
                        Map.of("maxPriority", "P2")),
                "ops-jira",
                    Map.of(
                        "type",
                        "jira",
                        "url",
                        "https://x.atlassian.net",
                        "user",
                        "u@example.com",
                        "token",
                        "t0k3n",
                        "project",
                        "OPS")));

    BridgeSettings s = BridgeSettings.fromMap(section, "burnrate.yaml", "");

    assertThat(s.quietPeriod()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.connectors())
        .extracting(ConnectorSettings::name)
        .containsExactlyInAnyOrder("pagerduty", "ops-jira");
    assertThat(s.connectors())
        .extracting(ConnectorSettings::type)
        .containsExactlyInAnyOrder("pagerduty", "jira");
  }

  @Test
  void fromMap_errorsNameTheSourceAndKeyPath() {
    assertThatThrownBy(
            () ->
                BridgeSettings.fromMap(
                    Map.of("connectors", Map.of("ops", Map.of("url", "https://x"))),
                    "burnrate.yaml",
                    ""))
        .hasMessage("burnrate.yaml: connectors.ops: missing key 'type'");
  }

  @Test
  void matchLabels_takeOneValueOrAList_andRouteOnlyRecordsCarryingThem() {
    BridgeSettings s =
        BridgeSettings.parse(
            """
            connectors:
              - name: payments-pages
                type: webhook
                url: https://h.example/x
                secret: s3cr3t-value
                match: {labels: {team: [payments, billing], env: prod}}
            """,
            "burnrate.yaml");

    Match m = s.connectors().get(0).match();
    assertThat(m.labels())
        .isEqualTo(Map.of("team", Set.of("payments", "billing"), "env", Set.of("prod")));
    assertThat(m.labelsMatch(Map.of("team", "billing", "env", "prod", "x", "y"))).isTrue();
    assertThat(m.labelsMatch(Map.of("team", "search", "env", "prod"))).isFalse();
    assertThat(m.labelsMatch(Map.of("team", "payments"))).as("env is missing").isFalse();
    assertThat(Match.all().labelsMatch(Map.of())).isTrue();
  }

  @Test
  void matchLabels_withoutAValue_isRefusedWithItsPlace() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    """
                    connectors:
                      - name: hook
                        type: webhook
                        url: https://h.example/x
                        secret: s3cr3t-value
                        match: {labels: {team: []}}
                    """,
                    "burnrate.yaml"))
        .hasMessageContaining("burnrate.yaml")
        .hasMessageContaining("match")
        .hasMessageContaining("at least one value");
  }
}
