package dev.burnrate.ingest.http;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.slo.definition.SloSpec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A real Vert.x server on a loopback port with the ingest routes, for tests. */
final class IngestServer implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final RecordingSink sink = new RecordingSink();
  final IngestRoutes routes;
  final HttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  IngestServer(IngestLimits limits, Clock clock, List<SloSpec> slos) throws Exception {
    this(limits, clock, slos, null);
  }

  IngestServer(IngestLimits limits, Clock clock, Supplier<List<SloSpec>> slos) throws Exception {
    this(limits, clock, null, slos);
  }

  private IngestServer(
      IngestLimits limits, Clock clock, List<SloSpec> slos, Supplier<List<SloSpec>> supplier)
      throws Exception {
    routes =
        supplier == null
            ? IngestRoutes.create(vertx, sink, limits, clock, slos)
            : IngestRoutes.create(vertx, sink, limits, clock, supplier);
    Router router = Router.router(vertx);
    routes.mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    client.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Vert.x did not close", e);
    }
  }
}
