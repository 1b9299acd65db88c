package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client mistakes that PostgreSQL or the JDK would refuse deep inside (NUL, years past 9999, huge
 * durations, keys too long for an index, bytes that are not UTF-8) are 400s naming the field, and
 * nothing is written.
 */
class HostileInputIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NUL = "\\u0000";
  static BridgeFixture fx;
  static IncidentBridge bridge;
  static Vertx vertx;
  static HttpServer server;
  static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void setUp() throws Exception {
    fx = new BridgeFixture();
    bridge = fx.bridge(BridgeSettings.defaults());
    vertx = Vertx.vertx();
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
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    bridge.close();
    fx.close();
  }

  record Reply(int status, JsonNode body) {}

  static Reply call(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  static Reply call(String method, String path, String body) throws Exception {
    return call(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static long rows() {
    return fx.count(
        "SELECT (SELECT count(*) FROM bridge_incident) + (SELECT count(*) FROM bridge_change)"
            + " + (SELECT count(*) FROM bridge_problem) + (SELECT count(*) FROM bridge_request)"
            + " + (SELECT count(*) FROM bridge_timeline) + (SELECT count(*) FROM bridge_link)");
  }

  static void assertRefused(String method, String path, String body, String field)
      throws Exception {
    assertRefused(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), field);
  }

  static void assertRefused(String method, String path, byte[] body, String field)
      throws Exception {
    long before = rows();
    Reply r = call(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(400);
    assertThat(r.body().path("field").asText()).as(method + " " + path).isEqualTo(field);
    assertThat(rows()).as("nothing written by " + method + " " + path).isEqualTo(before);
  }

  static String alertmanager(String labels, String annotations, String startsAt, String fp) {
    return """
        {"version":"4","groupKey":"g","status":"firing","receiver":"burnrate",
         "alerts":[{"status":"firing","labels":%s,"annotations":%s,
           "startsAt":"%s","fingerprint":"%s"}]}
        """
        .formatted(labels, annotations, startsAt, fp);
  }

  static String openIncident() throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v1/incidents",
            "{\"title\":\"t\",\"service\":\"web\",\"severity\":\"ticket\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.body().path("key").asText();
  }

  @Test
  void nulInAnyTextField_isA400NamingIt() throws Exception {
    String inc = openIncident();
    assertRefused(
        "POST",
        "/api/v1/incidents",
        "{\"title\":\"a" + NUL + "b\",\"service\":\"web\",\"severity\":\"ticket\"}",
        "title");
    assertRefused(
        "POST", "/api/v1/changes", "{\"service\":\"web\",\"title\":\"x" + NUL + "\"}", "title");
    assertRefused(
        "POST",
        "/api/v1/changes",
        "{\"service\":\"web\",\"source\":{\"commit\":\"" + NUL + "\"}}",
        "commit");
    assertRefused(
        "POST", "/api/v1/incidents/" + inc + "/comments", "{\"text\":\"" + NUL + "\"}", "text");
    assertRefused(
        "POST", "/api/v1/incidents/" + inc + "/links", "{\"target\":\"" + NUL + "\"}", "target");
    assertRefused(
        "POST", "/api/v1/problems", "{\"title\":\"p" + NUL + "\",\"services\":[\"web\"]}", "title");
    assertRefused(
        "POST",
        "/api/v1/problems",
        "{\"title\":\"p\",\"services\":[\"w" + NUL + "\"]}",
        "services");
    assertRefused(
        "POST",
        "/api/v1/alerts/alertmanager",
        alertmanager("{\"job\":\"web" + NUL + "\"}", "{}", "2025-01-31T12:00:00Z", "f1"),
        "alerts[0].labels.job");
    assertRefused(
        "POST",
        "/api/v1/alerts/alertmanager",
        alertmanager(
            "{\"job\":\"web\"}", "{\"summary\":\"" + NUL + "\"}", "2025-01-31T12:00:00Z", "f1"),
        "alerts[0].annotations.summary");
    assertRefused("GET", "/api/v1/incidents?service=a%00b", (String) null, "service");
  }

  @Test
  void timesOutsideTheYears0000To9999_areA400() throws Exception {
    assertRefused(
        "POST",
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"+10000-01-01T00:00:00Z\"}",
        "startedAt");
    assertRefused(
        "POST",
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"-4714-01-01T00:00:00Z\"}",
        "startedAt");
    assertRefused(
        "POST",
        "/api/v1/alerts/alertmanager",
        alertmanager("{\"job\":\"web\"}", "{}", "+294277-01-01T00:00:00Z", "f2"),
        "alerts[0].startsAt");
    assertRefused(
        "POST",
        "/api/v1/requests",
        "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"r\","
            + "\"validUntil\":\"+99999-01-01T00:00:00Z\"}",
        "validUntil");
  }

  @Test
  void aHugeDuration_isA400() throws Exception {
    assertRefused(
        "POST",
        "/api/v1/requests",
        "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"r\","
            + "\"duration\":\"999999999999d\"}",
        "duration");
    assertRefused(
        "POST",
        "/api/v1/requests",
        "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"r\","
            + "\"duration\":\"99999999999999999999d\"}",
        "duration");
    assertRefused("GET", "/api/v1/incidents?since=999999999999d", (String) null, "since");
  }

  @Test
  void keysTooLongForAnIndex_areA400() throws Exception {
    String inc = openIncident();
    assertRefused(
        "POST",
        "/api/v1/alerts/alertmanager",
        alertmanager("{\"job\":\"web\"}", "{}", "2025-01-31T12:00:00Z", "f".repeat(200_000)),
        "alerts[0].fingerprint");
    assertRefused(
        "POST",
        "/api/v1/incidents/" + inc + "/links",
        "{\"target\":\"" + "T".repeat(9_000) + "\"}",
        "target");
  }

  @Test
  void bodiesThatAreNotUtf8_areA400() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        alertmanager("{\"job\":\"web\"}", "{\"summary\":\"X\"}", "2025-01-31T12:00:00Z", "f3")
            .getBytes(StandardCharsets.UTF_8));
    byte[] bytes = b.toByteArray();
    int x = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"X\"") + 1;
    bytes[x] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
    assertRefused("POST", "/api/v1/alerts/alertmanager", bytes, "body");

    byte[] api =
        "{\"title\":\"caf\u00e9\",\"service\":\"web\",\"severity\":\"ticket\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertRefused("POST", "/api/v1/incidents", api, "body");
  }

  @Test
  void endedAtBeforeStartedAt_isA400_alsoWhenPatched() throws Exception {
    assertRefused(
        "POST",
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"2025-01-31T12:00:00Z\","
            + "\"endedAt\":\"2025-01-31T11:00:00Z\"}",
        "endedAt");
    Reply ch =
        call(
            "POST",
            "/api/v1/changes",
            "{\"service\":\"web\",\"startedAt\":\"2025-01-31T12:00:00Z\"}");
    assertThat(ch.status()).isEqualTo(201);
    assertRefused(
        "PATCH",
        "/api/v1/changes/" + ch.body().path("key").asText(),
        "{\"endedAt\":\"2025-01-31T11:00:00Z\"}",
        "endedAt");
  }
}
