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

/** A bridge's REST routes served on loopback, and a client that calls them, for process tests. */
final class BridgeRest implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private BridgeRest(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Serves {@code bridge}'s routes on a free port. */
  static BridgeRest serve(IncidentBridge bridge) throws Exception {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    bridge.routes(vertx).mount(router);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    return new BridgeRest(vertx, server);
  }

  /** An answer: its status, its JSON body (empty object for none) and its content type. */
  record Reply(int status, JsonNode body, String contentType) {}

  Reply call(String method, String path, String body) throws Exception {
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
    JsonNode n = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), n, r.headers().firstValue("Content-Type").orElse(""));
  }

  /** A GET that must answer 200. */
  JsonNode get(String path) throws Exception {
    Reply r = call("GET", path, null);
    assertThat(r.status()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  /** A POST that must answer 200. */
  JsonNode post(String path, String body) throws Exception {
    Reply r = call("POST", path, body);
    assertThat(r.status()).as("POST %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  @Override
  public void close() throws java.util.concurrent.ExecutionException {
    try {
      server.close().toCompletionStage().toCompletableFuture().get();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
