package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.BridgeSettings;
import org.junit.jupiter.api.Test;

class ConnectorOptionsTest {

  @Test
  void theNewOptions_parse() {
    BridgeSettings s =
        BridgeSettings.parse(
            """
            connectors:
              - {name: snow, type: servicenow, url: 'https://x.service-now.com', user: u,
                 password: p, problemStates: 'open=1, known_error=2, resolved=4, closed=4'}
              - {name: jsm, type: jira, url: 'https://x.atlassian.net', user: u, token: t,
                 project: OPS, serviceDesk: auto, requestType: '25', resolution: Fixed}
              - {name: pd, type: pagerduty, url: 'https://events.pagerduty.com', routingKey: k,
                 apiToken: rest-token, from: sre@example.com, setPriority: 'true'}
              - {name: fs, type: freshservice, url: 'https://x.freshservice.com', apiKey: k,
                 rateLimitReserve: '10'}
            """,
            "b.yaml");

    assertThat(s.connectors()).hasSize(4);
    assertThat(s.connectors().get(2).secrets().get("apiToken").reveal()).isEqualTo("rest-token");
    assertThat(s.connectors().get(2).toString()).doesNotContain("rest-token");
  }

  @Test
  void aHoldReasonThatIsNotOne_isAnError_withItsPlace() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n"
                        + "  - name: snow\n"
                        + "    type: servicenow\n"
                        + "    url: https://x.service-now.com\n"
                        + "    user: u\n"
                        + "    password: p\n"
                        + "    holdReason: vendor\n",
                    "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: connectors[0]: holdReason: unknown On hold reason");
  }

  @Test
  void aBadProblemStatesMap_isAnError_withItsPlace() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n"
                        + "  - name: snow\n"
                        + "    type: servicenow\n"
                        + "    url: https://x.service-now.com\n"
                        + "    user: u\n"
                        + "    password: p\n"
                        + "    problemStates: 'open=1, fixed=4'\n",
                    "b.yaml"))
        .hasMessageStartingWith("b.yaml:2:5: connectors[0]: problemStates: unknown problem state");
  }

  @Test
  void aServiceDeskModeOrReserveThatIsNotOne_isNamed() {
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: j, type: jira, url: 'https://x.atlassian.net',"
                        + " user: u, token: t, project: OPS, serviceDesk: maybe}\n",
                    "b.yaml"))
        .hasMessageContaining("serviceDesk must be one of [auto, false, true], got 'maybe'");
    assertThatThrownBy(
            () ->
                BridgeSettings.parse(
                    "connectors:\n  - {name: f, type: freshservice,"
                        + " url: 'https://x.freshservice.com', apiKey: k, rateLimitReserve: lots}\n",
                    "b.yaml"))
        .hasMessageContaining("rateLimitReserve must be a whole number, got 'lots'");
  }
}
