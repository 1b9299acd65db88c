package dev.burnrate.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenIT {
  static TestServer server;
  static final String ADMIN = TestServer.ADMIN_TOKEN;

  @BeforeAll
  static void start() {
    // A burst of 3 at a sustained 0.001/s: the fourth quick request of a token is limited.
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_AUTH_RATE_LIMIT_REQUESTS_PER_SECOND", "0.001",
                "BURNRATE_AUTH_RATE_LIMIT_BURST", "3"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject create(String name, String... scopes) {
    // Each creation uses the admin's budget; a fresh admin-scoped token keeps tests independent.
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject()
                .put("name", name)
                .put("scopes", new JsonArray(List.of(scopes)))
                .encode(),
            freshAdmin());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  /** A new admin token made through the store, so the bootstrap admin's bucket is not drained. */
  private static String freshAdmin() {
    try {
      return TokenStoreAccess.createAdmin(server);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void createdToken_isShownOnce_listedWithoutItsSecret_andRevocable() throws Exception {
    JsonObject created = create("ci pipeline", "write");
    String secret = created.getString("token");
    String id = created.getString("id");
    assertThat(secret).startsWith("brt_").hasSizeGreaterThan(40);
    assertThat(created.getJsonArray("scopes").encode()).isEqualTo("[\"write\"]");

    String admin = freshAdmin();
    HttpResponse<String> list = server.call("GET", "/api/v1/tokens", null, admin);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(secret);
    JsonObject listed =
        new JsonObject(list.body())
            .getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(t -> t.getString("id").equals(id))
                .findFirst()
                .orElseThrow();
    assertThat(listed.containsKey("token")).isFalse();
    assertThat(listed.getString("revokedAt")).isNull();

    // The token works for a write it is scoped for (a 404 means it passed authentication).
    assertThat(server.call("DELETE", "/api/v1/nothing", null, secret).statusCode()).isEqualTo(404);

    JsonObject used =
        new JsonObject(server.call("GET", "/api/v1/tokens", null, admin).body())
            .getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(t -> t.getString("id").equals(id))
                .findFirst()
                .orElseThrow();
    assertThat(used.getString("lastUsedAt")).isNotNull();

    HttpResponse<String> revoke = server.call("DELETE", "/api/v1/tokens/" + id, null, admin);
    assertThat(revoke.statusCode()).isEqualTo(204);
    HttpResponse<String> after = server.call("DELETE", "/api/v1/nothing", null, secret);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(after.body()).getString("detail")).contains("revoked");
  }

  @Test
  void tokensAtRest_areHashes_neverTheTokens() throws Exception {
    String secret = create("at rest", "ingest").getString("token");
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM api_tokens")) {
      List<String> cells = new ArrayList<>();
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          byte[] raw = rs.getBytes(i);
          cells.add(raw == null ? "" : new String(raw, StandardCharsets.ISO_8859_1));
        }
      }
      assertThat(cells).isNotEmpty().noneMatch(cell -> cell.contains(secret));
      assertThat(cells).noneMatch(cell -> cell.contains(ADMIN));
    }
  }

  @Test
  void revokingAnUnknownToken_isA404() {
    HttpResponse<String> r =
        server.call("DELETE", "/api/v1/tokens/tok_missing", null, freshAdmin());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void writeWithoutAToken_is401_withAChallenge() {
    HttpResponse<String> r = server.call("POST", "/api/v1/tokens", "{}", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> v.startsWith("Bearer"));
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getString("detail")).contains("admin scope", "Authorization: Bearer");
  }

  @Test
  void ingestWithoutAToken_is401() {
    HttpResponse<String> r = server.call("POST", "/api/v1/events", "{}", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getString("requiredScope")).isEqualTo("ingest");
  }

  @Test
  void unknownToken_is401_invalidToken() {
    HttpResponse<String> r = server.call("GET", "/api/v1/tokens", null, "brt_not-a-real-token");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> v.contains("invalid_token"));
  }

  @Test
  void malformedAuthorization_is401() {
    HttpResponse<String> r =
        server.send(
            server.request("/api/v1/tokens").header("Authorization", "Basic abc").GET().build());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void tokenWithoutTheScope_is403_namingTheScope() {
    String reader = create("reader", "read").getString("token");
    HttpResponse<String> r = server.call("GET", "/api/v1/tokens", null, reader);
    assertThat(r.statusCode()).isEqualTo(403);
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getString("requiredScope")).isEqualTo("admin");
    assertThat(p.getString("detail")).contains("[read]");
    HttpResponse<String> ingest = server.call("POST", "/api/v1/events", "{}", reader);
    assertThat(ingest.statusCode()).isEqualTo(403);
  }

  @Test
  void readsWithoutAToken_areOpenByDefault() {
    assertThat(server.get("/api/v1/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void tokenOverItsRate_is429_withRetryAfter() {
    String ci = create("busy", "write").getString("token");
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 4; i++) {
      last = server.call("DELETE", "/api/v1/nothing", null, ci);
      statuses.add(last.statusCode());
    }
    assertThat(statuses).containsExactly(404, 404, 404, 429);
    assertThat(last.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(last.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void badScope_isA400_namingTheField() {
    HttpResponse<String> r =
        server.call(
            "POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"root\"]}", freshAdmin());
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getString("field")).isEqualTo("scopes");
    assertThat(p.getString("detail")).contains("root");
  }

  @Test
  void bootstrapAdmin_isIdempotent_andKeepsARevocation() throws Exception {
    TokenStore store =
        new TokenStore(server.server().database().dataSource(), java.time.Clock.systemUTC());
    store.bootstrapAdmin("another-admin-secret-123");
    store.bootstrapAdmin("another-admin-secret-123");
    assertThat(store.find("another-admin-secret-123")).isPresent();
    store.revoke(TokenStore.BOOTSTRAP_ID);
    store.bootstrapAdmin("another-admin-secret-123");
    assertThat(store.find("another-admin-secret-123")).isEmpty();
    store.bootstrapAdmin("a-rotated-admin-secret-456");
    assertThat(store.find("a-rotated-admin-secret-456")).isPresent();
    assertThat(store.find("another-admin-secret-123")).isEmpty();
    // Put the suite's admin back for the other tests.
    store.bootstrapAdmin(ADMIN);
  }
}
