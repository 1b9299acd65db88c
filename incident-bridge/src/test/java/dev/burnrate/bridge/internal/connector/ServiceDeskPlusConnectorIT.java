package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.ServiceDeskPlusFake;
import dev.burnrate.bridge.fake.ServiceDeskPlusFake.Item;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ServiceDesk Plus connector on-premises (technician key in the authtoken header). */
class ServiceDeskPlusConnectorIT extends ConnectorContractIT {

  @Override
  protected FakeItsm startFake() {
    return ServiceDeskPlusFake.onPremises("s3cr3t-sdp-key", "");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "sdp",
        "servicedeskplus",
        url,
        Map.of("authtoken", right ? "s3cr3t-sdp-key" : "nope"),
        Match.all());
  }

  private ServiceDeskPlusFake sdp() {
    return (ServiceDeskPlusFake) fake;
  }

  static ObjectNode change(String key, String kind, String state) {
    ObjectNode o = ToolJson.object();
    o.put("kind", "change");
    o.put("key", key);
    o.put("title", "deploy checkout v2.3.1");
    o.put("service", "checkout");
    o.put("changeKind", kind);
    o.put("state", state);
    o.put("startedAt", "2025-01-31T11:30:00Z");
    o.putNull("endedAt");
    o.set("links", ToolJson.array());
    return o;
  }

  static ObjectNode linked(ObjectNode rec, String relation, String key) {
    ObjectNode l = ((ArrayNode) rec.get("links")).addObject();
    l.put("relation", relation);
    l.put("key", key);
    return rec;
  }

  private Outcome once(long id, String event, ObjectNode rec, boolean inDoubt)
      throws InterruptedException {
    Instant now = Instant.now();
    return connector.deliver(
        new Delivery(
            id,
            event,
            event + " " + rec.path("key").asText(),
            TestSnapshots.of(rec),
            inDoubt,
            now,
            now,
            refs));
  }

  @Test
  void anIncident_isARequest_withSubjectPriorityHtmlDescriptionAndTheKeyField() throws Exception {
    ObjectNode inc = incident("INC-40", "open", "P1");
    inc.put("title", "checkout <b>burns</b> & pages");
    deliverUntilDone("opened", inc);

    Item r = sdp().item("INC-40");
    assertThat(r.coll).isEqualTo("requests");
    assertThat(r.text("subject")).isEqualTo("INC-40 checkout <b>burns</b> & pages");
    assertThat(r.text("priority")).isEqualTo("High");
    assertThat(r.text("status")).isEqualTo("Open");
    assertThat(r.udf("udf_sline_burnrate_key")).isEqualTo("INC-40");
    assertThat(r.text("description"))
        .startsWith("<p>opened INC-40</p>")
        .contains("<p>service: checkout</p>")
        .doesNotContain("<b>");
    assertThat(stored.get("INC-40").externalId()).isEqualTo(String.valueOf(r.id));
  }

  @Test
  void priorityAndStatus_followTheIncident_andCloseSendsClosureInfo() throws Exception {
    deliverUntilDone("opened", incident("INC-41", "open", "P4"));
    assertThat(sdp().item("INC-41").text("priority")).isEqualTo("Low");
    deliverUntilDone("escalated", incident("INC-41", "open", "P2"));
    assertThat(sdp().item("INC-41").text("priority")).isEqualTo("Medium");
    deliverUntilDone("acknowledged", incident("INC-41", "acknowledged", "P2"));
    assertThat(sdp().item("INC-41").text("status")).isEqualTo("In Progress");
    ObjectNode resolved = incident("INC-41", "resolved", "P2");
    resolved.put("resolution", "rolled back v2.3.1");
    deliverUntilDone("resolved", resolved);
    Item r = sdp().item("INC-41");
    assertThat(r.text("status")).isEqualTo("Resolved");
    assertThat(r.fields.path("resolution").path("content").asText())
        .isEqualTo("rolled back v2.3.1");

    deliverUntilDone("closed", incident("INC-41", "closed", "P2"));

    r = sdp().item("INC-41");
    assertThat(r.text("status")).isEqualTo("Closed");
    JsonNode ci = r.fields.path("closure_info");
    assertThat(ci.path("closure_code").path("name").asText()).isEqualTo("Success");
    assertThat(ci.path("requester_ack_resolution").asBoolean()).isTrue();
    assertThat(ci.path("closure_comments").asText()).isEqualTo("closed INC-41");
  }

  @Test
  void aRequestClosedAlready_isNotClosedAgain() throws Exception {
    deliverUntilDone("opened", incident("INC-42", "open", "P2"));
    // An earlier attempt whose answer was lost, or a technician, closed it.
    sdp().item("INC-42").fields.set("status", ToolJson.object().put("name", "Closed"));

    Outcome o = deliver("closed", incident("INC-42", "closed", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    assertThat(sdp().item("INC-42").fields.has("closure_info")).isFalse();
  }

  @Test
  void aTimelineEvent_isOnePrivateNote_evenWhenRetriedInDoubt() throws Exception {
    deliverUntilDone("opened", incident("INC-43", "open", "P2"));
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-43", "open", "P2");
    Instant now = Instant.now();
    assertThat(
            connector.deliver(
                new Delivery(
                    91,
                    "commented",
                    "alice: <looking>",
                    TestSnapshots.of(rec),
                    false,
                    null,
                    now,
                    refs)))
        .isInstanceOf(Outcome.Retry.class);
    assertThat(
            connector.deliver(
                new Delivery(
                    91,
                    "commented",
                    "alice: <looking>",
                    TestSnapshots.of(rec),
                    true,
                    now,
                    now,
                    refs)))
        .isInstanceOf(Outcome.Delivered.class);

    List<JsonNode> notes = sdp().item("INC-43").notes;
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).path("show_to_requester").asBoolean(true)).isFalse();
    assertThat(notes.get(0).path("description").asText())
        .contains("alice: &lt;looking&gt;")
        .contains("[burnrate-event-91]");
  }

  @Test
  void anInDoubtCreate_isFoundThroughSearchCriteria_andNotCreatedAgain() throws Exception {
    sdp().addOthers("requests", 30);
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-44", "open", "P1");
    assertThat(once(5, "opened", rec, false)).isInstanceOf(Outcome.Retry.class);
    assertThat(sdp().recordsFor("INC-44")).isEqualTo(1);
    assertThat(stored).doesNotContainKey("INC-44");

    assertThat(once(5, "opened", rec, true)).isInstanceOf(Outcome.Delivered.class);

    assertThat(sdp().recordsFor("INC-44")).isEqualTo(1);
    assertThat(stored.get("INC-44").externalId())
        .isEqualTo(String.valueOf(sdp().item("INC-44").id));
  }

  @Test
  void inDoubtCreatesOfAProblemAndAChange_areFoundByTheirKeyField() throws Exception {
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP, FakeItsm.Fault.PROCESS_THEN_DROP);
    ObjectNode prb = problem("PRB-6", List.of());
    ObjectNode chg = change("CHG-4", "normal", "planned");
    assertThat(once(11, "opened", prb, false)).isInstanceOf(Outcome.Retry.class);
    assertThat(once(12, "opened", chg, false)).isInstanceOf(Outcome.Retry.class);
    sdp().addOthers("problems", 20);
    sdp().addOthers("changes", 20);

    assertThat(once(11, "opened", prb, true)).isInstanceOf(Outcome.Delivered.class);
    assertThat(once(12, "opened", chg, true)).isInstanceOf(Outcome.Delivered.class);

    assertThat(sdp().recordsFor("PRB-6")).isEqualTo(1);
    assertThat(sdp().recordsFor("CHG-4")).isEqualTo(1);
    assertThat(stored.get("CHG-4").externalId()).isEqualTo(String.valueOf(sdp().item("CHG-4").id));
  }

  @Test
  void a200WithStatusCode4000_forBadInput_isRejected_withServiceDeskPlusMessage() throws Exception {
    deliverUntilDone("opened", incident("INC-45", "open", "P3"));
    sdp().failNextWith200(4001, "priority", "Invalid value for priority");

    Outcome o = deliver("escalated", incident("INC-45", "open", "P1"), false);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .contains("PUT /api/v3/requests/")
        .contains("answered 200")
        .contains("status_code 4001 field priority: Invalid value for priority");
    assertThat(sdp().item("INC-45").text("priority")).isEqualTo("Normal");
  }

  @Test
  void a200WithStatusCode4000_internalError_isRetried_andTheRetryCreatesOneRecord()
      throws Exception {
    sdp().failNextWith200(4004, null, "Internal error");

    Outcome o = deliver("opened", incident("INC-46", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).error()).contains("status_code 4004").contains("answered 200");
    assertThat(sdp().recordsFor("INC-46")).isZero();
    deliverUntilDone("opened", incident("INC-46", "open", "P2"));
    assertThat(sdp().recordsFor("INC-46")).isEqualTo(1);
  }

  @Test
  void a200WithStatusCode4000_unauthorised_isRetried_asACredentialError() throws Exception {
    sdp().failNextWith200(4002, null, "UNAUTHORISED");

    Outcome o = deliver("opened", incident("INC-47", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(stored).doesNotContainKey("INC-47");
  }

  @Test
  void aMessageEchoingTheTechnicianKey_isMasked_inTheError() throws Exception {
    sdp().failNextWith200(4001, "authtoken", "Key s3cr3t-sdp-key has no access to site Tokyo");

    Outcome o = deliver("opened", incident("INC-57", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .contains("Key *** has no access to site Tokyo")
        .doesNotContain("s3cr3t");
  }

  @Test
  void aMissingUserDefinedField_isFinal_andNamesTheField() throws Exception {
    sdp().udfs.get("requests").remove("udf_sline_burnrate_key");

    Outcome o = deliver("opened", incident("INC-48", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .contains("answered 400")
        .contains("field udf_fields.udf_sline_burnrate_key");
    assertThat(fake.recordCount()).isZero();
  }

  @Test
  void aConfiguredKeyField_isWrittenAndSearched() throws Exception {
    sdp().udfs.get("requests").add("udf_sline_301");
    connector =
        Connectors.create(
            ConnectorSettings.of(
                "sdp",
                "servicedeskplus",
                fake.url(),
                Map.of(
                    "authtoken",
                    "s3cr3t-sdp-key",
                    "recordKeyField",
                    "udf_sline_301",
                    "requester",
                    "burnrate@acme.example",
                    "group",
                    "SRE"),
                Match.all()),
            OUTBOX,
            Clock.systemUTC());
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-49", "open", "P2");
    assertThat(once(7, "opened", rec, false)).isInstanceOf(Outcome.Retry.class);

    assertThat(once(7, "opened", rec, true)).isInstanceOf(Outcome.Delivered.class);

    assertThat(sdp().recordsFor("INC-49")).isEqualTo(1);
    assertThat(sdp().item("INC-49").udf("udf_sline_301")).isEqualTo("INC-49");
    assertThat(sdp().item("INC-49").fields.path("requester").path("email_id").asText())
        .isEqualTo("burnrate@acme.example");
    assertThat(sdp().item("INC-49").text("group")).isEqualTo("SRE");
  }

  @Test
  void a429_pausesEveryRecord_untilItsRetryAfter() throws Exception {
    fake.failNext(FakeItsm.Fault.RATE_LIMIT);
    Instant now = Instant.now();
    Outcome first =
        connector.deliver(
            new Delivery(
                7,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-50", "open", "P1")),
                false,
                null,
                now,
                refs));
    assertThat(first).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) first).after()).isEqualTo(Duration.ofSeconds(1));
    int seen = fake.requests.get();

    Outcome other =
        connector.deliver(
            new Delivery(
                8,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-51", "open", "P1")),
                false,
                null,
                now.plusMillis(500),
                refs));

    assertThat(other).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) other).after()).isEqualTo(Duration.ofMillis(500));
    assertThat(fake.requests.get()).isEqualTo(seen);
  }

  @Test
  void aRateLimitMessage4015_isRetriedAfterAMinute_andPausesEveryRecord() throws Exception {
    sdp().failNextWith200(4015, null, "API rate limit reached");
    Instant now = Instant.now();

    Outcome first =
        connector.deliver(
            new Delivery(
                7,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-58", "open", "P1")),
                false,
                null,
                now,
                refs));

    assertThat(first).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) first).after()).isEqualTo(Duration.ofSeconds(60));
    int seen = fake.requests.get();
    Outcome other =
        connector.deliver(
            new Delivery(
                8,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-59", "open", "P1")),
                false,
                null,
                now.plusSeconds(20),
                refs));
    assertThat(other).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) other).after()).isEqualTo(Duration.ofSeconds(40));
    assertThat(fake.requests.get()).isEqualTo(seen);
  }

  @Test
  void aProblem_hasItsRootCause_andIsAssociatedWithItsIncidents() throws Exception {
    deliverUntilDone("opened", incident("INC-52", "open", "P2"));
    ObjectNode prb = problem("PRB-5", List.of("INC-52"));
    deliverUntilDone("opened", prb);
    prb.put("rootCause", "connection pool <too small>");
    prb.put("workaround", "restart the pods");
    prb.put("state", "known_error");
    prb.put("knownError", true);
    deliverUntilDone("known_error", prb);

    Item p = sdp().item("PRB-5");
    assertThat(p.coll).isEqualTo("problems");
    assertThat(p.text("title")).startsWith("PRB-5 ");
    assertThat(p.text("status")).isEqualTo("Open");
    assertThat(p.text("root_cause")).isEqualTo("connection pool &lt;too small&gt;");
    assertThat(p.notes).hasSize(1);
    assertThat(p.notes.get(0).path("description").asText()).contains("restart the pods");
    assertThat(p.associated).containsExactly(String.valueOf(sdp().item("INC-52").id));

    prb.put("state", "closed");
    deliverUntilDone("closed", prb);
    assertThat(sdp().state("PRB-5")).isEqualTo("closed");
  }

  @Test
  void anIncidentOpenedAfterItsProblem_isAssociatedFromItsSide() throws Exception {
    deliverUntilDone("opened", problem("PRB-7", List.of()));

    deliverUntilDone("opened", linked(incident("INC-53", "open", "P2"), "problem", "PRB-7"));

    assertThat(sdp().item("PRB-7").associated)
        .containsExactly(String.valueOf(sdp().item("INC-53").id));

    // The problem's side of the same link, later: associated already, so nothing to refuse.
    assertThat(deliver("linked", problem("PRB-7", List.of("INC-53")), false))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(sdp().item("PRB-7").associated).hasSize(1);
  }

  @Test
  void aChange_hasTypeRiskAndSchedule_initiatedRequests_andIsClosedThroughCloseChange()
      throws Exception {
    deliverUntilDone("opened", change("CHG-3", "emergency", "in_progress"));
    deliverUntilDone(
        "opened", linked(incident("INC-54", "open", "P1"), "suspected-cause", "CHG-3"));

    Item c = sdp().item("CHG-3");
    assertThat(c.coll).isEqualTo("changes");
    assertThat(c.text("change_type")).isEqualTo("Emergency");
    assertThat(c.text("risk")).isEqualTo("High");
    assertThat(c.fields.path("scheduled_start_time").path("value").asText())
        .isEqualTo(String.valueOf(Instant.parse("2025-01-31T11:30:00Z").toEpochMilli()));
    assertThat(c.fields.path("scheduled_end_time").path("value").asText())
        .isEqualTo(String.valueOf(Instant.parse("2025-01-31T12:30:00Z").toEpochMilli()));
    assertThat(c.associated).containsExactly(String.valueOf(sdp().item("INC-54").id));

    deliverUntilDone("updated", change("CHG-3", "emergency", "completed"));

    c = sdp().item("CHG-3");
    assertThat(c.text("stage")).isEqualTo("Close");
    assertThat(c.text("status")).isEqualTo("Completed");
    assertThat(sdp().state("CHG-3")).isEqualTo("closed");
  }

  @Test
  void theTechnicianKey_goesInTheAuthtokenHeader_withTheV3Accept() throws Exception {
    deliverUntilDone("opened", incident("INC-55", "open", "P3"));

    assertThat(sdp().lastCredential).isEqualTo("s3cr3t-sdp-key");
    assertThat(sdp().recordsFor("INC-55")).isEqualTo(1);
  }

  @Test
  void aUrlWithAPathPrefix_keepsIt() throws Exception {
    try (ServiceDeskPlusFake proxied = ServiceDeskPlusFake.onPremises("s3cr3t-sdp-key", "/sdp")) {
      Connector c =
          Connectors.create(
              settings(URI.create(proxied.url() + "/sdp/"), true), OUTBOX, Clock.systemUTC());
      Instant now = Instant.now();

      Outcome o =
          c.deliver(
              new Delivery(
                  9,
                  "opened",
                  "x",
                  TestSnapshots.of(incident("INC-56", "open", "P3")),
                  false,
                  null,
                  now,
                  refs));

      assertThat(o).isInstanceOf(Outcome.Delivered.class);
      assertThat(proxied.recordsFor("INC-56")).isEqualTo(1);
      assertThat(proxied.paths).allMatch(p -> p.startsWith("/sdp/api/v3/"));
    }
  }
}
