package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Request spans reach an OTLP/HTTP endpoint when tracing.otlpEndpoint is set. */
class TracingIT {

  @Test
  void requestSpans_areExportedOverOtlpHttp() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    try {
      // An OTLP/HTTP receiver: takes POST /v1/traces and answers an empty success.
      HttpServer receiver =
          vertx
              .createHttpServer()
              .requestHandler(
                  req ->
                      req.body()
                          .onSuccess(
                              body -> {
                                if (req.path().equals("/v1/traces")) {
                                  contentTypes.add(req.getHeader("Content-Type"));
                                  received.add(body.toString(StandardCharsets.ISO_8859_1));
                                }
                                req.response()
                                    .putHeader("Content-Type", "application/x-protobuf")
                                    .end();
                              }))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .join();
      TestServer server =
          TestServer.start(
              Map.of(
                  "BURNRATE_TRACING_OTLP_ENDPOINT",
                  "http://127.0.0.1:" + receiver.actualPort(),
                  "BURNRATE_TRACING_SERVICE_NAME",
                  "burnrate-under-test"));
      try {
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
      } finally {
        server.close(); // flushes the batch of spans
      }
      assertThat(contentTypes).isNotEmpty().allMatch(t -> t.startsWith("application/x-protobuf"));
      String all = String.join("", received);
      assertThat(all).contains("GET /health/live", "burnrate-under-test", "http.route");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
