package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.testsupport.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The REST answers of every record kind, byte for byte, against fixtures written from the code
 * before the bridge was re-cut: a re-shaping that changes one byte of the API fails here. Run with
 * {@code -Dburnrate.writeFixtures=true} to write the fixtures anew (only for a deliberate change).
 */
class RestFixturesIT {
  static final Path FIXTURES = Path.of("src/test/resources/rest-fixtures");
  static final boolean WRITE = Boolean.getBoolean("burnrate.writeFixtures");
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
  final List<String> mismatches = new ArrayList<>();
  HttpServer server;
  int step;

  void call(String name, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String actual =
        method
            + " "
            + path
            + "\n"
            + r.statusCode()
            + " "
            + r.headers().firstValue("Content-Type").orElse("")
            + "\n"
            + r.body()
            + "\n";
    Path file = FIXTURES.resolve(String.format("%02d-%s.txt", ++step, name));
    if (WRITE) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    } else if (!Files.exists(file)) {
      mismatches.add(file + " is missing");
    } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(actual)) {
      mismatches.add(file + " differs; now:\n" + actual);
    }
    clock.advance(Duration.ofSeconds(7));
  }

  AlertTransition transition(String alert, Severity sev, Duration window, double burn) {
    return new AlertTransition(
        FIRING,
        "checkout-availability",
        "checkout",
        alert,
        sev,
        clock.instant(),
        sev == Severity.PAGE ? 14.4 : 3,
        window,
        window.dividedBy(12),
        burn,
        burn * 1.5,
        0.5,
        Map.of("team", "shop"),
        Map.of());
  }

  @Test
  void everyRecordKindAnswers_byteForByte_asItDidBeforeTheReCut() throws Exception {
    try (BridgeFixture fx = new BridgeFixture()) {
      BridgeSettings settings =
          BridgeSettings.defaults()
              .withConnectors(
                  List.of(
                      ConnectorSettings.of(
                          "hook",
                          "webhook",
                          URI.create("http://127.0.0.1:1/in"),
                          Map.of("secret", "s3cret"),
                          new Match(Set.of(), Set.of(), Set.of(), 4))));
      fx.budgets.set("web", "web-errors", 0.25);
      // The outbox worker is never started: its rows stay pending, as the fixtures show them.
      IncidentBridge bridge =
          IncidentBridge.create(
              fx.dataSource, settings, BridgeFixture.catalog(), fx.budgets, clock);
      Vertx vertx = Vertx.vertx();
      try {
        Router router = Router.router(vertx);
        bridge.routes(vertx).mount(router);
        server =
            vertx
                .createHttpServer()
                .requestHandler(router)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        script(bridge);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        bridge.close();
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private void script(IncidentBridge bridge) throws Exception {
    // incidents
    call(
        "incident-open",
        "POST",
        "/api/v1/incidents",
        "{\"title\":\"Checkout is slow\",\"service\":\"checkout\",\"severity\":\"page\",\"priority\":\"P2\",\"by\":\"ann\"}");
    bridge.accept(transition("ticket-1d", Severity.TICKET, Duration.ofDays(1), 3.5));
    clock.advance(Duration.ofMinutes(1));
    bridge.accept(transition("page-1h", Severity.PAGE, Duration.ofHours(1), 16.25));
    call("incident-slo", "GET", "/api/v1/incidents/INC-2", null);
    call("incident-ack", "POST", "/api/v1/incidents/INC-1/acknowledge", "{\"by\":\"ann\"}");
    call(
        "incident-comment",
        "POST",
        "/api/v1/incidents/INC-1/comments",
        "{\"text\":\"rolling back\",\"by\":\"ann\"}");
    call(
        "incident-link",
        "POST",
        "/api/v1/incidents/INC-1/links",
        "{\"target\":\"OPS-7\",\"relation\":\"tracked-by\",\"url\":\"https://jira.example.com/browse/OPS-7\"}");
    call("incident-unlink", "DELETE", "/api/v1/incidents/INC-1/links/OPS-7?by=ann", null);
    call(
        "incident-resolve",
        "POST",
        "/api/v1/incidents/INC-1/resolve",
        "{\"by\":\"ann\",\"resolution\":\"rolled back\"}");
    call("incident-close", "POST", "/api/v1/incidents/INC-1/close", "{}");
    call("incidents-list", "GET", "/api/v1/incidents?limit=1", null);
    call("incidents-page-2", "GET", "/api/v1/incidents?limit=1&cursor=INC-2", null);
    call("incident-missing", "GET", "/api/v1/incidents/INC-99", null);
    call("incident-bad", "POST", "/api/v1/incidents", "{\"service\":\"checkout\"}");

    // alerts
    call(
        "alertmanager",
        "POST",
        "/api/v1/alerts/alertmanager",
        """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","truncatedAlerts":0,
         "status":"firing","receiver":"burnrate","groupLabels":{"alertname":"HighErrorRate"},
         "commonLabels":{"alertname":"HighErrorRate"},"commonAnnotations":{},
         "externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","job":"payments","severity":"critical"},
           "annotations":{"summary":"payments answers 5xx"},
           "startsAt":"2026-03-02T09:59:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph","fingerprint":"a1b2c3"}]}
        """);
    call(
        "grafana",
        "POST",
        "/api/v1/alerts/grafana",
        """
        {"receiver":"burnrate","status":"firing","orgId":1,"groupKey":"{}:{alertname=\\"CatalogSlow\\"}",
         "commonLabels":{"alertname":"CatalogSlow"},
         "alerts":[{"status":"firing","labels":{"alertname":"CatalogSlow","service":"catalog"},
           "annotations":{},"startsAt":"2026-03-02T09:58:00Z","fingerprint":"ffee"}]}
        """);
    call("incident-webhook", "GET", "/api/v1/incidents/INC-3", null);

    // problems
    call(
        "problem-open",
        "POST",
        "/api/v1/problems",
        "{\"title\":\"Checkout pool exhaustion\",\"services\":[\"checkout\"],\"incidents\":[\"INC-1\"],\"by\":\"bob\"}");
    call(
        "problem-patch",
        "PATCH",
        "/api/v1/problems/PRB-1",
        "{\"rootCause\":\"pool too small\",\"workaround\":\"restart\",\"by\":\"bob\"}");
    call("problem-known-error", "POST", "/api/v1/problems/PRB-1/known-error", "{}");
    call("problem-get", "GET", "/api/v1/problems/PRB-1", null);
    call("problems-list", "GET", "/api/v1/problems?state=known_error", null);

    // changes
    call(
        "change-record",
        "POST",
        "/api/v1/changes",
        "{\"service\":\"checkout\",\"kind\":\"normal\",\"source\":{\"system\":\"github\",\"commit\":\"abc123\",\"version\":\"1.4.2\",\"url\":\"https://ci.example.com/1\",\"id\":\"run-1\"},\"startedAt\":\"2026-03-02T09:30:00Z\"}");
    call(
        "change-again",
        "POST",
        "/api/v1/changes",
        "{\"service\":\"checkout\",\"kind\":\"normal\",\"source\":{\"system\":\"github\",\"id\":\"run-1\"},\"startedAt\":\"2026-03-02T09:30:00Z\"}");
    call(
        "change-patch",
        "PATCH",
        "/api/v1/changes/CHG-1",
        "{\"state\":\"completed\",\"endedAt\":\"2026-03-02T09:40:00Z\"}");
    call(
        "change-evaluate",
        "POST",
        "/api/v1/changes/evaluate",
        "{\"service\":\"web\",\"kind\":\"normal\",\"record\":true}");
    call("change-get", "GET", "/api/v1/changes/CHG-1", null);
    call("changes-list", "GET", "/api/v1/changes", null);

    // requests
    call(
        "request-file",
        "POST",
        "/api/v1/requests",
        "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"CVE fix\",\"requestedBy\":\"hal\",\"duration\":\"2h\"}");
    call("request-self", "POST", "/api/v1/requests/REQ-1/approve", "{\"by\":\"hal\"}");
    call(
        "request-approve",
        "POST",
        "/api/v1/requests/REQ-1/approve",
        "{\"by\":\"ivy\",\"comment\":\"ok\"}");
    call("request-get", "GET", "/api/v1/requests/REQ-1", null);
    call("requests-list", "GET", "/api/v1/requests?type=freeze_exception", null);
    call(
        "change-evaluate-excepted",
        "POST",
        "/api/v1/changes/evaluate",
        "{\"service\":\"web\",\"kind\":\"normal\"}");

    // services and the outbox
    call("services", "GET", "/api/v1/services", null);
    call("service", "GET", "/api/v1/services/payments", null);
    call("outbox-pending", "GET", "/api/v1/outbox?state=pending&limit=3", null);
    call("outbox-dead", "GET", "/api/v1/outbox", null);
    call("outbox-retry-missing", "POST", "/api/v1/outbox/999/retry", "{}");
  }
}
