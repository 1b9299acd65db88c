package dev.burnrate.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.api.slo.SloFixtures;
import dev.burnrate.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Budget adjustments end to end: events in through ingest, periods left out through a file, the API
 * and an approved budget reset, and the API's status, {@code /metrics}, the history and the report
 * agreeing on the numbers afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdjustmentIT {
  static final String SLO = SloFixtures.CHECKOUT_SLO;
  static TestServer server;
  static String writeToken;
  static String otherWriteToken;
  // Two bursts of checkout traffic: 100 requests with 5 failures, then 100 with 10.
  static Instant first;
  static Instant second;

  @BeforeAll
  static void start() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    first = now.minus(Duration.ofMinutes(30));
    second = now.minus(Duration.ofMinutes(10));
    Path dir = Files.createTempDirectory("burnrate-adjustments");
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    // The first burst's minute is a maintenance window, defined beside the SLO.
    Files.writeString(
        dir.resolve("maintenance.yaml"),
        """
        apiVersion: burnrate.dev/v1
        kind: BudgetAdjustment
        metadata: {name: db-maintenance}
        spec:
          service: checkout
          from: %s
          duration: 1m
          reason: planned database maintenance
          decidedBy: ann
        """
            .formatted(first));
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", dir.toString(),
                "BURNRATE_ENGINE_TICK_INTERVAL", "1s",
                "BURNRATE_SLOS_WATCH", "false"));
    String ingest = token("ingest", "ingest");
    writeToken = token("writer", "write");
    otherWriteToken = token("approver", "write");
    send(ingest, first.plusSeconds(20), 100, 5);
    send(ingest, second.plusSeconds(20), 100, 10);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String token(String name, String scope) {
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject().put("name", name).put("scopes", new JsonArray().add(scope)).encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  static void send(String token, Instant at, int requests, int failures) {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < requests; i++) {
      events
          .append(
              new JsonObject()
                  .put("ts", at.toEpochMilli())
                  .put("service", "checkout")
                  .put("route", "/pay")
                  .put("method", "POST")
                  .put("status", i < failures ? 500 : 200)
                  .put("duration_ms", 12.5)
                  .encode())
          .append('\n');
    }
    HttpResponse<String> r =
        server.send(
            server
                .request("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  static JsonObject status() {
    HttpResponse<String> r = server.get("/api/v1/slos/" + SLO);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** Waits until the status counts {@code good} of {@code total} events. */
  static JsonObject awaitCounts(double good, double total) {
    Await.until(
        "the SLO to count " + good + " good of " + total,
        Duration.ofSeconds(30),
        () -> {
          JsonObject s = status().getJsonObject("sli");
          return Math.abs(s.getDouble("total") - total) < 1e-9
              && Math.abs(s.getDouble("good") - good) < 1e-9;
        });
    return status();
  }

  /** The API's budget, /metrics' gauge, the history's last point and the report agree. */
  static void assertEverySurfaceAgrees(double good, double total) {
    JsonObject s = status();
    double remaining = s.getJsonObject("errorBudget").getDouble("remaining");
    double expected = total == 0 ? 1 : 1 - (total - good) / (0.001 * total);
    assertThat(remaining).isCloseTo(expected, within(1e-6));

    // The gauges are refreshed off the evaluation thread, so /metrics may trail the API briefly.
    Await.until(
        "/metrics to show the same budget",
        Duration.ofSeconds(30),
        () ->
            server
                .get("/metrics")
                .body()
                .lines()
                .filter(
                    l -> l.startsWith("burnrate_slo_error_budget_remaining{") && l.contains(SLO))
                .anyMatch(
                    l ->
                        Math.abs(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) - expected)
                            < 1e-6));
    String line =
        server
            .get("/metrics")
            .body()
            .lines()
            .filter(l -> l.startsWith("burnrate_slo_error_budget_remaining{") && l.contains(SLO))
            .findFirst()
            .orElseThrow();
    assertThat(line).isNotBlank();

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonObject report =
        new JsonObject(
            server
                .get(
                    "/api/v1/reports/slos?from="
                        + today.minusDays(1)
                        + "&to="
                        + today.plusDays(1)
                        + "&service=checkout")
                .body());
    JsonObject sloLine =
        report.getJsonArray("services").getJsonObject(0).getJsonArray("slos").getJsonObject(0);
    assertThat(sloLine.getDouble("total")).as(report.encode()).isCloseTo(total, within(1e-9));
    assertThat(sloLine.getDouble("good")).isCloseTo(good, within(1e-9));

    JsonObject history =
        new JsonObject(
            server
                .get(
                    "/api/v1/slos/"
                        + SLO
                        + "/history?from="
                        + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES)
                        + "&step=1m")
                .body());
    JsonArray points = history.getJsonArray("errorBudgetRemaining");
    Object last = points.getValue(points.size() - 1);
    if (total == 0) {
      assertThat(last).as(history.encode()).isNull();
    } else {
      assertThat(((Number) last).doubleValue())
          .as(history.encode())
          .isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  @Order(1)
  void aFilesMaintenanceWindow_leavesItsMinuteOut_everywhere() {
    // Only the second burst counts: 90 good of 100.
    JsonObject s = awaitCounts(90, 100);
    assertThat(s.getJsonArray("budgetAdjustments").encode()).contains("db-maintenance");
    assertEverySurfaceAgrees(90, 100);
    JsonObject list = new JsonObject(server.get("/api/v1/adjustments?slo=" + SLO).body());
    assertThat(list.getJsonArray("items"))
        .singleElement()
        .satisfies(
            o -> {
              JsonObject a = (JsonObject) o;
              assertThat(a.getString("id")).isEqualTo("db-maintenance");
              assertThat(a.getString("origin")).isEqualTo("file");
              assertThat(a.getString("service")).isEqualTo("checkout");
              assertThat(a.getString("decidedBy")).isEqualTo("ann");
            });
    HttpResponse<String> del =
        server.call("DELETE", "/api/v1/adjustments/db-maintenance", null, writeToken);
    assertThat(del.statusCode()).as(del.body()).isEqualTo(409);
  }

  @Test
  @Order(2)
  void anIncidentTheTeamDoesNotCount_isLeftOutThroughTheApi_andCountsAgainWhenDeleted() {
    // 10% errors burn 100x: the page alerts fire and open an incident.
    Await.until(
        "the burn to open an incident",
        Duration.ofSeconds(30),
        () -> status().getJsonObject("incident") != null);
    String incident = status().getJsonObject("incident").getString("key");
    HttpResponse<String> created =
        server.call(
            "POST",
            "/api/v1/adjustments",
            new JsonObject()
                .put("slo", SLO)
                .put("from", second.toString())
                .put("until", second.plusSeconds(60).toString())
                .put("reason", "CDN provider outage, not ours")
                .put("decidedBy", "bob")
                .encode(),
            writeToken);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject a = new JsonObject(created.body());
    String id = a.getString("id");
    assertThat(id).startsWith("ADJ-");
    assertThat(a.getString("decidedBy")).startsWith("token:").endsWith("(bob)");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/adjustments/" + id);
    assertThat(server.get("/api/v1/adjustments/" + id).statusCode()).isEqualTo(200);

    awaitCounts(0, 0);
    assertEverySurfaceAgrees(0, 0);
    // The rebuild started the alerts afresh; the bridge is told they stopped.
    Await.until(
        "the incident to recover",
        Duration.ofSeconds(30),
        () ->
            new JsonObject(server.get("/api/v1/incidents/" + incident).body())
                .getBoolean("recovered", false));

    HttpResponse<String> del = server.call("DELETE", "/api/v1/adjustments/" + id, null, writeToken);
    assertThat(del.statusCode()).as(del.body()).isEqualTo(204);
    awaitCounts(90, 100);
    assertEverySurfaceAgrees(90, 100);
    assertThat(server.get("/api/v1/adjustments/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void badAdjustments_areRefusedWithTheFieldNamed_andChangeNothing() {
    String[][] cases = {
      {
        "{\"slo\":\""
            + SLO
            + "\",\"service\":\"checkout\",\"from\":\"2026-01-01T00:00:00Z\","
            + "\"duration\":\"1h\",\"reason\":\"r\"}",
        "400",
        "service"
      },
      {
        "{\"slo\":\"" + SLO + "\",\"from\":\"yesterday\",\"duration\":\"1h\",\"reason\":\"r\"}",
        "400",
        "from"
      },
      {
        "{\"slo\":\"" + SLO + "\",\"from\":\"2026-01-01T00:00:00Z\",\"reason\":\"r\"}",
        "400",
        "until"
      },
      {
        "{\"slo\":\"" + SLO + "\",\"from\":\"2026-01-01T00:00:00Z\",\"duration\":\"1h\"}",
        "400",
        "reason"
      },
      {
        "{\"slo\":\"nope\",\"from\":\"2026-01-01T00:00:00Z\",\"duration\":\"1h\",\"reason\":\"r\"}",
        "422",
        "slo"
      },
      {
        "{\"slo\":\""
            + SLO
            + "\",\"from\":\"2026-01-01T00:00:00Z\",\"duration\":\"900d\","
            + "\"reason\":\"r\"}",
        "400",
        "until"
      },
      {
        "{\"slo\":\""
            + SLO
            + "\",\"from\":\"2026-01-01T00:00:00Z\",\"duration\":\"1h\","
            + "\"reason\":\"r\",\"colour\":\"red\"}",
        "400",
        "colour"
      },
      {"[1]", "400", "body"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = server.call("POST", "/api/v1/adjustments", c[0], writeToken);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(Integer.parseInt(c[1]));
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(r.body()).getString("field")).as(r.body()).isEqualTo(c[2]);
    }
    HttpResponse<String> noToken =
        server.call(
            "POST",
            "/api/v1/adjustments",
            "{\"slo\":\""
                + SLO
                + "\",\"from\":\"2026-01-01T00:00:00Z\",\"duration\":\"1h\","
                + "\"reason\":\"r\"}",
            null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(server.get("/api/v1/adjustments").body()).getJsonArray("items"))
        .hasSize(1);
  }

  @Test
  @Order(4)
  void anApprovedBudgetReset_becomesAnAdjustmentOverTheWindow_andTheGateStillAnswers() {
    HttpResponse<String> filed =
        server.call(
            "POST",
            "/api/v1/requests",
            new JsonObject()
                .put("type", "budget_reset")
                .put("service", "checkout")
                .put("reason", "the outage was the provider's")
                .put("duration", "1d")
                .encode(),
            writeToken);
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    String key = new JsonObject(filed.body()).getString("key");
    HttpResponse<String> approved =
        server.call(
            "POST",
            "/api/v1/requests/" + key + "/approve",
            new JsonObject().put("comment", "agreed").encode(),
            otherWriteToken);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

    Await.until(
        "the reset to become an adjustment",
        Duration.ofSeconds(30),
        () -> server.get("/api/v1/adjustments?service=checkout").body().contains(key));
    JsonObject reset =
        new JsonObject(server.get("/api/v1/adjustments?service=checkout").body())
            .getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(o -> key.equals(o.getString("request")))
                .findFirst()
                .orElseThrow();
    assertThat(reset.getString("origin")).isEqualTo("budget_reset");
    assertThat(
            Duration.between(
                Instant.parse(reset.getString("from")), Instant.parse(reset.getString("until"))))
        .as("the SLO's 30-day window up to the approval")
        .isEqualTo(Duration.ofDays(30));
    awaitCounts(0, 0);
    assertEverySurfaceAgrees(0, 0);
    HttpResponse<String> del =
        server.call("DELETE", "/api/v1/adjustments/" + reset.getString("id"), null, writeToken);
    assertThat(del.statusCode()).as(del.body()).isEqualTo(409);
    assertThat(server.get("/api/v1/requests/" + key).body()).contains("\"inForce\":true");
  }
}
