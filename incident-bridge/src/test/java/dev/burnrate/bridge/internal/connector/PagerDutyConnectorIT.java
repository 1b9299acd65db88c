package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.Match;
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
}
