package dev.burnrate.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.ChildProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack with real clients, asserted through what a user sees (the REST API and {@code
 * /metrics}): a real Prometheus scrapes a shop's request counters and remote-writes them to a real
 * server; the shop starts failing, its SLO burns and the engine opens a P1 incident; a real
 * Alertmanager delivers an alert that opens a second incident, then its resolution resolves it.
 *
 * <p>The SLO keeps its 30-day window: at 90% errors on a 99.9% objective the burn rate is about
 * 900x, so the default page alert (14.4x over 1h and 5m) fires as soon as the low-traffic guard (10
 * events in the long window) is met, a few scrapes after the failures start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullStackIT {
  private static final Logger log = LoggerFactory.getLogger(FullStackIT.class);
  static final Optional<Path> PROMETHEUS = ChildProcess.binary("prometheus");
  static final Optional<Path> ALERTMANAGER = ChildProcess.binary("prometheus-alertmanager");
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  static final String SLO = "shop-availability";

  /** The shop's SLO in Sloth's format: 99.9% of requests do not fail, over 30 days. */
  static final String SHOP_SLOS =
      """
      version: "prometheus/v1"
      service: "shop"
      slos:
        - name: "availability"
          objective: 99.9
          description: "Shop requests that do not fail"
          sli:
            events:
              error_query: sum(rate(demo_http_requests_total{job="shop",code=~"5.."}[{{.window}}]))
              total_query: sum(rate(demo_http_requests_total{job="shop"}[{{.window}}]))
          alerting:
            name: ShopAvailability
      """;

  @TempDir static Path dir;
  static TestServer server;
  static String ingestToken;
  static ShopMetrics shop;
  static ChildProcess prometheus;
  static ChildProcess alertmanager;
  static String alertmanagerUrl;

  /** What the last poll saw, for the failure message when a wait times out. */
  static volatile String lastSeen = "";

  /** The incident the burning SLO opened (set by the first test). */
  static String sloIncident;

  /** The incident the Alertmanager alert opened (set by the second test). */
  static String alertIncident;

  @BeforeAll
  static void start() throws IOException {
    Path slos = Files.createDirectories(dir.resolve("slos"));
    Files.writeString(slos.resolve("shop.yaml"), SHOP_SLOS);
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", slos.toString(),
                // Evaluate often, so that the burn shows within a second of being stored.
                "BURNRATE_ENGINE_TICK_INTERVAL", "500ms",
                "BURNRATE_SLOS_WATCH", "false"));
    // Prometheus and Alertmanager send with a token of scope ingest, as a user would set them up.
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject()
                .put("name", "prometheus and alertmanager")
                .put("scopes", new JsonArray().add("ingest"))
                .encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    ingestToken = new JsonObject(r.body()).getString("token");
  }

  @AfterAll
  static void stop() {
    // The clients first, so that nothing sends to a server that is shutting down; every part is
    // stopped even when one fails to.
    IllegalStateException failed = null;
    for (AutoCloseable part : new AutoCloseable[] {alertmanager, prometheus, shop, server}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        if (failed == null) {
          failed = new IllegalStateException("cannot stop " + part, e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Test
  @Order(1)
  void failingShop_burnsItsSlo_andOpensAP1Incident_fromWhatPrometheusScrapedAndRemoteWrote()
      throws IOException {
    assumeThat(PROMETHEUS).as("the prometheus binary (Debian package prometheus)").isPresent();
    shop = ShopMetrics.start();
    int port = ChildProcess.freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: shop
            static_configs:
              - targets: ['%s']
        remote_write:
          - url: %s/api/v1/write
            authorization:
              credentials: %s
            queue_config:
              batch_send_deadline: 500ms
              min_backoff: 100ms
              max_backoff: 1s
        """
            .formatted(shop.target(), server.base(), ingestToken));
    prometheus =
        ChildProcess.start(
            "prometheus",
            List.of(
                PROMETHEUS.orElseThrow().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port),
            dir.resolve("prometheus.log"));
    Instant started = Instant.now();

    // Healthy first: the requests arrive through scrape and remote_write, and nothing burns.
    JsonObject healthy =
        Await.until(
            "the SLO counts the shop's requests, all good",
            STEP_TIMEOUT,
            () -> sloStatus().filter(s -> s.getJsonObject("sli").getDouble("total", 0.0) > 0),
            FullStackIT::diagnostics);
    log.info("healthy requests visible {} after Prometheus started", since(started));
    assertThat(healthy.getString("service")).isEqualTo("shop");
    assertThat(healthy.getDouble("objective")).isEqualTo(0.999);
    assertThat(healthy.getString("window")).isEqualTo("30d");
    assertThat(healthy.getString("state")).isEqualTo("ok");
    assertThat(healthy.getJsonObject("sli").getDouble("ratio")).isEqualTo(1.0);
    assertThat(healthy.getJsonObject("errorBudget").getDouble("remaining")).isEqualTo(1.0);
    assertThat(healthy.getJsonObject("burnRates").getDouble("5m")).isEqualTo(0.0);
    assertThat(firingAlerts(healthy)).isEmpty();
    assertThat(healthy.getValue("incident")).isNull();

    // Then 9 of every 10 requests fail: about 900x the budget, far over the page rule's 14.4x.
    shop.failing(9);
    Instant failing = Instant.now();
    JsonObject burning =
        Await.until(
            "the SLO's page-1h alert fires and its status links an incident",
            STEP_TIMEOUT,
            () ->
                sloStatus()
                    .filter(s -> firingAlerts(s).contains("page-1h"))
                    .filter(s -> s.getValue("incident") != null),
            FullStackIT::diagnostics);
    log.info("page alert firing and incident linked {} after the failures started", since(failing));
    assertThat(burning.getString("state")).isEqualTo("firing");
    assertThat(burning.getJsonObject("sli").getDouble("ratio")).isLessThan(0.999);
    assertThat(burning.getJsonObject("errorBudget").getDouble("remaining")).isNegative();
    assertThat(burning.getJsonObject("burnRates").getDouble("1h")).isGreaterThan(14.4);
    assertThat(burning.getJsonObject("burnRates").getDouble("5m")).isGreaterThan(14.4);
    JsonObject link = burning.getJsonObject("incident");
    assertThat(link.getString("state")).isEqualTo("open");
    assertThat(link.getString("priority")).isEqualTo("P1");
    assertThat(link.getString("severity")).isEqualTo("page");
    sloIncident = link.getString("key");

    JsonObject incident = getJson("/api/v1/incidents/" + sloIncident);
    assertThat(incident.getString("source")).isEqualTo("slo");
    assertThat(incident.getString("slo")).isEqualTo(SLO);
    assertThat(incident.getString("service")).isEqualTo("shop");
    assertThat(incident.getString("state")).isEqualTo("open");
    assertThat(incident.getString("priority")).isEqualTo("P1");
    assertThat(ids(incident.getJsonArray("activeAlerts"))).contains("page-1h");
    assertThat(keys(getJson("/api/v1/incidents?slo=" + SLO + "&state=active")))
        .containsExactly(sloIncident);

    // What Prometheus would scrape from Burnrate shows the same burn, once the gauges (refreshed
    // off the evaluation thread) have caught up with the incident.
    Await.until(
        "/metrics to show the page alert firing",
        Duration.ofSeconds(30),
        () ->
            server
                .get("/metrics")
                .body()
                .lines()
                .anyMatch(
                    l ->
                        l.startsWith("burnrate_slo_alert_firing{")
                            && l.contains("slo=\"" + SLO + "\"")
                            && l.contains("alert=\"page-1h\"")
                            && l.endsWith(" 1.0")));
    String metrics = server.get("/metrics").body();
    assertThat(sample(metrics, "burnrate_slo_burn_rate", "slo=\"" + SLO + "\"", "window=\"1h\""))
        .isGreaterThan(14.4);
    assertThat(
            sample(
                metrics, "burnrate_slo_alert_firing", "slo=\"" + SLO + "\"", "alert=\"page-1h\""))
        .isEqualTo(1.0);
    assertThat(sample(metrics, "burnrate_slo_error_budget_remaining", "slo=\"" + SLO + "\""))
        .isNegative();
    assertThat(sample(metrics, "burnrate_slo_objective", "slo=\"" + SLO + "\"")).isEqualTo(0.999);
  }

  @Test
  @Order(2)
  void alertmanagerAlert_opensASecondIncident_andItsResolutionResolvesIt() throws IOException {
    assumeThat(ALERTMANAGER)
        .as("the prometheus-alertmanager binary (Debian package prometheus-alertmanager)")
        .isPresent();
    int port = ChildProcess.freePort();
    alertmanagerUrl = "http://127.0.0.1:" + port;
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: burnrate
          group_by: [alertname, service]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: burnrate
            webhook_configs:
              - url: %s/api/v1/alerts/alertmanager
                send_resolved: true
                http_config:
                  authorization:
                    credentials: %s
        """
            .formatted(server.base(), ingestToken));
    alertmanager =
        ChildProcess.start(
            "alertmanager",
            List.of(
                ALERTMANAGER.orElseThrow().toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="),
            dir.resolve("alertmanager.log"));
    Await.until(
        "Alertmanager is ready",
        STEP_TIMEOUT,
        () -> Optional.of(alertmanagerReady()).filter(ready -> ready),
        FullStackIT::diagnostics);

    Instant startsAt = Instant.now().minusSeconds(60);
    Instant posted = Instant.now();
    postAlert(startsAt, null);
    JsonObject opened =
        Await.until(
            "an incident from Alertmanager for service shop",
            STEP_TIMEOUT,
            () -> incidentFromAlertmanager().filter(i -> i.getString("state").equals("open")),
            FullStackIT::diagnostics);
    log.info("Alertmanager's incident open {} after the alert was posted", since(posted));
    alertIncident = opened.getString("key");
    assertThat(alertIncident).isNotEqualTo(sloIncident);
    assertThat(opened.getString("service")).isEqualTo("shop");
    assertThat(opened.getValue("slo")).isNull();
    assertThat(opened.getString("severity")).isEqualTo("page");
    assertThat(opened.getString("priority")).isEqualTo("P1");
    assertThat(opened.getString("title")).isEqualTo("Shop checkout answers 503");

    // Resolving the alert in Alertmanager (endsAt in the past) resolves the incident at once.
    Instant resolving = Instant.now();
    postAlert(startsAt, Instant.now().minusSeconds(1));
    JsonObject resolved =
        Await.until(
            "the Alertmanager incident " + alertIncident + " is resolved",
            STEP_TIMEOUT,
            () ->
                incidentFromAlertmanager()
                    .filter(i -> i.getString("key").equals(alertIncident))
                    .filter(i -> i.getString("state").equals("resolved")),
            FullStackIT::diagnostics);
    log.info(
        "Alertmanager's incident resolved {} after the resolution was posted", since(resolving));
    assertThat(resolved.getString("resolvedAt")).isNotBlank();
    assertThat(resolved.getJsonArray("activeAlerts")).isEmpty();
    // The timeline keeps what Alertmanager sent: its fingerprint and group key, both times.
    JsonArray timeline = getJson("/api/v1/incidents/" + alertIncident).getJsonArray("timeline");
    List<String> kinds = timeline.stream().map(o -> ((JsonObject) o).getString("kind")).toList();
    assertThat(kinds).contains("opened", "resolved");
    JsonObject openedBy = (JsonObject) timeline.getValue(kinds.indexOf("opened"));
    assertThat(openedBy.getJsonObject("details").getString("fingerprint")).matches("[0-9a-f]{16}");
    assertThat(openedBy.getJsonObject("details").getString("groupKey"))
        .contains("alertname=\"ShopCheckoutErrors\"");
  }

  @Test
  @Order(3)
  void incidentsApi_showsBothIncidents_andTheSloStatusLinksOnlyItsOwn() {
    assumeThat(sloIncident).as("the SLO incident (first test)").isNotNull();
    assumeThat(alertIncident).as("the Alertmanager incident (second test)").isNotNull();

    JsonObject list = getJson("/api/v1/incidents?service=shop");
    Map<String, JsonObject> byKey = new HashMap<>();
    for (Object o : list.getJsonArray("items")) {
      JsonObject i = (JsonObject) o;
      byKey.put(i.getString("key"), i);
    }
    assertThat(byKey).containsOnlyKeys(sloIncident, alertIncident);
    assertThat(byKey.get(sloIncident).getString("source")).isEqualTo("slo");
    assertThat(byKey.get(sloIncident).getString("state")).isEqualTo("open");
    assertThat(byKey.get(alertIncident).getString("source")).isEqualTo("alertmanager");
    assertThat(byKey.get(alertIncident).getString("state")).isEqualTo("resolved");
    assertThat(keys(getJson("/api/v1/incidents?service=shop&state=active")))
        .containsExactly(sloIncident);

    JsonObject status = getJson("/api/v1/slos/" + SLO);
    assertThat(status.getString("state")).isEqualTo("firing");
    assertThat(status.getJsonObject("incident").getString("key")).isEqualTo(sloIncident);
    assertThat(status.getJsonObject("incident").getString("href"))
        .isEqualTo("/api/v1/incidents/" + sloIncident);
  }

  static Duration since(Instant start) {
    return Duration.between(start, Instant.now());
  }

  // --- reading the API

  static Optional<JsonObject> sloStatus() {
    prometheus.requireAlive();
    HttpResponse<String> r = server.get("/api/v1/slos/" + SLO);
    lastSeen = "GET /api/v1/slos/" + SLO + " -> " + r.statusCode() + " " + r.body();
    return r.statusCode() == 200 ? Optional.of(new JsonObject(r.body())) : Optional.empty();
  }

  static Optional<JsonObject> incidentFromAlertmanager() {
    alertmanager.requireAlive();
    JsonObject list = getJson("/api/v1/incidents?service=shop");
    lastSeen = "GET /api/v1/incidents?service=shop -> " + list.encode();
    return list.getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(i -> i.getString("source").equals("alertmanager"))
        .findFirst();
  }

  static JsonObject getJson(String path) {
    HttpResponse<String> r = server.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static List<String> firingAlerts(JsonObject status) {
    List<String> names = new ArrayList<>();
    for (Object o : status.getJsonArray("alerts")) {
      JsonObject a = (JsonObject) o;
      if (a.getString("state").equals("firing")) {
        names.add(a.getString("name"));
      }
    }
    return names;
  }

  static List<String> keys(JsonObject list) {
    return list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("key")).toList();
  }

  static List<String> ids(JsonArray alerts) {
    return alerts.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  /** The value of the one sample of {@code name} whose labels include every given pair. */
  static double sample(String exposition, String name, String... labels) {
    List<Double> values = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") && Stream.of(labels).allMatch(line::contains)) {
        values.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    assertThat(values).as(name + " with " + List.of(labels) + " in /metrics").hasSize(1);
    return values.get(0);
  }

  // --- Alertmanager

  static boolean alertmanagerReady() {
    alertmanager.requireAlive();
    try {
      return server
              .send(
                  HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/-/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .GET()
                      .build())
              .statusCode()
          == 200;
    } catch (IllegalStateException e) {
      return false; // not listening yet
    }
  }

  /**
   * Posts the shop's alert to Alertmanager's API, as Prometheus would; resolved when endsAt is set.
   */
  static void postAlert(Instant startsAt, Instant endsAt) {
    JsonObject alert =
        new JsonObject()
            .put(
                "labels",
                new JsonObject()
                    .put("alertname", "ShopCheckoutErrors")
                    .put("service", "shop")
                    .put("severity", "critical"))
            .put("annotations", new JsonObject().put("summary", "Shop checkout answers 503"))
            .put("startsAt", startsAt.toString())
            .put("generatorURL", "http://prometheus.example/graph");
    if (endsAt != null) {
      alert.put("endsAt", endsAt.toString());
    }
    HttpResponse<String> r =
        server.send(
            HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonArray().add(alert).encode()))
                .build());
    assertThat(r.statusCode())
        .as("POST /api/v2/alerts to Alertmanager: " + r.body())
        .isEqualTo(200);
  }

  static String diagnostics() {
    StringBuilder b = new StringBuilder("last seen: ").append(lastSeen);
    if (shop != null) {
      b.append("\nthe shop was scraped ").append(shop.scrapes()).append(" times");
    }
    for (ChildProcess p : new ChildProcess[] {prometheus, alertmanager}) {
      if (p != null) {
        b.append('\n').append(p.logTail(15));
      }
    }
    return b.toString();
  }
}
