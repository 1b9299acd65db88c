package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.api.auth.Scope;
import dev.burnrate.api.auth.TokenStore;
import dev.burnrate.testsupport.Await;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow and idle clients, floods of unknown tokens, and refusals that must be problem documents. */
class HardeningIT {
  static TestServer server;
  static String ingestToken;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SERVER_HEADER_TIMEOUT", "1s",
                "BURNRATE_SERVER_BODY_TIMEOUT", "1s",
                "BURNRATE_SERVER_MAX_BODY_SIZE", "4096",
                "BURNRATE_AUTH_FAILED_AUTH_PER_SECOND", "0.001",
                "BURNRATE_AUTH_FAILED_AUTH_BURST", "3"));
    ingestToken =
        new TokenStore(server.server().database().dataSource(), Clock.systemUTC())
            .create("hardening ingest", Set.of(Scope.INGEST))
            .secret();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static int port() {
    return server.server().port();
  }

  private static double counter(String name, String... tags) {
    var search = server.server().metrics().registry().find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    var c = search.functionCounter();
    if (c != null) {
      return c.count();
    }
    var plain = search.counter();
    return plain == null ? 0 : plain.count();
  }

  // ---- item 5: timeouts ----

  @Test
  void anIdleConnection_isClosed_afterTheHeaderTimeout() throws IOException {
    try (Socket s = RawHttp.open(port())) {
      assertThat(RawHttp.closedByServer(s, Duration.ofSeconds(15))).isTrue();
    }
  }

  @Test
  void headersSentByTheDrop_areCutOff_atTheHeaderTimeout() throws IOException {
    try (Socket s = RawHttp.open(port())) {
      s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes());
      assertThat(RawHttp.closedByServer(s, Duration.ofSeconds(15))).isTrue();
    }
  }

  @Test
  void aBodyThatDoesNotArrive_gets408_atTheBodyTimeout() throws IOException {
    try (Socket s = RawHttp.open(port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + ingestToken
                  + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n"
                  + "{\"servic")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).as(r.text()).isEqualTo(408);
      assertThat(r.body()).contains("server.bodyTimeout");
    }
  }

  @Test
  void aConnectionKeptAlive_servesRequests_thenClosesWhenIdle() throws IOException {
    try (Socket s = RawHttp.open(port())) {
      s.getOutputStream()
          .write(
              "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      int n = s.getInputStream().readNBytes(head, 0, 12);
      assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      assertThat(RawHttp.closedByServer(s, Duration.ofSeconds(15))).isTrue();
    }
  }

  @Test
  void connectionsOverTheCap_areClosedAtOnce_andRoomComesBackWhenOneCloses() throws Exception {
    try (TestServer capped = TestServer.start(Map.of("BURNRATE_SERVER_MAX_CONNECTIONS", "4"))) {
      int port = capped.server().port();
      Gauge open = capped.server().metrics().registry().find("burnrate.http.connections").gauge();
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(RawHttp.open(port));
        }
        Await.until("4 connections open", Duration.ofSeconds(10), () -> open.value() == 4);
        try (Socket over = RawHttp.open(port)) {
          assertThat(RawHttp.closedByServer(over, Duration.ofSeconds(10))).isTrue();
        }
        held.remove(0).close();
        Await.until("3 connections open", Duration.ofSeconds(10), () -> open.value() == 3);
        RawHttp.Response r =
            RawHttp.exchange(
                port, "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void aBusyPort_isNamed_withItsHost() {
    var config = server.server().config().withPort(port());
    assertThatThrownBy(
            () -> BurnrateServer.start(config, server.database().url(), Clock.systemUTC()).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + port())
        .hasMessageContaining("another process listens there");
  }

  // ---- item 9: unknown tokens ----

  @Test
  void unknownTokens_areLookedUpOnce_andLimitedPerAddress_whileAKnownTokenStillPasses() {
    String known = TestServer.ADMIN_TOKEN;
    assertThat(server.call("GET", "/api/v1/tokens", null, known).statusCode()).isEqualTo(200);
    double lookups = counter("burnrate.auth.lookups");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(server.call("GET", "/api/v1/slos", null, "brt_not-a-token").statusCode());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
    assertThat(counter("burnrate.auth.lookups") - lookups).isEqualTo(1);
    var limited = server.call("GET", "/api/v1/slos", null, "brt_another-unknown");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(counter("burnrate.auth.lookups") - lookups).isEqualTo(1);
    assertThat(server.call("GET", "/api/v1/tokens", null, known).statusCode()).isEqualTo(200);
  }

  // ---- item 10: ingest's failure handler, counters ----

  @Test
  void aChunkedEventsBodyOverTheLimit_gets413_namingTheLimit() {
    StringBuilder body = new StringBuilder();
    while (body.length() < 8192) {
      body.append("{\"service\":\"checkout\",\"durationMs\":12}\n");
    }
    RawHttp.Response r =
        RawHttp.exchange(
            port(),
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ingestToken
                + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"
                + Integer.toHexString(body.length())
                + "\r\n"
                + body
                + "\r\n0\r\n\r\n");
    assertThat(r.status()).as(r.text()).isEqualTo(413);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("limit")).isEqualTo("maxCompressedBodyBytes");
  }

  @Test
  void aChunkedWebhookOverTheLimit_gets413_namingTheLimit() {
    String alert = "{\"labels\":{\"alertname\":\"x\"}},";
    StringBuilder body = new StringBuilder("{\"alerts\":[");
    while (body.length() < (1 << 20) + 10) {
      body.append(alert);
    }
    RawHttp.Response r =
        RawHttp.exchange(
            port(),
            "POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ingestToken
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"
                + Integer.toHexString(body.length())
                + "\r\n"
                + body
                + "\r\n0\r\n\r\n");
    assertThat(r.status()).as(r.text()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getString("limit")).isEqualTo("maxBodyBytes");
  }

  @Test
  void theEndpointsCounters_areOnMetrics() {
    var before = server.get("/metrics").body();
    assertThat(before).contains("burnrate_ingest_requests_total{endpoint=\"events\"");
    var r =
        server.send(
            server
                .request("/api/v1/events")
                .header("Authorization", "Bearer " + ingestToken)
                .header("Content-Type", "application/x-ndjson")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"service\":\"checkout\",\"route\":\"/pay\",\"method\":\"GET\","
                            + "\"status\":200,\"duration_ms\":12}\n"))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(counter("burnrate.ingest.requests", "endpoint", "events", "outcome", "accepted"))
        .isGreaterThanOrEqualTo(1);
    assertThat(server.get("/metrics").body())
        .containsPattern(
            "burnrate_ingest_requests_total\\{endpoint=\"events\",outcome=\"accepted\"[^}]*} [1-9]");
  }

  // ---- item 11: refusals of the HTTP decoder as problem documents ----

  @Test
  void aHugeIdempotencyKey_gets431_asAProblemDocument() {
    RawHttp.Response r =
        RawHttp.exchange(
            port(),
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nIdempotency-Key: "
                + "k".repeat(100_000)
                + "\r\nContent-Length: 0\r\n\r\n");
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("limit")).isEqualTo("maxHeaderSize");
  }

  @Test
  void aBrokenContentLength_gets400_asAProblemDocument() {
    RawHttp.Response r =
        RawHttp.exchange(
            port(), "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("Content-Length");
  }

  @Test
  void invalidUtf8_inAnApiBody_gets400() {
    byte[] head =
        ("POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestServer.ADMIN_TOKEN
                + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = {
      '{',
      '"',
      'n',
      'a',
      'm',
      'e',
      '"',
      ':',
      '"',
      (byte) 0xC0,
      (byte) 0xAF,
      '"',
      ',',
      '"',
      's',
      'c',
      'o',
      'p',
      'e',
      's',
      '"',
      ':',
      '[',
      '"',
      'r',
      'e',
      'a',
      'd',
      '"',
      ']',
      '}'
    };
    byte[] rest = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + rest.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    System.arraycopy(body, 0, all, head.length + rest.length, body.length);
    RawHttp.Response r = RawHttp.exchange(port(), all);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("field")).isEqualTo("body");
  }
}
