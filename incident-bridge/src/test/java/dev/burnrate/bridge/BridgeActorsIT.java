package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who acted is the token the auth layer checked, not the name a caller typed; the four-eyes rule
 * compares identities. A stand-in for api's auth handler puts the {@code X-Token} header's value
 * where that handler puts the checked token's id.
 */
class BridgeActorsIT {
  static final ObjectMapper JSON = new ObjectMapper();
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
    router
        .route()
        .handler(
            ctx -> {
              String token = ctx.request().getHeader("X-Token");
              if (token != null) {
                ctx.put(BridgeRoutes.ACTOR_KEY, token);
              }
              ctx.next();
            });
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

  static Reply call(String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Token", token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  static String file(String requestedBy, String token) throws Exception {
    Reply r =
        call(
            "/api/v1/requests",
            "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"CVE fix\","
                + "\"requestedBy\":\""
                + requestedBy
                + "\",\"duration\":\"2h\"}",
            token);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return r.body().path("key").asText();
  }

  @Test
  void withoutTokens_aNameSpelledOtherwise_isStillTheRequester() throws Exception {
    String key = file("mallory", null);

    Reply self = call("/api/v1/requests/" + key + "/approve", "{\"by\":\"  Mallory \"}", null);

    assertThat(self.status()).isEqualTo(409);
    assertThat(self.body().path("detail").asText()).contains("cannot approve their own");
  }

  @Test
  void withAToken_theTokenIsTheActor_andTheTypedNameOnlyAComment() throws Exception {
    String key = file("hal", "tok_a");

    Reply self = call("/api/v1/requests/" + key + "/approve", "{\"by\":\"ivy\"}", "tok_a");
    assertThat(self.status()).as("same token, other name").isEqualTo(409);

    Reply other = call("/api/v1/requests/" + key + "/approve", "{}", "tok_b");
    assertThat(other.status()).as(other.body().toString()).isEqualTo(200);
    assertThat(other.body().path("requestedBy").asText()).isEqualTo("token:tok_a (hal)");
    assertThat(other.body().path("decidedBy").asText()).isEqualTo("token:tok_b");
  }

  @Test
  void aTypedNameThatLooksLikeAToken_isRefused() throws Exception {
    Reply r =
        call(
            "/api/v1/requests",
            "{\"type\":\"freeze_exception\",\"service\":\"web\",\"reason\":\"x\","
                + "\"requestedBy\":\"token:tok_b\",\"duration\":\"2h\"}",
            null);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("field").asText()).isEqualTo("requestedBy");
  }
}
