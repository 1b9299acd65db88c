package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
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
                    41,
                    "resolved",
                    "Resolved by alice",
                    TestSnapshots.of(resolved),
                    false,
                    null,
                    now,
                    refs)))
        .isInstanceOf(Connector.Outcome.Retry.class);
    assertThat(
            connector.deliver(
                new Connector.Delivery(
                    41,
                    "resolved",
                    "Resolved by alice",
                    TestSnapshots.of(resolved),
                    true,
                    now,
                    now,
                    refs)))
        .isInstanceOf(Connector.Outcome.Delivered.class);

    Map<String, String> inc = snow.row("INC-31");
    assertThat(inc.get("state")).isEqualTo("6");
    assertThat(inc.get("close_code")).isEqualTo("Solution provided");
    assertThat(inc.get("close_notes")).isEqualTo("rolled back");
    assertThat(snow.journal.stream().filter(j -> j.get("element_id").equals(sysId))).hasSize(1);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode change(
      String key, String kind, String state) {
    var o = dev.burnrate.bridge.internal.connector.ToolJson.object();
    o.put("kind", "change");
    o.put("key", key);
    o.put("title", "deploy checkout v2.3.1");
    o.put("service", "checkout");
    o.put("changeKind", kind);
    o.put("state", state);
    o.put("startedAt", "2025-01-31T11:30:00Z");
    o.putNull("endedAt");
    o.set("links", dev.burnrate.bridge.internal.connector.ToolJson.array());
    return o;
  }

  @Test
  void a403OnAClosedIncident_isFinalForThatMessage_whileAMissingRoleIsRetried() throws Exception {
    deliverUntilDone("opened", incident("INC-32", "open", "P2"));
    deliverUntilDone("closed", incident("INC-32", "closed", "P2"));
    ServiceNowFake snow = (ServiceNowFake) fake;
    assertThat(snow.row("INC-32").get("state")).isEqualTo("7");

    Connector.Outcome late = deliver("commented", incident("INC-32", "closed", "P2"), false);

    assertThat(late).isInstanceOf(Connector.Outcome.Rejected.class);
    assertThat(((Connector.Outcome.Rejected) late).error())
        .contains("read-only")
        .contains("ACL Exception Update Failed");

    // A problem raised later over the closed incident is delivered, without the link it cannot
    // take.
    assertThat(deliver("opened", problem("PRB-9", List.of("INC-32")), false))
        .isInstanceOf(Connector.Outcome.Delivered.class);
    assertThat(snow.row("INC-32").get("problem_id")).isNull();

    deliverUntilDone("opened", incident("INC-33", "open", "P2"));
    snow.roleMissing = true;
    assertThat(deliver("commented", incident("INC-33", "open", "P2"), false))
        .isInstanceOf(Connector.Outcome.Retry.class);
  }

  @Test
  void normalAndEmergencyChanges_walkTheStateModel_oneStateAtATime() throws Exception {
    deliverUntilDone("opened", change("CHG-7", "normal", "in_progress"));
    deliverUntilDone("opened", change("CHG-8", "emergency", "approved"));
    ServiceNowFake snow = (ServiceNowFake) fake;
    String normal = snow.row("CHG-7").get("sys_id");
    String emergency = snow.row("CHG-8").get("sys_id");

    assertThat(snow.changeStates.get(normal)).containsExactly("-5", "-4", "-3", "-2", "-1");
    assertThat(snow.changeStates.get(emergency)).containsExactly("-5", "-3", "-2");

    deliverUntilDone("updated", change("CHG-7", "normal", "completed"));
    assertThat(snow.changeStates.get(normal)).endsWith("-1", "0", "3");
    assertThat(snow.row("CHG-7").get("close_code")).isEqualTo("successful");
  }

  @Test
  void problemStates_followTheConfiguredMap_ofTheInstance() throws Exception {
    connector =
        Connectors.create(
            ConnectorSettings.of(
                "snow",
                "servicenow",
                fake.url(),
                Map.of(
                    "user",
                    "burnrate",
                    "password",
                    "s3cr3t-pw",
                    "problemStates",
                    "open=1, known_error=2, resolved=4, closed=4"),
                Match.all()),
            OUTBOX,
            java.time.Clock.systemUTC());
    var prb = problem("PRB-8", List.of());
    deliverUntilDone("opened", prb);
    ServiceNowFake snow = (ServiceNowFake) fake;
    assertThat(snow.row("PRB-8").get("state")).isEqualTo("1");

    prb.put("state", "known_error");
    prb.put("knownError", true);
    deliverUntilDone("known_error", prb);
    assertThat(snow.row("PRB-8").get("state")).isEqualTo("2");
  }

  @Test
  void anUpdate_writesOnlyWhatChangedInBurnrate_andKeepsAPersonsOnHoldAndPriority()
      throws Exception {
    deliverUntilDone("opened", incident("INC-34", "open", "P3"));
    ServiceNowFake snow = (ServiceNowFake) fake;
    Map<String, String> row = snow.row("INC-34");
    // A person puts it on hold and lowers its urgency in ServiceNow.
    row.put("state", "3");
    row.put("hold_reason", "1");
    row.put("urgency", "3");

    deliverUntilDone("updated", incident("INC-34", "open", "P3"));
    assertThat(snow.row("INC-34")).containsEntry("state", "3").containsEntry("urgency", "3");

    deliverUntilDone("escalated", incident("INC-34", "open", "P1"));
    assertThat(snow.row("INC-34"))
        .containsEntry("state", "3")
        .containsEntry("impact", "1")
        .containsEntry("urgency", "1");

    deliverUntilDone("resolved", incident("INC-34", "resolved", "P1"));
    assertThat(snow.row("INC-34")).containsEntry("state", "6");
  }
}
