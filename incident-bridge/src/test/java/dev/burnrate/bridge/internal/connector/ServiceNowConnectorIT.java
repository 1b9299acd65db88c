package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.ServiceNowFake;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceNowConnectorIT extends ConnectorContractIT {

  @Override
  protected FakeItsm startFake() {
    return new ServiceNowFake("burnrate", "s3cr3t-pw");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "snow",
        "servicenow",
        url,
        Map.of(
            "user", "burnrate", "password", right ? "s3cr3t-pw" : "nope", "assignmentGroup", "SRE"),
        Match.all());
  }

  @Test
  void incident_getsUrgencyImpactAndCorrelationId_andItsProblemId() throws Exception {
    deliverUntilDone("opened", incident("INC-30", "open", "P1"));
    deliverUntilDone("opened", problem("PRB-4", List.of("INC-30")));

    ServiceNowFake snow = (ServiceNowFake) fake;
    Map<String, String> inc = snow.row("INC-30");
    assertThat(inc.get("correlation_id")).isEqualTo("burnrate:INC-30");
    assertThat(inc.get("impact")).isEqualTo("1");
    assertThat(inc.get("urgency")).isEqualTo("1");
    assertThat(inc.get("assignment_group")).isEqualTo("SRE");
    assertThat(inc.get("problem_id")).isEqualTo(snow.row("PRB-4").get("sys_id"));
    assertThat(snow.row("PRB-4").get("sys_class_name")).isEqualTo("problem");
  }

  @Test
  void resolving_setsStateSixWithACloseCode_andOneWorkNotePerEvent() throws Exception {
    deliverUntilDone("opened", incident("INC-31", "open", "P2"));
    ServiceNowFake snow = (ServiceNowFake) fake;
    String sysId = snow.row("INC-31").get("sys_id");
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    java.time.Instant now = java.time.Instant.now();
    var resolved = incident("INC-31", "resolved", "P2").put("resolution", "rolled back");
    assertThat(
            connector.deliver(
                new Connector.Delivery(
                    41, "resolved", "Resolved by alice", resolved, false, null, now, refs)))
        .isInstanceOf(Connector.Outcome.Retry.class);
    assertThat(
            connector.deliver(
                new Connector.Delivery(
                    41, "resolved", "Resolved by alice", resolved, true, now, now, refs)))
        .isInstanceOf(Connector.Outcome.Delivered.class);

    Map<String, String> inc = snow.row("INC-31");
    assertThat(inc.get("state")).isEqualTo("6");
    assertThat(inc.get("close_code")).isEqualTo("Solution provided");
    assertThat(inc.get("close_notes")).isEqualTo("rolled back");
    assertThat(snow.journal.stream().filter(j -> j.get("element_id").equals(sysId))).hasSize(1);
  }
}
