package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnrate.slo.definition.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident process end to end through the REST API: the payment server's burn opens an incident
 * assigned to the payments team, it breaches its acknowledge target and escalates, waits on the
 * card processor (on hold, timers paused), and is restored within its resolve target; MTTA and MTTR
 * are reported per service, team and priority.
 */
class PaymentIncidentIT {
  static final ObjectMapper JSON = new ObjectMapper();
  BridgeFixture fx;
  IncidentBridge bridge;
  BridgeRest rest;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BridgeFixture();
    BridgeSettings settings =
        BridgeSettings.parse(
            """
            response:
              onBreach: priority
            connectors:
              - name: hooks
                type: webhook
                url: http://127.0.0.1:9/itsm
                secret: s3cret
            """,
            "burnrate.yaml");
    bridge = fx.bridge(settings);
    rest = BridgeRest.serve(bridge);
  }

  @AfterEach
  void tearDown() throws Exception {
    rest.close();
    bridge.close();
    fx.close();
  }

  static List<String> kinds(JsonNode incident) {
    return incident.path("timeline").findValues("kind").stream().map(JsonNode::asText).toList();
  }

  @Test
  void paymentServerDown_assignedToPayments_breachesAcknowledge_escalates_andIsRestoredInTime()
      throws Exception {
    // The payment server fails: its availability SLO burns 6x over 6h, a P2 page.
    bridge.accept(
        fx.transition(
            FIRING,
            "payments-availability",
            "payments",
            "page-6h",
            Severity.PAGE,
            Duration.ofHours(6),
            6,
            7.5,
            0.6));
    String key = bridge.activeIncidentKey("payments-availability").orElseThrow();

    JsonNode inc = rest.get("/api/v1/incidents/" + key);
    assertThat(inc.path("priority").asText()).isEqualTo("P2");
    assertThat(inc.path("assignment").path("group").asText()).isEqualTo("team-payments");
    assertThat(inc.path("response").path("targets").path("acknowledge").asText()).isEqualTo("30m");
    assertThat(inc.path("response").path("targets").path("resolve").asText()).isEqualTo("8h");
    assertThat(inc.path("response").path("timeLeftSeconds").path("acknowledge").asDouble())
        .isCloseTo(1800, within(5.0));
    assertThat(inc.path("response").path("breaches")).isEmpty();

    // Nobody acknowledges it within 30 minutes: the check on the clock records the breach.
    fx.clock.advance(Duration.ofMinutes(20));
    bridge.tick();
    assertThat(rest.get("/api/v1/incidents/" + key).path("response").path("breaches")).isEmpty();
    fx.clock.advance(Duration.ofMinutes(11));
    bridge.tick();
    inc = rest.get("/api/v1/incidents/" + key);
    assertThat(inc.path("priority").asText()).isEqualTo("P1");
    assertThat(inc.path("severity").asText()).isEqualTo("page");
    assertThat(inc.path("response").path("breaches").findValues("target"))
        .extracting(JsonNode::asText)
        .containsExactly("acknowledge");
    assertThat(inc.path("response").path("timeLeftSeconds").path("acknowledge").asDouble())
        .isNegative();
    assertThat(kinds(inc)).containsSubsequence("opened", "breached", "escalated");
    // The escalation reaches the ITSM tools with the assignment on it.
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_outbox WHERE event = 'escalated' AND record_key = '"
                    + key
                    + "' AND payload->'record'->'assignment'->>'group' = 'team-payments'"))
        .isEqualTo(1);
    // The breach is recorded once, not at every tick.
    fx.clock.advance(Duration.ofMinutes(1));
    bridge.tick();
    assertThat(kinds(rest.get("/api/v1/incidents/" + key)).stream().filter("breached"::equals))
        .hasSize(1);

    // The first-line team hands it to the payments on-call; the reason is on the timeline.
    inc =
        rest.post(
            "/api/v1/incidents/" + key + "/assign",
            "{\"group\":\"payments-oncall\",\"assignee\":\"dana\","
                + "\"reason\":\"needs the card gateway on-call\",\"by\":\"lee\"}");
    assertThat(inc.path("assignment").path("group").asText()).isEqualTo("payments-oncall");
    assertThat(inc.path("assignment").path("assignee").asText()).isEqualTo("dana");
    assertThat(inc.path("timeline").get(inc.path("timeline").size() - 1).path("message").asText())
        .isEqualTo("Assigned to payments-oncall / dana by lee: needs the card gateway on-call");
    rest.post("/api/v1/incidents/" + key + "/acknowledge", "{\"by\":\"dana\"}");

    // It waits two days on the card processor: on hold, the resolve timer pauses.
    inc =
        rest.post(
            "/api/v1/incidents/" + key + "/hold",
            "{\"reason\":\"waiting on the card processor\",\"by\":\"dana\"}");
    assertThat(inc.path("state").asText()).isEqualTo("on_hold");
    assertThat(inc.path("response").path("paused").asBoolean()).isTrue();
    fx.clock.advance(Duration.ofDays(2));
    bridge.tick();
    inc = rest.get("/api/v1/incidents/" + key);
    assertThat(inc.path("response").path("breaches")).hasSize(1);
    assertThat(rest.call("POST", "/api/v1/incidents/" + key + "/acknowledge", "{}").status())
        .isEqualTo(409);
    inc = rest.post("/api/v1/incidents/" + key + "/resume", "{\"by\":\"dana\"}");
    assertThat(inc.path("state").asText()).isEqualTo("acknowledged");
    assertThat(inc.path("response").path("heldSeconds").asLong())
        .isCloseTo(Duration.ofDays(2).toSeconds(), within(5L));

    // Service restored an hour later: 1h32m of response time, inside the 8h target.
    fx.clock.advance(Duration.ofHours(1));
    inc =
        rest.post(
            "/api/v1/incidents/" + key + "/resolve",
            "{\"by\":\"dana\",\"resolution\":\"card processor failed over\"}");
    assertThat(inc.path("state").asText()).isEqualTo("resolved");
    JsonNode resp = inc.path("response");
    assertThat(resp.path("timeToAcknowledgeSeconds").asDouble())
        .isCloseTo(Duration.ofMinutes(32).toSeconds(), within(10.0));
    assertThat(resp.path("timeToResolveSeconds").asDouble())
        .isCloseTo(Duration.ofMinutes(92).toSeconds(), within(10.0));
    assertThat(resp.path("breaches")).hasSize(1);
    assertThat(resp.path("insideTargets").asBoolean()).isFalse();

    // MTTA and MTTR per team, service and priority.
    JsonNode byTeam = rest.get("/api/v1/reports/incidents?by=team");
    assertThat(byTeam.path("groups")).hasSize(1);
    JsonNode team = byTeam.path("groups").get(0);
    assertThat(team.path("team").asText()).isEqualTo("payments-oncall");
    assertThat(team.path("incidents").asLong()).isEqualTo(1);
    assertThat(team.path("mttaSeconds").asDouble()).isCloseTo(32 * 60, within(10.0));
    assertThat(team.path("mttrSeconds").asDouble()).isCloseTo(92 * 60, within(10.0));
    assertThat(team.path("acknowledgeBreaches").asLong()).isEqualTo(1);
    assertThat(team.path("resolveBreaches").asLong()).isZero();
    assertThat(team.path("insideTargetsRatio").asDouble()).isZero();
    assertThat(
            rest.get("/api/v1/reports/incidents?by=service").path("groups").get(0).path("service"))
        .hasToString("\"payments\"");
    assertThat(
            rest.get("/api/v1/reports/incidents?by=priority")
                .path("groups")
                .get(0)
                .path("priority"))
        .hasToString("\"P1\"");

    ResponseGauges gauges = bridge.responseGauges();
    assertThat(gauges.breaches()).containsEntry("acknowledge", 1L).containsEntry("resolve", 0L);
    assertThat(gauges.groups())
        .filteredOn(r -> r.by().equals("service") && r.name().equals("payments"))
        .singleElement()
        .satisfies(r -> assertThat(r.mttrSeconds()).isCloseTo(92 * 60, within(10.0)));
  }

  @Test
  void aTargetMissedBetweenTwoTicks_isOnTheTimelineAndCounted_withoutEscalation() throws Exception {
    bridge.accept(
        fx.transition(
            FIRING,
            "payments-availability",
            "payments",
            "page-6h",
            Severity.PAGE,
            Duration.ofHours(6),
            6,
            7.5,
            0.6));
    String key = bridge.activeIncidentKey("payments-availability").orElseThrow();
    fx.clock.advance(Duration.ofMinutes(20));
    bridge.tick();
    // Acknowledged 35 minutes in, before the next tick looked at the 30 minute target.
    fx.clock.advance(Duration.ofMinutes(15));
    rest.post("/api/v1/incidents/" + key + "/acknowledge", "{\"by\":\"dana\"}");
    bridge.tick();
    fx.clock.advance(Duration.ofMinutes(5));
    bridge.tick();
    JsonNode inc = rest.get("/api/v1/incidents/" + key);
    assertThat(inc.path("priority").asText()).isEqualTo("P2");
    assertThat(inc.path("response").path("breaches").findValues("target"))
        .extracting(JsonNode::asText)
        .containsExactly("acknowledge");
    List<JsonNode> breached = new java.util.ArrayList<>();
    inc.path("timeline")
        .forEach(
            e -> {
              if (e.path("kind").asText().equals("breached")) {
                breached.add(e);
              }
            });
    assertThat(breached)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("message").asText())
                    .isEqualTo(
                        "Breached the acknowledge target of P2 (30m): acknowledged after 35m,"
                            + " between two checks"));
    assertThat(kinds(inc)).doesNotContain("escalated");
    assertThat(bridge.responseGauges().breaches()).containsEntry("acknowledge", 1L);
    assertThat(
            fx.count(
                "SELECT count(*) FROM bridge_outbox WHERE event IN ('escalated', 'breached')"
                    + " AND record_key = '"
                    + key
                    + "'"))
        .isZero();
  }

  @Test
  void badRequests_nameTheirField_andChangeNothing() throws Exception {
    String key =
        post_created(
            "{\"title\":\"Payment server down\",\"service\":\"payments\",\"priority\":\"P1\"}");
    BridgeRest.Reply noTarget =
        rest.call("POST", "/api/v1/incidents/" + key + "/assign", "{\"reason\":\"x\"}");
    assertThat(noTarget.status()).isEqualTo(400);
    assertThat(noTarget.body().path("field").asText()).isEqualTo("group");
    BridgeRest.Reply badBy = rest.call("GET", "/api/v1/reports/incidents?by=weekday", null);
    assertThat(badBy.status()).isEqualTo(400);
    assertThat(badBy.body().path("field").asText()).isEqualTo("by");
    BridgeRest.Reply badFrom = rest.call("GET", "/api/v1/reports/incidents?from=yesterday", null);
    assertThat(badFrom.status()).isEqualTo(400);
    assertThat(badFrom.body().path("field").asText()).isEqualTo("from");
    assertThat(rest.call("POST", "/api/v1/incidents/" + key + "/resume", "{}").status())
        .isEqualTo(409);
    rest.post("/api/v1/incidents/" + key + "/resolve", "{}");
    assertThat(rest.call("POST", "/api/v1/incidents/" + key + "/hold", "{}").status())
        .isEqualTo(409);
    assertThat(
            rest.call("POST", "/api/v1/incidents/" + key + "/assign", "{\"group\":\"x\"}").status())
        .isEqualTo(409);
    assertThat(rest.get("/api/v1/incidents/" + key).path("assignment").path("group").asText())
        .isEqualTo("team-payments");
  }

  String post_created(String body) throws Exception {
    BridgeRest.Reply r = rest.call("POST", "/api/v1/incidents", body);
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    return r.body().path("key").asText();
  }
}
