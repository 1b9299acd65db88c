package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grouped SLO (one instance per route, at most two) and a composite SLO (checkout twice as heavy
 * as search) end to end: request events in through ingest, the instances and the composite read
 * back through the API and {@code /metrics}.
 */
class GroupedAndCompositeIT {
  static final String ROUTES = "checkout-routes";
  static final String PAY = "checkout-routes{http_route=\"/pay\"}";
  static final String CART = "checkout-routes{http_route=\"/cart\"}";
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("burnrate-groups");
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    Files.writeString(dir.resolve("search.yaml"), SloFixtures.SEARCH);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        apiVersion: pyrra.dev/v1alpha1
        kind: ServiceLevelObjective
        metadata: {name: checkout-routes}
        spec:
          target: "99.9"
          window: 30d
          indicator:
            ratio:
              errors: {metric: 'http_server_request_duration_seconds_count{job="checkout",http_response_status_code=~"5.."}'}
              total: {metric: 'http_server_request_duration_seconds_count{job="checkout"}'}
              grouping: [http_route]
        ---
        apiVersion: burnrate.dev/v1
        kind: CompositeSLO
        metadata: {name: shop-journey}
        spec:
          service: shop
          target: 0.99
          window: 30d
          components:
            - {slo: checkout-availability, weight: 2}
            - {slo: search-availability}
        """);
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", dir.toString(),
                "BURNRATE_ENGINE_TICK_INTERVAL", "1s",
                "BURNRATE_ENGINE_MAX_GROUPS_PER_SLO", "2",
                "BURNRATE_SLOS_WATCH", "false"));
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject()
                .put("name", "ingest")
                .put("scopes", new JsonArray().add("ingest"))
                .encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String token = new JsonObject(r.body()).getString("token");
    Instant at = Instant.now().minusSeconds(60);
    // One request per route, so the routes arrive in this order: /q is the third, over the limit.
    send(token, at, "checkout", "/pay", 100, 5);
    send(token, at, "checkout", "/cart", 50, 10);
    send(token, at, "checkout", "/q", 20, 0);
    send(token, at, "search", "/search", 40, 4);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static void send(
      String token, Instant at, String service, String route, int requests, int failures) {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < requests; i++) {
      events
          .append(
              new JsonObject()
                  .put("ts", at.toEpochMilli())
                  .put("service", service)
                  .put("route", route)
                  .put("method", "GET")
                  .put("status", i < failures ? 503 : 200)
                  .put("duration_ms", 8)
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

  static JsonObject status(String name) {
    HttpResponse<String> r =
        server.get(
            "/api/v1/slos/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static void awaitCounts(String name, double good, double total) {
    Await.until(
        name + " to count " + good + " good of " + total,
        Duration.ofSeconds(30),
        () -> {
          HttpResponse<String> r =
              server.get(
                  "/api/v1/slos/"
                      + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
          if (r.statusCode() != 200) {
            return false;
          }
          JsonObject s = new JsonObject(r.body()).getJsonObject("sli");
          return Math.abs(s.getDouble("total") - total) < 1e-9
              && Math.abs(s.getDouble("good") - good) < 1e-9;
        });
  }

  @Test
  void eachRouteHasItsOwnInstance_upToTheLimit_andTheSloCountsEveryRoute() {
    awaitCounts(PAY, 95, 100);
    awaitCounts(CART, 40, 50);
    awaitCounts(ROUTES, 155, 170);

    JsonObject pay = status(PAY);
    assertThat(pay.getJsonObject("group").getString("slo")).isEqualTo(ROUTES);
    assertThat(pay.getJsonObject("group").getJsonObject("labels").getMap())
        .isEqualTo(Map.of("http_route", "/pay"));
    assertThat(pay.getJsonObject("labels").getString("http_route")).isEqualTo("/pay");
    // 5 bad of 100 against a 0.1% budget: a burn of 50 over the SLO's window, and over 1h.
    assertThat(pay.getJsonObject("burnRates").getDouble("30d")).isCloseTo(50.0, within());
    assertThat(pay.getJsonObject("burnRates").getDouble("1h")).isCloseTo(50.0, within());
    assertThat(pay.getJsonObject("errorBudget").getDouble("remaining")).isCloseTo(-49.0, within());

    // The page fires for the instance, and its incident names the group.
    Await.until(
        "an incident for " + PAY,
        Duration.ofSeconds(30),
        () -> status(PAY).getValue("incident") != null);
    String key = status(PAY).getJsonObject("incident").getString("key");
    HttpResponse<String> incident = server.get("/api/v1/incidents/" + key);
    assertThat(incident.statusCode()).isEqualTo(200);
    JsonObject inc = new JsonObject(incident.body());
    assertThat(inc.encode()).contains(PAY.replace("\"", "\\\""));
    assertThat(inc.getJsonObject("labels").getString("http_route"))
        .as(inc.encode())
        .isEqualTo("/pay");

    JsonObject parent = status(ROUTES);
    JsonObject grouping = parent.getJsonObject("grouping");
    assertThat(grouping.getJsonArray("labels")).isEqualTo(new JsonArray().add("http_route"));
    assertThat(grouping.getInteger("groups")).isEqualTo(2);
    assertThat(grouping.getInteger("limit")).isEqualTo(2);
    assertThat(grouping.getJsonObject("overLimit").getLong("ingest")).isPositive();
    assertThat(parent.getJsonArray("warnings").getString(0)).contains("limit of 2 groups");
    assertThat(
            server
                .get(
                    "/api/v1/slos/"
                        + URLEncoder.encode(
                            "checkout-routes{http_route=\"/q\"}", StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(404);

    JsonObject list = new JsonObject(server.get("/api/v1/slos?slo=" + ROUTES).body());
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactly(ROUTES, CART, PAY);
    JsonObject cart = new JsonObject(server.get("/api/v1/slos?group=http_route=/cart").body());
    assertThat(cart.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactly(CART);
    assertThat(server.get("/api/v1/slos?group=http_route").statusCode()).isEqualTo(400);

    Await.until(
        "the group gauges",
        Duration.ofSeconds(30),
        () ->
            server
                .get("/metrics")
                .body()
                .contains("burnrate_slo_groups{slo=\"checkout-routes\"} 2.0"));
  }

  @Test
  void theComposite_isTheWeightedSumOfItsComponentsBuckets() {
    // checkout: 170 events, 15 bad, weight 2; search: 40 events, 4 bad, weight 1.
    awaitCounts("shop-journey", 2 * 155 + 36, 2 * 170 + 40);
    JsonObject s = status("shop-journey");
    assertThat(s.getJsonArray("components"))
        .isEqualTo(
            new JsonArray()
                .add(new JsonObject().put("slo", "checkout-availability").put("weight", 2.0))
                .add(new JsonObject().put("slo", "search-availability").put("weight", 1.0)));
    double bad = 2 * 15 + 4;
    double total = 2 * 170 + 40;
    assertThat(s.getJsonObject("burnRates").getDouble("30d"))
        .isCloseTo((bad / total) / 0.01, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.api.Assertions.within(1e-9);
  }
}
