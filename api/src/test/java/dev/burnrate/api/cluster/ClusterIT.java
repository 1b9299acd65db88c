package dev.burnrate.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.api.slo.SloFixtures;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances in one JVM on one database, as behind a load balancer. */
class ClusterIT {
  static final String SLO = SloFixtures.CHECKOUT_SLO;

  @TempDir Path dir;
  TestDatabase db;
  TestServer a;
  TestServer b;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    db = TestDatabase.create();
    a = TestServer.startOn(db, env("a"));
    b = TestServer.startOn(db, env("b"));
  }

  private Map<String, String> env(String id) {
    Map<String, String> env = new HashMap<>();
    env.put("BURNRATE_SLOS", dir.toString());
    env.put("BURNRATE_SLOS_WATCH", "false");
    env.put("BURNRATE_ENGINE_INSTANCE_ID", id);
    return env;
  }

  @AfterEach
  void stop() {
    for (TestServer s : new TestServer[] {b, a}) {
      if (s != null) {
        s.close();
      }
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void bothInstancesAnswerTheSameStatus_whenEventsAreIngestedIntoOne() {
    ingest(a, 100, 5);

    for (TestServer s : List.of(a, b)) {
      Await.until(
          "the events in instance " + id(s) + "'s status",
          Duration.ofSeconds(30),
          () -> sli(s).getDouble("total") == 100);
    }
    assertThat(sli(b).getDouble("good")).isEqualTo(sli(a).getDouble("good")).isEqualTo(95);
    assertThat(status(b).getJsonObject("errorBudget").getDouble("remaining"))
        .isEqualTo(status(a).getJsonObject("errorBudget").getDouble("remaining"));

    ingest(b, 50, 0);
    for (TestServer s : List.of(a, b)) {
      Await.until(
          "the second batch in instance " + id(s) + "'s status",
          Duration.ofSeconds(30),
          () -> sli(s).getDouble("total") == 150);
    }
  }

  @Test
  void aBudgetAdjustmentMadeOnOneInstance_leavesItsPeriodOutOnBoth() {
    ingest(a, 100, 5);
    for (TestServer s : List.of(a, b)) {
      Await.until(
          "the events in instance " + id(s) + "'s status",
          Duration.ofSeconds(30),
          () -> sli(s).getDouble("total") == 100);
    }

    HttpResponse<String> r =
        a.call(
            "POST",
            "/api/v1/adjustments",
            new JsonObject()
                .put("service", "checkout")
                .put("from", Instant.now().minus(Duration.ofHours(1)).toString())
                .put("duration", "2h")
                .put("reason", "maintenance")
                .put("decidedBy", "ann")
                .encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    for (TestServer s : List.of(a, b)) {
      Await.until(
          "instance " + id(s) + " to leave the adjusted period out",
          Duration.ofSeconds(60),
          () ->
              sli(s).getDouble("total") == 0
                  && status(s).getJsonObject("errorBudget").getDouble("remaining") == 1.0);
    }
  }

  @Test
  void oneInstanceLeads_andBothSayWhichAndHowFarEachLags() {
    Await.until(
        "both instances to report one and the same leader",
        Duration.ofSeconds(30),
        () -> {
          String la = engine(a).getString("leader");
          String lb = engine(b).getString("leader");
          return la != null
              && la.equals(lb)
              && engine(a).getJsonArray("instances").size() == 2
              && engine(b).getJsonArray("instances").size() == 2;
        });
    JsonObject ea = engine(a);
    JsonObject eb = engine(b);
    assertThat(ea.getBoolean("leads")).isNotEqualTo(eb.getBoolean("leads"));
    assertThat(ea.getString("leader")).isIn("a", "b");
    for (JsonObject e : List.of(ea, eb)) {
      assertThat(e.getBoolean("current")).isTrue();
      assertThat(e.getDouble("lagSeconds")).isBetween(0.0, 10.0);
    }
    String leader = ea.getString("leader");
    Await.until(
        "both instances' lag in /metrics",
        Duration.ofSeconds(30),
        () -> {
          String m = a.get("/metrics").body();
          return m.contains("burnrate_engine_instance_lag_seconds{instance_id=\"a\"")
              && m.contains("burnrate_engine_instance_lag_seconds{instance_id=\"b\"")
              && m.contains("instance_id=\"" + leader + "\",leader=\"true\"");
        });
    assertThat(b.get("/metrics").body())
        .contains("burnrate_engine_lag_seconds ")
        .contains("burnrate_engine_instance_self{instance_id=\"b\"} 1.0");
  }

  @Test
  void aBurnOpensOneIncident_handedOnByTheLeaderOnly() throws Exception {
    // Every request fails: every page alert fires at once on both engines.
    ingest(b, 200, 200);
    Await.until(
        "the incident of the burning SLO",
        Duration.ofSeconds(30),
        () -> count("SELECT count(*) FROM bridge_incident WHERE slo = ?") == 1);
    for (TestServer s : List.of(a, b)) {
      Await.until(
          "instance " + id(s) + " to see the alert firing",
          Duration.ofSeconds(30),
          () ->
              status(s).getJsonArray("alerts").stream()
                  .map(JsonObject.class::cast)
                  .anyMatch(al -> "firing".equals(al.getString("state"))));
    }
    // Both engines fired; only the leader's transitions reached the bridge: one opening.
    assertThat(
            count(
                "SELECT count(*) FROM bridge_timeline t JOIN bridge_incident i ON i.key ="
                    + " t.record_key WHERE i.slo = ? AND t.kind = 'opened'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM bridge_incident WHERE slo = ?")).isEqualTo(1);
  }

  private long count(String sql) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, SLO);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String id(TestServer s) {
    return s.server().config().engine().instanceId().orElseThrow();
  }

  private static JsonObject engine(TestServer s) {
    HttpResponse<String> r = s.get("/health/ready");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("engine");
  }

  private static JsonObject status(TestServer s) {
    HttpResponse<String> r = s.get("/api/v1/slos/" + SLO);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject sli(TestServer s) {
    return Optional.ofNullable(status(s).getJsonObject("sli")).orElseThrow();
  }

  private static void ingest(TestServer s, int requests, int failed) {
    String token = token(s);
    long ts = Instant.now().minusSeconds(30).toEpochMilli();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < requests; i++) {
      events
          .append(
              new JsonObject()
                  .put("ts", ts)
                  .put("service", "checkout")
                  .put("route", "/pay")
                  .put("method", "POST")
                  .put("status", i < failed ? 500 : 200)
                  .put("duration_ms", 12.5)
                  .encode())
          .append('\n');
    }
    HttpResponse<String> r =
        s.send(
            s.request("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String token(TestServer s) {
    HttpResponse<String> r =
        s.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject()
                .put("name", "ingest-" + System.nanoTime())
                .put("scopes", new JsonArray().add("ingest"))
                .encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }
}
