package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus through the whole server (authentication, the server's handlers, the
 * API's and the bridge's routes, the database): each input is refused with a problem document that
 * names the field or the limit, never a 500, and writes nothing.
 */
class HostileInputServerIT {
  private static final String NUL = "\\u0000";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> post(String path, byte[] body) {
    return server.send(
        server
            .request(path)
            .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private static long rows() {
    try (Connection c = server.database().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (SELECT count(*) FROM api_tokens) + (SELECT count(*) FROM bridge_incident)"
                        + " + (SELECT count(*) FROM bridge_change)"
                        + " + (SELECT count(*) FROM bridge_request)"
                        + " + (SELECT count(*) FROM bridge_timeline)")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRefused(String path, String json, String field) {
    assertRefused(path, json.getBytes(StandardCharsets.UTF_8), field);
  }

  private static void assertRefused(String path, byte[] body, String field) {
    long before = rows();
    HttpResponse<String> r = post(path, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("field")).as(path).isEqualTo(field);
    assertThat(rows()).as("nothing written by " + path).isEqualTo(before);
  }

  private static String alertmanager(String alert) {
    return "{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"b\","
        + "\"alerts\":["
        + alert
        + "]}";
  }

  private static String grafana(String alert) {
    return "{\"receiver\":\"b\",\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":["
        + alert
        + "]}";
  }

  private static String alert(String labels, String startsAt, String endsAt, String fingerprint) {
    return "{\"status\":\"firing\",\"labels\":"
        + labels
        + ",\"annotations\":{\"summary\":\"s\"},\"startsAt\":\""
        + startsAt
        + "\""
        + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"")
        + ",\"fingerprint\":\""
        + fingerprint
        + "\"}";
  }

  private static final String LABELS = "{\"alertname\":\"x\",\"job\":\"web\"}";

  @Test
  void tokenNames_withNulOrALoneSurrogate_areA400NamingTheName() {
    assertRefused("/api/v1/tokens", "{\"name\":\"a" + NUL + "b\",\"scopes\":[\"read\"]}", "name");
    assertRefused("/api/v1/tokens", "{\"name\":\"\\ud800x\",\"scopes\":[\"read\"]}", "name");
    assertRefused("/api/v1/tokens", "{\"name\":\"x\\udc00\",\"scopes\":[\"read\"]}", "name");
    // A pair is a character: it stays.
    HttpResponse<String> ok =
        post(
            "/api/v1/tokens",
            "{\"name\":\"ci \\ud83d\\ude80\",\"scopes\":[\"read\"]}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(new JsonObject(ok.body()).getString("name")).isEqualTo("ci \uD83D\uDE80");
  }

  @Test
  void webhookTimes_outsidePostgresqlsRangeOrTheYears0To9999_areA400() {
    for (String hook : new String[] {"alertmanager", "grafana"}) {
      String path = "/api/v1/alerts/" + hook;
      for (String time :
          new String[] {
            "+294277-01-01T00:00:00Z", "-4714-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"
          }) {
        String a = alert(LABELS, time, null, "f1");
        assertRefused(
            path, hook.equals("grafana") ? grafana(a) : alertmanager(a), "alerts[0].startsAt");
      }
      String ends = alert(LABELS, "2025-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "f2");
      assertRefused(
          path, hook.equals("grafana") ? grafana(ends) : alertmanager(ends), "alerts[0].endsAt");
    }
  }

  @Test
  void bridgeTexts_withALoneSurrogate_areA400NamingTheField() {
    assertRefused("/api/v1/changes", "{\"service\":\"web\",\"title\":\"\\ud800\"}", "title");
    assertRefused(
        "/api/v1/incidents", "{\"title\":\"db down \\udc00\",\"service\":\"web\"}", "title");
  }

  @Test
  void changeTimes_outsideTheRange_orEndedBeforeStarted_areA400() {
    assertRefused(
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"+294277-01-01T00:00:00Z\"}",
        "startedAt");
    assertRefused(
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"2025-01-01T00:00:00Z\","
            + "\"endedAt\":\"+10000-01-01T00:00:00Z\"}",
        "endedAt");
    assertRefused(
        "/api/v1/changes",
        "{\"service\":\"web\",\"startedAt\":\"2025-01-31T12:00:00Z\","
            + "\"endedAt\":\"2025-01-31T11:00:00Z\"}",
        "endedAt");
  }

  @Test
  void aHugeDuration_andAHugeFingerprint_areA400() {
    assertRefused(
        "/api/v1/requests",
        "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"r\","
            + "\"duration\":\"999999999999d\"}",
        "duration");
    String fingerprint = "f".repeat(200_000);
    assertRefused(
        "/api/v1/alerts/alertmanager",
        alertmanager(alert(LABELS, "2025-01-01T00:00:00Z", null, fingerprint)),
        "alerts[0].fingerprint");
    assertRefused(
        "/api/v1/alerts/grafana",
        grafana(alert(LABELS, "2025-01-01T00:00:00Z", null, fingerprint)),
        "alerts[0].fingerprint");
  }

  @Test
  void nulInWebhookLabels_isA400NamingTheLabel() {
    assertRefused(
        "/api/v1/alerts/grafana",
        grafana(
            alert(
                "{\"alertname\":\"x\",\"job\":\"w" + NUL + "\"}",
                "2025-01-01T00:00:00Z",
                null,
                "f")),
        "alerts[0].labels.job");
  }

  @Test
  void invalidUtf8_inWebhookAndApiBodies_isA400NamingTheBody() {
    byte[] lead = {(byte) 0xC3};
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    for (byte[] bad : new byte[][] {lead, overlong, surrogate}) {
      String a = alert(LABELS, "2025-01-01T00:00:00Z", null, "f");
      assertRefused("/api/v1/alerts/alertmanager", withBytes(alertmanager(a), bad), "body");
      assertRefused("/api/v1/alerts/grafana", withBytes(grafana(a), bad), "body");
      assertRefused(
          "/api/v1/incidents",
          withBytes("{\"title\":\"t@\",\"service\":\"web\",\"severity\":\"ticket\"}", bad),
          "body");
      assertRefused(
          "/api/v1/tokens", withBytes("{\"name\":\"n@\",\"scopes\":[\"read\"]}", bad), "body");
    }
  }

  /** The JSON with the first {@code @} (or the summary's {@code s}) replaced by the bytes. */
  private static byte[] withBytes(String json, byte[] bytes) {
    String marker = json.contains("@") ? "@" : "\"summary\":\"s\"";
    int at = json.indexOf(marker);
    int cut = marker.equals("@") ? at : at + marker.length() - 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(json.substring(0, cut).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes(json.substring(cut + 1).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void chunkedBodiesOverALimit_get413_namingTheLimit_onTheApiAndBothWebhooks() {
    String padding = "x".repeat(300 * 1024);
    Map<String, String> bodies =
        Map.of(
            "/api/v1/incidents",
            "{\"title\":\"" + padding + "\",\"service\":\"web\",\"severity\":\"ticket\"}",
            "/api/v1/changes",
            "{\"service\":\"web\",\"title\":\"" + padding + "\"}",
            "/api/v1/tokens",
            "{\"name\":\"" + padding + "\",\"scopes\":[\"read\"]}",
            "/api/v1/alerts/alertmanager",
            alertmanager(alert(LABELS, "2025-01-01T00:00:00Z", null, "x".repeat(1 << 20))),
            "/api/v1/alerts/grafana",
            grafana(alert(LABELS, "2025-01-01T00:00:00Z", null, "x".repeat(1 << 20))));
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      long before = rows();
      String body = e.getValue();
      RawHttp.Response r =
          RawHttp.exchange(
              server.server().port(),
              "POST "
                  + e.getKey()
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TestServer.ADMIN_TOKEN
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\n"
                  + Integer.toHexString(body.length())
                  + "\r\n"
                  + body
                  + "\r\n0\r\n\r\n");
      assertThat(r.status()).as(e.getKey() + ": " + r.text()).isEqualTo(413);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = new JsonObject(r.body());
      assertThat(problem.getString("limit")).as(e.getKey()).isEqualTo("maxBodyBytes");
      assertThat(problem.getLong("max")).as(e.getKey()).isPositive();
      assertThat(problem.getString("detail")).contains(Long.toString(problem.getLong("max")));
      assertThat(rows()).as("nothing written by " + e.getKey()).isEqualTo(before);
    }
  }
}
