package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLO endpoints over real HTTP, with events ingested, stored, fed and evaluated for real; and
 * /metrics, which only shows every metric once SLOs have data.
 */
class SloIT {
  static final String SLO = SloFixtures.CHECKOUT_SLO;

  @TempDir static Path dir;
  static TestServer server;
  static String ingestToken;
  static String writeToken;

  static final String CHECKOUT = SloFixtures.CHECKOUT;
  static final String SEARCH = SloFixtures.SEARCH;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), CHECKOUT);
    // One connector, so the per-connector outbox metrics exist; nothing listens on its port.
    Path config = Files.createTempDirectory("burnrate-config").resolve("burnrate.yaml");
    Files.writeString(
        config,
        """
        bridge:
          connectors:
            - name: hook
              type: webhook
              url: http://127.0.0.1:9/burnrate
              secret: not-a-real-secret
        """);
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", dir.toString(),
                // The test ticks the engine and reloads the files itself.
                "BURNRATE_ENGINE_TICK_INTERVAL", "1h",
                "BURNRATE_SLOS_WATCH", "false"),
            java.util.Optional.of(config));
    ingestToken = token("ingest");
    writeToken = token("write");
    // 100 checkout requests a minute ago, 5 of them failed.
    long ts = Instant.now().minusSeconds(60).toEpochMilli();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      events
          .append(
              new JsonObject()
                  .put("ts", ts)
                  .put("service", "checkout")
                  .put("route", "/pay")
                  .put("method", "POST")
                  .put("status", i < 5 ? 500 : 200)
                  .put("duration_ms", 12.5)
                  .encode())
          .append('\n');
    }
    HttpResponse<String> r =
        server.send(
            server
                .request("/api/v1/events")
                .header("Authorization", "Bearer " + ingestToken)
                .header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(events.toString()))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // The leader feeds the engine from the store, and the bridge opens the incident after the
    // evaluation that fires: tick until the API shows both.
    Await.until(
        "the events to reach the SLO status, and its incident to be linked",
        Duration.ofSeconds(20),
        () -> {
          server.server().ticker().tick();
          JsonObject s = new JsonObject(server.get("/api/v1/slos/" + SLO).body());
          return Double.valueOf(100).equals(s.getJsonObject("sli").getDouble("total"))
              && s.getJsonObject("incident") != null;
        });
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String token(String scope) {
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject().put("name", scope).put("scopes", new JsonArray().add(scope)).encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  static JsonObject getJson(String path) {
    HttpResponse<String> r = server.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void status_hasTheContractShape_withWorkbookNumbers() {
    JsonObject s = getJson("/api/v1/slos/" + SLO);
    assertThat(s.getString("name")).isEqualTo(SLO);
    assertThat(s.getString("service")).isEqualTo("checkout");
    assertThat(s.getDouble("objective")).isCloseTo(0.999, within(1e-12));
    assertThat(s.getString("window")).isEqualTo("30d");
    JsonObject sli = s.getJsonObject("sli");
    assertThat(sli.getDouble("good")).as(s.encode()).isCloseTo(95, within(1e-9));
    assertThat(sli.getDouble("total")).isCloseTo(100, within(1e-9));
    assertThat(sli.getDouble("ratio")).isCloseTo(0.95, within(1e-9));
    // remaining = 1 - bad / ((1 - objective) * total) = 1 - 5 / 0.1 = -49
    JsonObject budget = s.getJsonObject("errorBudget");
    assertThat(budget.getDouble("remaining")).isCloseTo(-49, within(1e-6));
    assertThat(budget.getDouble("consumed")).isCloseTo(50, within(1e-6));
    JsonObject burn = s.getJsonObject("burnRates");
    assertThat(burn.fieldNames()).contains("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d");
    // burn rate = error ratio / (1 - objective) = 0.05 / 0.001 = 50
    assertThat(burn.getDouble("1h")).isCloseTo(50, within(1e-6));
    JsonArray alerts = s.getJsonArray("alerts");
    assertThat(alerts).isNotEmpty();
    for (Object o : alerts) {
      JsonObject a = (JsonObject) o;
      assertThat(a.getString("severity")).isIn("page", "ticket");
      assertThat(a.getString("state")).isIn("firing", "ok");
      assertThat(a.getString("longWindow")).isNotBlank();
      assertThat(a.getString("shortWindow")).isNotBlank();
      assertThat(a.getDouble("factor")).isPositive();
    }
    // 5% errors burn 50x: the page alerts fire and the bridge opens an incident, linked here.
    assertThat(s.getString("state")).isEqualTo("firing");
    JsonObject incident = s.getJsonObject("incident");
    assertThat(incident).isNotNull();
    assertThat(incident.getString("key")).isNotBlank();
    assertThat(incident.getString("state")).isEqualTo("open");
    assertThat(server.get("/api/v1/incidents/" + incident.getString("key")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void list_filtersByServiceAndState_andPages() {
    JsonObject all = getJson("/api/v1/slos");
    assertThat(all.getInteger("total")).isGreaterThanOrEqualTo(1);
    assertThat(all.getJsonArray("items").getJsonObject(0).getString("name")).isNotBlank();
    assertThat(getJson("/api/v1/slos?service=checkout").getInteger("total")).isEqualTo(1);
    assertThat(getJson("/api/v1/slos?service=nobody").getInteger("total")).isZero();
    assertThat(getJson("/api/v1/slos?state=not_evaluable").getInteger("total")).isZero();
    JsonObject page = getJson("/api/v1/slos?limit=1&offset=5");
    assertThat(page.getJsonArray("items")).isEmpty();
    assertThat(page.getInteger("limit")).isEqualTo(1);
    HttpResponse<String> bad = server.get("/api/v1/slos?state=burning");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("field")).isEqualTo("state");
    assertThat(server.get("/api/v1/slos?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void summaryView_keepsTheListsMembers_withTheFullStatusNumbers() {
    JsonObject full = getJson("/api/v1/slos?limit=1000");
    JsonObject summary = getJson("/api/v1/slos?limit=1000&view=summary");
    assertThat(summary.getInteger("total")).isEqualTo(full.getInteger("total"));
    JsonArray a = full.getJsonArray("items");
    JsonArray b = summary.getJsonArray("items");
    assertThat(b.size()).isEqualTo(a.size()).isGreaterThan(0);
    for (int i = 0; i < a.size(); i++) {
      JsonObject f = a.getJsonObject(i);
      JsonObject s = b.getJsonObject(i);
      assertThat(s.fieldNames())
          .containsExactlyInAnyOrder(
              "name",
              "service",
              "objective",
              "window",
              "state",
              "labels",
              "sli",
              "errorBudget",
              "burnRates",
              "alerts",
              "incident");
      assertThat(s.getString("name")).isEqualTo(f.getString("name"));
      assertThat(s.getString("state")).isEqualTo(f.getString("state"));
      assertThat(s.getJsonObject("sli").getValue("ratio"))
          .isEqualTo(f.getJsonObject("sli").getValue("ratio"));
      assertThat(s.getJsonObject("errorBudget").getValue("remaining"))
          .isEqualTo(f.getJsonObject("errorBudget").getValue("remaining"));
      assertThat(s.getJsonObject("burnRates").getValue("1h"))
          .isEqualTo(f.getJsonObject("burnRates").getValue("1h"));
      long firing =
          f.getJsonArray("alerts").stream()
              .filter(x -> "firing".equals(((JsonObject) x).getString("state")))
              .count();
      assertThat(s.getJsonArray("alerts").size()).isEqualTo((int) firing);
    }
    HttpResponse<String> r = server.get("/api/v1/slos?view=tiny");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("view");
  }

  @Test
  void unknownSlo_isA404Problem() {
    HttpResponse<String> r = server.get("/api/v1/slos/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void history_givesSeriesFromTheStoredBuckets() {
    Instant to = Instant.now();
    Instant from = to.minus(Duration.ofMinutes(10));
    JsonObject h =
        getJson("/api/v1/slos/" + SLO + "/history?from=" + from + "&to=" + to + "&step=1m");
    JsonArray ts = h.getJsonArray("timestamps");
    assertThat(ts.size()).isBetween(10, 11);
    JsonArray sli = h.getJsonArray("sli");
    assertThat(sli.size()).isEqualTo(ts.size());
    // The last point's window holds all 100 events.
    assertThat(sli.getDouble(sli.size() - 1)).isCloseTo(0.95, within(1e-9));
    // The first point (10 minutes back) saw none.
    assertThat(sli.getValue(0)).isNull();
    JsonArray remaining = h.getJsonArray("errorBudgetRemaining");
    assertThat(remaining.getDouble(remaining.size() - 1)).isCloseTo(-49, within(1e-6));
    assertThat(h.getJsonObject("burnRates").fieldNames())
        .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d");
    assertThat(h.getJsonObject("burnRates").getJsonArray("1h").getDouble(sli.size() - 1))
        .isCloseTo(50, within(1e-6));
  }

  @Test
  void history_refusesBadParameters() {
    assertThat(server.get("/api/v1/slos/" + SLO + "/history?step=7s").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/slos/" + SLO + "/history?from=yesterday").statusCode())
        .isEqualTo(400);
    assertThat(
            server
                .get(
                    "/api/v1/slos/"
                        + SLO
                        + "/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> far =
        server.get(
            "/api/v1/slos/"
                + SLO
                + "/history?from=%2B10000-01-01T00:00:00Z&to=%2B10000-01-02T00:00:00Z");
    assertThat(far.statusCode()).as(far.body()).isEqualTo(400);
    assertThat(new JsonObject(far.body()).getString("field")).isEqualTo("to");
  }

  @Test
  void metrics_exposeThePerSloGauges() {
    // The gauges are refreshed off the evaluation thread: wait for this SLO's first ones.
    Await.until(
        "the SLO's gauges in /metrics",
        Duration.ofSeconds(30),
        () ->
            server.get("/metrics").body().contains("burnrate_slo_sli_ratio{service=\"checkout\""));
    String scrape = server.get("/metrics").body();
    assertThat(scrape)
        .contains("burnrate_slo_sli_ratio{service=\"checkout\",slo=\"" + SLO + "\"}")
        .contains("burnrate_slo_error_budget_remaining{service=\"checkout\",slo=\"" + SLO + "\"}")
        .contains("burnrate_slo_burn_rate{service=\"checkout\",slo=\"" + SLO + "\",window=\"1h\"}")
        .contains("burnrate_slo_alert_firing{")
        .contains("burnrate_slo_alert_factor{");
  }

  @Test
  void catalogTable_holdsTheLoadedSlos() throws Exception {
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT service, sli_kind, loaded FROM slo_catalog WHERE name = '" + SLO + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("checkout");
      assertThat(rs.getString(2)).isEqualTo("BAD_OVER_TOTAL");
      assertThat(rs.getBoolean(3)).isTrue();
    }
  }

  @Test
  void reload_withErrors_keepsTheRunningSet_andReportsEveryError_thenAppliesAFix()
      throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken, "version: \"prometheus/v1\"\nservice: x\nslos:\n  - name: a\n    objective: 250\n");
    try {
      HttpResponse<String> r = server.call("POST", "/api/v1/slos/reload", null, writeToken);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      JsonObject p = new JsonObject(r.body());
      assertThat(p.getJsonArray("errors")).isNotEmpty();
      assertThat(p.getJsonArray("errors").getJsonObject(0).getString("text"))
          .startsWith(broken.toString() + ":");
      assertThat(server.server().catalog().spec(SLO)).isPresent();
    } finally {
      Files.delete(broken);
    }
    Path search = dir.resolve("search.yaml");
    Files.writeString(search, SEARCH);
    try {
      HttpResponse<String> ok = server.call("POST", "/api/v1/slos/reload", null, writeToken);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(new JsonObject(ok.body()).getJsonArray("added").encode())
          .isEqualTo("[\"search-availability\"]");
      assertThat(getJson("/api/v1/slos/search-availability").getString("service"))
          .isEqualTo("search");
    } finally {
      Files.delete(search);
      server.call("POST", "/api/v1/slos/reload", null, writeToken);
    }
  }

  @Test
  void anUnchangedReload_keepsEveryAlertAndItsSince() {
    JsonObject before = getJson("/api/v1/slos/" + SLO);
    assertThat(before.getJsonArray("alerts").getJsonObject(0).getString("since")).isNotNull();
    Instant reloaded = Instant.now();

    HttpResponse<String> r = server.call("POST", "/api/v1/slos/reload", null, writeToken);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject after =
        Await.until(
            "an evaluation after the reload",
            Duration.ofSeconds(20),
            () -> {
              JsonObject s = getJson("/api/v1/slos/" + SLO);
              return Instant.parse(s.getString("evaluatedAt")).isAfter(reloaded)
                  ? Optional.of(s)
                  : Optional.empty();
            });

    assertThat(alertStates(after)).isEqualTo(alertStates(before));
    assertThat(after.getJsonObject("sli").getDouble("total")).isEqualTo(100.0);
  }

  /** Each alert's name, state and since. */
  static List<String> alertStates(JsonObject status) {
    return status.getJsonArray("alerts").stream()
        .map(JsonObject.class::cast)
        .map(a -> a.getString("name") + " " + a.getString("state") + " " + a.getString("since"))
        .toList();
  }

  @Test
  void reload_needsTheWriteScope() {
    assertThat(server.call("POST", "/api/v1/slos/reload", null, null).statusCode()).isEqualTo(401);
    assertThat(server.call("POST", "/api/v1/slos/reload", null, ingestToken).statusCode())
        .isEqualTo(403);
  }

  /** Metric names in the first column of the tables in docs/metrics.md. */
  static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)`")
            .matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The documented metrics whose row says they have no series until there is data for them. */
  static Set<String> documentedWithoutSeriesYet() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String row : Files.readAllLines(Path.of("..", "docs", "metrics.md"))) {
      if (row.startsWith("| `") && row.matches(".*no series (until|without) .*")) {
        Matcher m = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)`").matcher(row);
        if (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  static Set<String> exposed(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ").matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void metrics_exposeEveryDocumentedName_andDocumentEveryBurnrateName() throws IOException {
    // Traffic first, so the per-request and auth meters exist.
    server.get("/health/live");
    server.server().ticker().tick();
    server.call("POST", "/api/v1/tokens", "{}", null);
    server.call("GET", "/api/v1/tokens", null, "brt_unknown");
    // Each instance's lag comes from engine_instances, which an instance reports to once a second.
    Await.until(
        "this instance in engine_instances",
        Duration.ofSeconds(20),
        () -> server.get("/metrics").body().contains("burnrate_engine_instance_lag_seconds{"));
    HttpResponse<String> r = server.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body()).doesNotContain("not-a-real-secret");
    Set<String> exposed = exposed(r.body());
    Set<String> documented = documented();
    assertThat(documented).isNotEmpty();
    // Rows that say "no series until/without ..." describe meters that exist only with data this
    // server has none of (StackStorm runbooks, DORA figures of changes with commit times).
    Set<String> expected = new TreeSet<>(documented);
    expected.removeAll(documentedWithoutSeriesYet());
    assertThat(expected).hasSizeGreaterThan(documented.size() / 2);
    assertThat(exposed).as("documented metrics missing from /metrics").containsAll(expected);
    assertThat(documented)
        .as("burnrate_ metrics missing from docs/metrics.md")
        .containsAll(
            exposed.stream()
                .filter(n -> n.startsWith("burnrate_"))
                // A timer's _max gauge goes with the documented timer.
                .filter(
                    n ->
                        !(n.endsWith("_max")
                            && documented.contains(n.substring(0, n.length() - 4))))
                .toList());
  }
}
