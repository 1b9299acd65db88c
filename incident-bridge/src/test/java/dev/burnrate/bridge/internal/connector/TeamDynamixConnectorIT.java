package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.TeamDynamixFake;
import dev.burnrate.bridge.fake.TeamDynamixFake.Ticket;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamDynamixConnectorIT extends ConnectorContractIT {
  private static final String BEID = "beid-s3cr3t-4c1e";
  private static final String KEY = "wsk-s3cr3t-77aa";
  private static final int APP = 627;

  @Override
  protected FakeItsm startFake() {
    return new TeamDynamixFake(BEID, KEY, APP);
  }

  /** The contract's keys only. */
  @Override
  protected ConnectorSettings settings(URI url, boolean right) {
    return settings(url, right, Map.of());
  }

  private static ConnectorSettings settings(URI url, boolean right, Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("beid", BEID);
    values.put("webServicesKey", right ? KEY : "wrong-key");
    values.put("appId", Integer.toString(APP));
    return ConnectorSettings.of("tdx", "teamdynamix", url, values, Match.all());
  }

  private TeamDynamixFake tdx() {
    return (TeamDynamixFake) fake;
  }

  private Connector with(Map<String, String> options) {
    return Connectors.create(settings(fake.url(), true, options), OUTBOX, Clock.systemUTC());
  }

  private Outcome at(Connector c, long id, String event, ObjectNode rec, boolean inDoubt, Instant t)
      throws InterruptedException {
    return c.deliver(
        new Delivery(
            id,
            event,
            event + " " + rec.path("key").asText(),
            TestSnapshots.of(rec),
            inDoubt,
            inDoubt ? t.minusSeconds(60) : null,
            t,
            refs));
  }

  private static ObjectNode change(String key, String state) {
    ObjectNode o = ToolJson.object();
    o.put("kind", "change");
    o.put("key", key);
    o.put("title", "deploy checkout v2.3.1");
    o.put("service", "checkout");
    o.put("changeKind", "normal");
    o.put("state", state);
    o.put("startedAt", "2025-01-31T11:30:00Z");
    o.putNull("endedAt");
    o.set("links", ToolJson.array());
    return o;
  }

  private static ObjectNode linked(ObjectNode rec, String relation, String key) {
    ObjectNode l = ((ArrayNode) rec.get("links")).addObject();
    l.put("relation", relation);
    l.put("key", key);
    return rec;
  }

  /** TeamDynamix's 429 has no Retry-After: its X-RateLimit-Reset, a second ahead, is floored. */
  @Override
  @Test
  void rateLimited_isARetry_afterTheRetryAfterHeader() throws Exception {
    fake.failNext(Fault.RATE_LIMIT);

    Outcome o = deliver("opened", incident("INC-3", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) o).after()).isEqualTo(Duration.ofSeconds(5));
    assertThat(fake.recordsFor("INC-3")).isZero();
  }

  @Test
  void anIncident_isAClassification32Ticket_inTheApp_withTitleDescriptionAndNewStatus()
      throws Exception {
    deliverUntilDone("opened", incident("INC-40", "open", "P1"));

    Ticket t = tdx().ticket("INC-40");
    assertThat(t.text("Classification")).isEqualTo("32");
    assertThat(t.text("TypeID")).isEqualTo("302"); // the first active type
    assertThat(t.text("StatusID")).isEqualTo("201"); // the default New status
    assertThat(t.text("Title"))
        .isEqualTo("INC-40 checkout is burning the error budget of SLO checkout-availability");
    assertThat(t.text("Description"))
        .startsWith("opened INC-40\n")
        .contains("service: checkout")
        .contains("[burnrate-INC-40]");
    assertThat(t.text("IsRichHtml")).isEqualTo("false");
    assertThat(t.fields.has("PriorityID")).isFalse(); // TeamDynamix's matrix decides
    assertThat(stored.get("INC-40").externalId()).isEqualTo(Integer.toString(t.id));
    assertThat(stored.get("INC-40").url())
        .isEqualTo(fake.url() + "/TDNext/Apps/627/Tickets/TicketDet?TicketID=" + t.id);
    assertThat(tdx().calls)
        .contains(
            "POST /TDWebApi/api/auth/loginadmin",
            "GET /TDWebApi/api/627/tickets/statuses",
            "POST /TDWebApi/api/627/tickets");
  }

  @Test
  void problemsAndChanges_areClassifications33And34() throws Exception {
    deliverUntilDone("opened", problem("PRB-5", List.of()));
    deliverUntilDone("opened", change("CHG-3", "in_progress"));

    assertThat(tdx().ticket("PRB-5").text("Classification")).isEqualTo("33");
    Ticket c = tdx().ticket("CHG-3");
    assertThat(c.text("Classification")).isEqualTo("34");
    assertThat(c.text("StatusID")).isEqualTo("202");
    assertThat(c.text("StartDate")).isEqualTo("2025-01-31T11:30:00Z");
  }

  @Test
  void resolveAndClose_goThroughTheFeed_withTheStatusesReadFromTheApp() throws Exception {
    deliverUntilDone("opened", incident("INC-41", "open", "P2"));
    deliverUntilDone("acknowledged", incident("INC-41", "acknowledged", "P2"));
    assertThat(tdx().ticket("INC-41").text("StatusID")).isEqualTo("202");
    deliverUntilDone("resolved", incident("INC-41", "resolved", "P2"));
    assertThat(tdx().ticket("INC-41").text("StatusID")).isEqualTo("203");
    deliverUntilDone("closed", incident("INC-41", "closed", "P2"));

    Ticket t = tdx().ticket("INC-41");
    assertThat(t.text("StatusID")).isEqualTo("204");
    assertThat(t.feed).hasSize(3);
    for (JsonNode e : t.feed) {
      assertThat(e.path("IsPrivate").asBoolean()).isTrue();
    }
    assertThat(t.feed.get(1).path("Body").asText()).startsWith("resolved INC-41\n[burnrate-event-");
    assertThat(t.feed.get(2).path("NewStatusID").asInt()).isEqualTo(204);
    assertThat(tdx().calls.stream().filter(c -> c.endsWith("/tickets/statuses"))).hasSize(1);
  }

  @Test
  void aComment_leavesTheStatusAPersonSet() throws Exception {
    deliverUntilDone("opened", incident("INC-42", "open", "P2"));
    tdx().ticket("INC-42").fields.put("StatusID", 206); // On Hold, set in TeamDynamix

    deliverUntilDone("commented", incident("INC-42", "open", "P2"));

    Ticket t = tdx().ticket("INC-42");
    assertThat(t.text("StatusID")).isEqualTo("206");
    assertThat(t.feed.get(0).path("NewStatusID").asInt()).isZero();
  }

  @Test
  void configuredStatusIds_areUsed_andTheStatusesAreNotRead() throws Exception {
    connector =
        with(
            Map.of(
                "openStatusId", "202",
                "inProcessStatusId", "202",
                "resolvedStatusId", "204",
                "closedStatusId", "204",
                "cancelledStatusId", "205",
                "typeId", "302"));
    deliverUntilDone("opened", incident("INC-43", "open", "P2"));
    deliverUntilDone("resolved", incident("INC-43", "resolved", "P2"));

    assertThat(tdx().ticket("INC-43").text("StatusID")).isEqualTo("204");
    assertThat(tdx().calls)
        .noneMatch(c -> c.endsWith("/tickets/statuses") || c.endsWith("/tickets/types"));
  }

  @Test
  void priorityIds_setThePriority_andAnEscalationPatchesIt() throws Exception {
    connector = with(Map.of("priorityIds", "P1=21, P2=22, P3=23, P4=24"));
    deliverUntilDone("opened", incident("INC-44", "open", "P3"));
    assertThat(tdx().ticket("INC-44").text("PriorityID")).isEqualTo("23");

    deliverUntilDone("escalated", incident("INC-44", "open", "P1"));

    assertThat(tdx().ticket("INC-44").text("PriorityID")).isEqualTo("21");
    assertThat(tdx().calls)
        .contains("PATCH /TDWebApi/api/627/tickets/" + tdx().ticket("INC-44").id);
  }

  @Test
  void a429_waitsUntilXRateLimitReset_forThatMethodOnly_andForEveryRecord() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    assertThat(at(connector, 1, "opened", incident("INC-60", "open", "P2"), false, t0))
        .isInstanceOf(Outcome.Delivered.class);
    tdx().resetAt = t0.plusSeconds(30);
    fake.failNext(Fault.RATE_LIMIT);

    Outcome first = at(connector, 2, "opened", incident("INC-61", "open", "P2"), false, t0);
    assertThat(first).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) first).after()).isEqualTo(Duration.ofSeconds(30));
    assertThat(((Outcome.Retry) first).error()).contains("429").contains("X-RateLimit-Reset");
    int seen = fake.requests.get();

    // Another record waits for the same method without asking TeamDynamix ...
    Outcome other =
        at(connector, 3, "opened", incident("INC-62", "open", "P2"), false, t0.plusSeconds(10));
    assertThat(other).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) other).after()).isEqualTo(Duration.ofSeconds(20));
    assertThat(fake.requests.get()).isEqualTo(seen);
    // ... while another method (the feed) is not limited.
    assertThat(
            at(
                connector,
                4,
                "commented",
                incident("INC-60", "open", "P2"),
                false,
                t0.plusSeconds(10)))
        .isInstanceOf(Outcome.Delivered.class);

    assertThat(
            at(connector, 3, "opened", incident("INC-62", "open", "P2"), false, t0.plusSeconds(30)))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(fake.recordsFor("INC-61")).isZero();
    assertThat(fake.recordsFor("INC-62")).isEqualTo(1);
  }

  @Test
  void a429_waitsAtLeastFiveSeconds_whenTheResetIsNearPastOrUnreadable() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    at(connector, 1, "opened", incident("INC-63", "open", "P2"), false, t0);
    for (int k = 1; k <= 3; k++) {
      Instant t = t0.plusSeconds(60L * k); // past the previous pause
      tdx().resetAt = k == 1 ? t.plusSeconds(2) : t.minusSeconds(30);
      tdx().resetHeader = k == 3 ? "soon" : null;
      fake.failNext(Fault.RATE_LIMIT);

      Outcome o = at(connector, 10 + k, "commented", incident("INC-63", "open", "P2"), false, t);

      assertThat(o).as("case %d", k).isInstanceOf(Outcome.Retry.class);
      assertThat(((Outcome.Retry) o).after()).as("case %d", k).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void theToken_isRenewedFromItsExp_beforeItExpires() throws Exception {
    Instant t0 = Instant.now();
    assertThat(at(connector, 1, "opened", incident("INC-64", "open", "P2"), false, t0))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(tdx().logins).isEqualTo(1);

    at(
        connector,
        2,
        "commented",
        incident("INC-64", "open", "P2"),
        false,
        t0.plus(Duration.ofHours(23)));
    assertThat(tdx().logins).isEqualTo(1);

    // Less than five minutes before the token's exp (24 h after it was issued): a new login.
    Instant late = t0.plus(Duration.ofHours(24)).minus(Duration.ofMinutes(4));
    assertThat(at(connector, 3, "commented", incident("INC-64", "open", "P2"), false, late))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(tdx().logins).isEqualTo(2);
    assertThat(tdx().ticket("INC-64").feed).hasSize(2);
  }

  @Test
  void a401_logsInAgain_andTheCallSucceeds() throws Exception {
    Instant t0 = Instant.now();
    at(connector, 1, "opened", incident("INC-65", "open", "P2"), false, t0);
    tdx().revokeTokens();

    Outcome o = at(connector, 2, "commented", incident("INC-65", "open", "P2"), false, t0);

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    assertThat(tdx().logins).isEqualTo(2);
    assertThat(tdx().ticket("INC-65").feed).hasSize(1);
  }

  @Test
  void aTokenTheToolNoLongerAccepts_isReplaced_afterThe401() throws Exception {
    Instant t0 = Instant.now();
    at(connector, 1, "opened", incident("INC-66", "open", "P2"), false, t0);
    // The tool's clock is a day ahead: it finds the token expired, the connector does not.
    tdx().clock = () -> Instant.now().plus(Duration.ofHours(25));

    assertThat(at(connector, 2, "commented", incident("INC-66", "open", "P2"), false, t0))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(tdx().logins).isEqualTo(2);
  }

  @Test
  void anInDoubtCreate_isFoundByTheKeyAttribute_andNotCreatedAgain() throws Exception {
    connector = with(Map.of("keyAttributeId", "5511"));
    Instant t0 = Instant.now();
    at(connector, 1, "opened", incident("INC-67", "open", "P1"), false, t0);
    assertThat(tdx().ticket("INC-67").attribute(5511)).isEqualTo("INC-67");
    fake.failNext(Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-68", "open", "P1");
    assertThat(at(connector, 5, "opened", rec, false, t0)).isInstanceOf(Outcome.Retry.class);
    assertThat(tdx().recordsFor("INC-68")).isEqualTo(1);
    assertThat(stored).doesNotContainKey("INC-68");

    Outcome o = at(connector, 5, "opened", rec, true, t0);

    assertThat(o).isInstanceOf(Outcome.Delivered.class);
    assertThat(tdx().recordsFor("INC-68")).isEqualTo(1);
    assertThat(stored.get("INC-68").externalId())
        .isEqualTo(Integer.toString(tdx().ticket("INC-68").id));
    assertThat(tdx().searches).hasSize(1);
    assertThat(tdx().searches.get(0).path("CustomAttributes").toString())
        .isEqualTo("[{\"ID\":5511,\"Value\":\"INC-68\"}]");
  }

  @Test
  void anInDoubtCreate_withoutTheAttribute_isFoundByTextSearch() throws Exception {
    Instant t0 = Instant.now();
    at(connector, 1, "opened", incident("INC-69", "open", "P1"), false, t0);
    fake.failNext(Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-70", "open", "P1");
    assertThat(at(connector, 6, "opened", rec, false, t0)).isInstanceOf(Outcome.Retry.class);

    assertThat(at(connector, 6, "opened", rec, true, t0)).isInstanceOf(Outcome.Delivered.class);

    assertThat(tdx().recordsFor("INC-70")).isEqualTo(1);
    assertThat(stored.get("INC-70").externalId())
        .isEqualTo(Integer.toString(tdx().ticket("INC-70").id));
  }

  @Test
  void aFeedEntry_isPostedOnce_evenWhenRetriedInDoubt() throws Exception {
    Instant t0 = Instant.now();
    at(connector, 1, "opened", incident("INC-71", "open", "P2"), false, t0);
    fake.failNext(Fault.PROCESS_THEN_DROP);
    ObjectNode rec = incident("INC-71", "open", "P2");
    assertThat(at(connector, 91, "commented", rec, false, t0)).isInstanceOf(Outcome.Retry.class);

    assertThat(at(connector, 91, "commented", rec, true, t0)).isInstanceOf(Outcome.Delivered.class);

    assertThat(tdx().ticket("INC-71").feed).hasSize(1);
    assertThat(tdx().ticket("INC-71").feed.get(0).path("Body").asText())
        .contains("[burnrate-event-91]");
  }

  @Test
  void anIncidentsParent_isItsProblem_orElseTheSuspectedChange() throws Exception {
    deliverUntilDone("opened", change("CHG-7", "completed"));
    deliverUntilDone(
        "opened", linked(incident("INC-72", "open", "P1"), "suspected-cause", "CHG-7"));
    assertThat(tdx().ticket("INC-72").text("ParentID"))
        .isEqualTo(Integer.toString(tdx().ticket("CHG-7").id));

    deliverUntilDone("opened", problem("PRB-8", List.of("INC-72")));
    assertThat(tdx().ticket("INC-72").text("ParentID"))
        .isEqualTo(Integer.toString(tdx().ticket("PRB-8").id));

    // The change, linked again later, leaves the problem as the parent.
    deliverUntilDone("linked", linked(change("CHG-7", "completed"), "suspected-cause", "INC-72"));
    assertThat(tdx().ticket("INC-72").text("ParentID"))
        .isEqualTo(Integer.toString(tdx().ticket("PRB-8").id));
  }

  @Test
  void aRefusedTicket_isRejected_withTeamDynamixsMessage() throws Exception {
    connector = with(Map.of("typeId", "999"));

    Outcome o = deliver("opened", incident("INC-73", "open", "P2"), false);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).error())
        .contains("answered 400")
        .contains("Ticket type 999 is not valid (TypeID)");
  }

  @Test
  void aUrlWithAPathPrefix_keepsIt() throws Exception {
    try (TeamDynamixFake proxied = new TeamDynamixFake(BEID, KEY, APP, "/itsm/tdx")) {
      Connector c =
          Connectors.create(
              settings(URI.create(proxied.url() + "/itsm/tdx/"), true), OUTBOX, Clock.systemUTC());

      Outcome o = at(c, 9, "opened", incident("INC-74", "open", "P3"), false, Instant.now());

      assertThat(o).isInstanceOf(Outcome.Delivered.class);
      assertThat(proxied.recordsFor("INC-74")).isEqualTo(1);
      assertThat(proxied.calls).contains("POST /TDWebApi/api/auth/loginadmin");
      assertThat(stored.get("INC-74").url()).startsWith(proxied.url() + "/itsm/tdx/TDNext/");
    }
  }
}
