package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The problem process end to end through the REST API: the login server goes down every week; three
 * incidents raise a problem, log analysis finds a memory leak (root cause, workaround, known
 * error), a code fix ships as a change, and the problem resolves once the change completed and no
 * incident recurred for the fix quiet period; a person closes it.
 */
class WeeklyLoginProblemIT {
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
            problems:
              threshold: 3
              window: 21d
              fixQuietPeriod: 14d
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

  String loginServerGoesDown() throws Exception {
    bridge.accept(fx.page1h(FIRING, "auth-login", "auth"));
    String key = bridge.activeIncidentKey("auth-login").orElseThrow();
    // The on-call restarts the login server: service restored.
    rest.post(
        "/api/v1/incidents/" + key + "/resolve",
        "{\"by\":\"kim\",\"resolution\":\"login server restarted\"}");
    return key;
  }

  @Test
  void weeklyLoginOutages_raiseAProblem_knownError_fixedByAChange_resolvesAndIsClosed()
      throws Exception {
    String first = loginServerGoesDown();
    fx.clock.advance(Duration.ofDays(7));
    String second = loginServerGoesDown();
    assertThat(rest.get("/api/v1/problems?state=open").path("items")).isEmpty();
    fx.clock.advance(Duration.ofDays(7));
    String third = loginServerGoesDown();

    JsonNode problems = rest.get("/api/v1/problems?state=open").path("items");
    assertThat(problems).hasSize(1);
    String prb = problems.get(0).path("key").asText();
    JsonNode p = rest.get("/api/v1/problems/" + prb);
    assertThat(p.path("scope").asText()).isEqualTo("slo");
    assertThat(p.path("incidents"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(first, second, third);
    assertThat(p.path("fix").isNull()).isTrue();

    // Log analysis: the heap grows until the server runs out of memory, about once a week.
    assertThat(rest.call("POST", "/api/v1/problems/" + prb + "/known-error", "{}").status())
        .isEqualTo(409);
    p =
        rest.call(
                "PATCH",
                "/api/v1/problems/" + prb,
                "{\"rootCause\":\"memory leak in the session cache: the heap grows until the"
                    + " login server runs out of memory, about once a week\","
                    + "\"workaround\":\"restart the login server before the weekend\","
                    + "\"by\":\"sam\"}")
            .body();
    assertThat(p.path("rootCause").asText()).startsWith("memory leak");
    p = rest.post("/api/v1/problems/" + prb + "/known-error", "{\"by\":\"sam\"}");
    assertThat(p.path("state").asText()).isEqualTo("known_error");

    // A first fix fails its deploy and is rolled back: it is dropped as the fix.
    BridgeRest.Reply rolledBack =
        rest.call(
            "POST",
            "/api/v1/changes",
            "{\"title\":\"Cap the session cache\",\"service\":\"auth\","
                + "\"kind\":\"normal\",\"state\":\"planned\"}");
    String failedChange = rolledBack.body().path("key").asText();
    rest.post("/api/v1/problems/" + prb + "/fix", "{\"change\":\"" + failedChange + "\"}");
    assertThat(
            rest.call("PATCH", "/api/v1/changes/" + failedChange, "{\"state\":\"failed\"}")
                .status())
        .isEqualTo(200);
    bridge.tick();
    p = rest.get("/api/v1/problems/" + prb);
    assertThat(p.path("fix").isNull()).isTrue();
    assertThat(p.path("state").asText()).isEqualTo("known_error");
    assertThat(p.path("timeline").findValues("kind"))
        .extracting(JsonNode::asText)
        .contains("fix_failed");

    // The code fix ships as a change, named as the problem's fix.
    BridgeRest.Reply change =
        rest.call(
            "POST",
            "/api/v1/changes",
            "{\"title\":\"Evict expired sessions from the cache\",\"service\":\"auth\","
                + "\"kind\":\"normal\",\"state\":\"planned\","
                + "\"source\":{\"system\":\"github\",\"version\":\"2.14.1\"}}");
    assertThat(change.status()).as("%s", change.body()).isEqualTo(201);
    String chg = change.body().path("key").asText();
    assertThat(rest.call("POST", "/api/v1/problems/" + prb + "/fix", "{\"change\":\"CHG-999\"}"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.body().path("field").asText()).isEqualTo("change");
            });
    p =
        rest.post(
            "/api/v1/problems/" + prb + "/fix", "{\"change\":\"" + chg + "\",\"by\":\"sam\"}");
    assertThat(p.path("fix").path("change").asText()).isEqualTo(chg);
    assertThat(p.path("fix").path("completedAt").isNull()).isTrue();
    assertThat(p.path("links").findValues("relation")).extracting(JsonNode::asText).contains("fix");

    // Until the change completes, no time passes for the fix.
    fx.clock.advance(Duration.ofDays(20));
    bridge.tick();
    assertThat(rest.get("/api/v1/problems/" + prb).path("state").asText()).isEqualTo("known_error");
    BridgeRest.Reply done =
        rest.call("PATCH", "/api/v1/changes/" + chg, "{\"state\":\"completed\",\"by\":\"ci\"}");
    assertThat(done.status()).as("%s", done.body()).isEqualTo(200);
    bridge.tick();
    p = rest.get("/api/v1/problems/" + prb);
    assertThat(p.path("state").asText()).isEqualTo("known_error");
    assertThat(p.path("fix").path("completedAt").isNull()).isFalse();

    // A week later the login server goes down once more: the fix has to prove itself again.
    fx.clock.advance(Duration.ofDays(5));
    String fourth = loginServerGoesDown();
    assertThat(rest.get("/api/v1/problems/" + prb).path("incidents"))
        .extracting(JsonNode::asText)
        .contains(fourth);
    fx.clock.advance(Duration.ofDays(10));
    bridge.tick();
    assertThat(rest.get("/api/v1/problems/" + prb).path("state").asText()).isEqualTo("known_error");

    // Fourteen quiet days after the last outage the problem resolves by itself ...
    fx.clock.advance(Duration.ofDays(4).plusMinutes(1));
    bridge.tick();
    p = rest.get("/api/v1/problems/" + prb);
    assertThat(p.path("state").asText()).isEqualTo("resolved");
    assertThat(p.path("timeline").findValues("kind"))
        .extracting(JsonNode::asText)
        .containsSubsequence("opened", "known_error", "fix", "fix_completed", "resolved");
    assertThat(p.path("timeline").get(p.path("timeline").size() - 1).path("message").asText())
        .contains(chg)
        .contains("14d");

    // ... and closes only by a person's decision.
    fx.clock.advance(Duration.ofDays(30));
    bridge.tick();
    assertThat(rest.get("/api/v1/problems/" + prb).path("state").asText()).isEqualTo("resolved");
    p = rest.post("/api/v1/problems/" + prb + "/close", "{\"by\":\"sam\"}");
    assertThat(p.path("state").asText()).isEqualTo("closed");
    assertThat(p.path("closedBy").asText()).isEqualTo("sam");
    assertThat(
            rest.call("POST", "/api/v1/problems/" + prb + "/fix", "{\"change\":\"" + chg + "\"}")
                .status())
        .isEqualTo(409);
  }
}
