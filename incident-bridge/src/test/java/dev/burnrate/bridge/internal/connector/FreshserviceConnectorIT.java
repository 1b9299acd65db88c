package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FreshserviceFake;
import dev.burnrate.bridge.fake.FreshserviceFake.Item;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshserviceConnectorIT extends ConnectorContractIT {

  @Override
  protected FakeItsm startFake() {
    return new FreshserviceFake("s3cr3t-fs-key");
  }

  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return ConnectorSettings.of(
        "fs", "freshservice", url, Map.of("apiKey", right ? "s3cr3t-fs-key" : "nope"), Match.all());
  }

  private FreshserviceFake fs() {
    return (FreshserviceFake) fake;
  }

  private static ObjectNode change(String key, String kind, String state) {
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

  private static ObjectNode linked(ObjectNode rec, String relation, String key) {
    ObjectNode l = ((com.fasterxml.jackson.databind.node.ArrayNode) rec.get("links")).addObject();
    l.put("relation", relation);
    l.put("key", key);
    return rec;
  }

  @Test
  void anIncident_isATicket_withPriorityStatusTagsAndAnHtmlDescription() throws Exception {
    ObjectNode inc = incident("INC-40", "open", "P1");
    inc.put("title", "checkout <b>burns</b> & pages");
    deliverUntilDone("opened", inc);

    Item t = fs().item("INC-40");
    assertThat(t.kind).isEqualTo("tickets");
    assertThat(t.text("priority")).isEqualTo("4");
    assertThat(t.text("status")).isEqualTo("2");
    assertThat(t.text("subject")).isEqualTo("INC-40 checkout <b>burns</b> & pages");
    assertThat(t.text("tags")).isEqualTo("[\"burnrate\",\"burnrate-INC-40\"]");
    assertThat(t.text("description"))
        .startsWith("<p>opened INC-40</p>")
        .contains("<p>service: checkout</p>")
        .doesNotContain("<b>");
    assertThat(t.text("email")).isEqualTo("burnrate@127.0.0.1");
    assertThat(stored.get("INC-40").externalKey()).isEqualTo("INC-" + t.id);
  }

  @Test
  void priorityAndStatus_followTheIncident_P4ToP2_resolved4_closed5() throws Exception {
    deliverUntilDone("opened", incident("INC-41", "open", "P4"));
    assertThat(fs().item("INC-41").text("priority")).isEqualTo("1");
    deliverUntilDone("escalated", incident("INC-41", "open", "P2"));
    assertThat(fs().item("INC-41").text("priority")).isEqualTo("3");
    deliverUntilDone("resolved", incident("INC-41", "resolved", "P2"));
    assertThat(fs().item("INC-41").text("status")).isEqualTo("4");
    deliverUntilDone("closed", incident("INC-41", "closed", "P2"));
    assertThat(fs().item("INC-41").text("status")).isEqualTo("5");
  }

  @Test
  void aTimelineEvent_isOnePrivateNote_evenWhenRetriedInDoubt() throws Exception {
    deliverUntilDone("opened", incident("INC-42", "open", "P2"));
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    Instant now = Instant.now();
    ObjectNode rec = incident("INC-42", "open", "P2");
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

    List<com.fasterxml.jackson.databind.JsonNode> notes = fs().item("INC-42").notes;
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).path("private").asBoolean()).isTrue();
    assertThat(notes.get(0).path("body").asText())
        .contains("alice: &lt;looking&gt;")
        .contains("[burnrate-event-91]");
  }

  @Test
  void anInDoubtCreate_isFoundByItsTag_andNotCreatedAgain() throws Exception {
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP);
    Instant now = Instant.now();
    ObjectNode rec = incident("INC-43", "open", "P1");
    assertThat(
            connector.deliver(
                new Delivery(5, "opened", "x", TestSnapshots.of(rec), false, null, now, refs)))
        .isInstanceOf(Outcome.Retry.class);
    assertThat(fs().recordsFor("INC-43")).isEqualTo(1);
    assertThat(stored).doesNotContainKey("INC-43");

    Outcome o =
        connector.deliver(
            new Delivery(
                5, "opened", "x", TestSnapshots.of(rec), true, now.minusSeconds(1), now, refs));

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    assertThat(fs().recordsFor("INC-43")).isEqualTo(1);
    assertThat(stored.get("INC-43").externalId()).isEqualTo(String.valueOf(fs().item("INC-43").id));
  }

  @Test
  void anInDoubtCreate_waitsForTheFilterIndex_beforeFiltering() throws Exception {
    OutboxSettings lagging =
        new OutboxSettings(
            1,
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            0,
            Duration.ofMillis(400),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            OutboxSettings.DEFAULT_RETENTION);
    connector = Connectors.create(settings(fake.url(), true), lagging, Clock.systemUTC());
    Instant now = Instant.now();

    Outcome o =
        connector.deliver(
            new Delivery(
                6,
                "opened",
                "x",
                TestSnapshots.of(incident("INC-44", "open", "P1")),
                true,
                now.minusSeconds(10),
                now,
                refs));

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).after()).isEqualTo(Duration.ofSeconds(20));
    assertThat(fake.requests.get()).isZero();
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
                TestSnapshots.of(incident("INC-45", "open", "P1")),
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
                TestSnapshots.of(incident("INC-46", "open", "P1")),
                false,
                null,
                now.plusMillis(500),
                refs));

    assertThat(other).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) other).after()).isEqualTo(Duration.ofMillis(500));
    assertThat(fake.requests.get()).isEqualTo(seen);
    assertThat(
            connector.deliver(
                new Delivery(
                    8,
                    "opened",
                    "x",
                    TestSnapshots.of(incident("INC-46", "open", "P1")),
                    false,
                    null,
                    now.plusSeconds(1),
                    refs)))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(fs().recordsFor("INC-46")).isEqualTo(1);
  }

  @Test
  void aProblem_hasItsMandatoryFieldsAndRootCause_andItsIncidentsPointAtIt() throws Exception {
    deliverUntilDone("opened", incident("INC-47", "open", "P2"));
    ObjectNode prb = problem("PRB-5", List.of("INC-47"));
    deliverUntilDone("opened", prb);
    prb.put("rootCause", "connection pool <too small>");
    prb.put("workaround", "restart the pods");
    prb.put("state", "known_error");
    prb.put("knownError", true);
    deliverUntilDone("known_error", prb);

    Item p = fs().item("PRB-5");
    assertThat(p.kind).isEqualTo("problems");
    assertThat(p.text("impact")).isEqualTo("2");
    assertThat(Instant.parse(p.text("due_by"))).isAfter(Instant.now());
    assertThat(p.text("known_error")).isEqualTo("true");
    assertThat(p.fields.get("analysis_fields").path("problem_cause").path("description").asText())
        .isEqualTo("connection pool &lt;too small&gt;");
    assertThat(p.notes).hasSize(1);
    assertThat(p.notes.get(0).path("body").asText()).contains("restart the pods");
    assertThat(fs().item("INC-47").fields.get("problem").path("display_id").asLong())
        .isEqualTo(p.id);
  }

  @Test
  void aChange_hasTypeRiskAndPlannedDates_andTheIncidentItCausedPointsAtIt() throws Exception {
    deliverUntilDone("opened", change("CHG-3", "emergency", "in_progress"));
    deliverUntilDone(
        "opened", linked(incident("INC-48", "open", "P1"), "suspected-cause", "CHG-3"));

    Item c = fs().item("CHG-3");
    assertThat(c.kind).isEqualTo("changes");
    assertThat(c.text("change_type")).isEqualTo("4");
    assertThat(c.text("risk")).isEqualTo("3");
    assertThat(c.text("status")).isEqualTo("4");
    assertThat(c.text("planned_start_date")).isEqualTo("2025-01-31T11:30:00Z");
    assertThat(c.text("planned_end_date")).isEqualTo("2025-01-31T12:30:00Z");
    assertThat(
            fs().item("INC-48").fields.get("change_initiating_ticket").path("display_id").asLong())
        .isEqualTo(c.id);

    deliverUntilDone("updated", change("CHG-3", "emergency", "completed"));
    assertThat(fs().item("CHG-3").text("status")).isEqualTo("5");
  }

  @Test
  void inDoubtCreatesOfAProblemAndAChange_findTheRecordsByTheirMarker() throws Exception {
    fake.failNext(FakeItsm.Fault.PROCESS_THEN_DROP, FakeItsm.Fault.PROCESS_THEN_DROP);
    Instant now = Instant.now();
    ObjectNode prb = problem("PRB-6", List.of());
    ObjectNode chg = change("CHG-4", "normal", "planned");
    assertThat(
            connector.deliver(
                new Delivery(11, "opened", "x", TestSnapshots.of(prb), false, null, now, refs)))
        .isInstanceOf(Outcome.Retry.class);
    assertThat(
            connector.deliver(
                new Delivery(12, "opened", "x", TestSnapshots.of(chg), false, null, now, refs)))
        .isInstanceOf(Outcome.Retry.class);
    // Records people created since: the lost problem is on the second page of the list.
    fs().addOthers("problems", 150);
    fs().addOthers("changes", 150);

    assertThat(
            connector.deliver(
                new Delivery(11, "opened", "x", TestSnapshots.of(prb), true, now, now, refs)))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(
            connector.deliver(
                new Delivery(12, "opened", "x", TestSnapshots.of(chg), true, now, now, refs)))
        .isInstanceOf(Outcome.Delivered.class);

    assertThat(fs().recordsFor("PRB-6")).isEqualTo(1);
    assertThat(fs().recordsFor("CHG-4")).isEqualTo(1);
    assertThat(stored.get("PRB-6").externalId()).isEqualTo(String.valueOf(fs().item("PRB-6").id));
    assertThat(stored.get("CHG-4").externalId()).isEqualTo(String.valueOf(fs().item("CHG-4").id));
  }

  @Test
  void aValidationError_isFinal_andNamesTheField() throws Exception {
    deliverUntilDone("opened", incident("INC-49", "open", "P2"));
    stored.put("PRB-99", new ExternalRef("999", "PRB-999", null));

    Outcome o =
        deliver("linked", linked(incident("INC-49", "open", "P2"), "problem", "PRB-99"), false);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .contains("answered 400")
        .contains("Validation failed")
        .contains("\"field\":\"problem\"");
  }

  @Test
  void aUrlWithAPathPrefix_keepsIt() throws Exception {
    try (FreshserviceFake proxied = new FreshserviceFake("s3cr3t-fs-key", "/itsm/fs")) {
      Connector c =
          Connectors.create(
              settings(URI.create(proxied.url() + "/itsm/fs/"), true), OUTBOX, Clock.systemUTC());
      Instant now = Instant.now();

      Outcome o =
          c.deliver(
              new Delivery(
                  9,
                  "opened",
                  "x",
                  TestSnapshots.of(incident("INC-50", "open", "P3")),
                  false,
                  null,
                  now,
                  refs));

      assertThat(o).isInstanceOf(Outcome.Delivered.class);
      assertThat(proxied.recordsFor("INC-50")).isEqualTo(1);
      assertThat(proxied.item("INC-50").text("priority")).isEqualTo("2");
    }
  }

  @Test
  void aPriorityAPersonSet_isKeptOnUpdates_untilBurnratesOwnPriorityChanges() throws Exception {
    deliverUntilDone("opened", incident("INC-51", "open", "P3"));
    Item t = fs().item("INC-51");
    assertThat(t.text("priority")).isEqualTo("2");
    // An agent raises it to Urgent in Freshservice.
    t.fields.put("priority", ToolJson.object().numberNode(4));

    deliverUntilDone("updated", incident("INC-51", "open", "P3"));
    deliverUntilDone("acknowledged", incident("INC-51", "acknowledged", "P3"));
    assertThat(fs().item("INC-51").text("priority")).isEqualTo("4");

    deliverUntilDone("escalated", incident("INC-51", "acknowledged", "P2"));
    assertThat(fs().item("INC-51").text("priority")).isEqualTo("3");
    deliverUntilDone("resolved", incident("INC-51", "resolved", "P2"));
    assertThat(fs().item("INC-51").text("status")).isEqualTo("4");
    assertThat(fs().item("INC-51").text("priority")).isEqualTo("3");
  }

  @Test
  void theConnectorPauses_whenXRatelimitRemainingIsDownToTheReserve_beforeA429() throws Exception {
    fs().ratePerMinute = 10;
    Outcome.Retry pause = null;
    for (int n = 0; n < 30 && pause == null; n++) {
      Outcome o =
          connector.deliver(
              new Delivery(
                  200 + n,
                  "opened",
                  "x",
                  TestSnapshots.of(incident("INC-6" + n, "open", "P3")),
                  false,
                  null,
                  Instant.now(),
                  refs));
      if (o instanceof Outcome.Retry r) {
        pause = r;
      } else {
        assertThat(o).isInstanceOf(Outcome.Delivered.class);
      }
    }

    assertThat(pause).isNotNull();
    assertThat(pause.error()).contains("X-Ratelimit-Remaining");
    // One request left of ten a minute, kept back: six seconds until there are two again.
    assertThat(pause.after()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6));
    assertThat(fs().tooManyRequests).isZero();
  }
}
