package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterSettings;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receivers in front of the real store on PostgreSQL: the contract between the two. */
class IngestIntoStoreIT {
  private static final String H = "http_server_request_duration_seconds";

  private TestDatabase testDb;
  private Database db;
  private BucketWriter writer;
  private Vertx vertx;
  private HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    testDb = TestDatabase.create();
    db = Database.open(DatabaseSettings.of(testDb.url()));
    Clock clock = Clock.systemUTC();
    writer = BucketWriter.start(db.dataSource(), WriterSettings.defaults(), clock);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    IngestRoutes.create(
            vertx,
            writer,
            IngestLimits.defaults(),
            clock,
            List.of(
                Slos.goodOverTotal(
                    "checkout-latency",
                    Slos.query(H + "_bucket{job=\"checkout\",le=\"0.3\"}"),
                    Slos.query(H + "_count{job=\"checkout\"}")),
                Slos.badOverTotal(
                    "api-errors",
                    Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                    Slos.query("http_requests_total{job=\"api\"}"))))
        .mount(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (writer != null) {
      writer.close();
    }
    if (db != null) {
      db.close();
    }
    if (testDb != null) {
      testDb.close();
    }
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void events_areAppliedOnce_whenRetriedWithTheSameIdempotencyKey() throws Exception {
    byte[] body =
        """
        {"service":"checkout","route":"/pay","method":"POST","status":200,"duration_ms":120}
        {"service":"checkout","route":"/pay","method":"POST","status":200,"duration_ms":480}
        {"service":"checkout","route":"/pay","method":"POST","status":500,"duration_ms":20}
        """
            .getBytes(StandardCharsets.UTF_8);
    String[] headers = {"Content-Type", "application/x-ndjson", "Idempotency-Key", "batch-1"};

    HttpResponse<String> first = post("/api/v1/events", body, headers);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject summary = new JsonObject(first.body());
    assertThat(summary.getLong("applied")).isPositive();
    assertThat(summary.getLong("duplicates")).isZero();

    HttpResponse<String> retry = post("/api/v1/events", body, headers);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    JsonObject again = new JsonObject(retry.body());
    assertThat(again.getLong("applied")).isZero();
    assertThat(again.getLong("duplicates")).isPositive();
  }

  @Test
  void remoteWrite_commitsIntoTheStore_andAnswers204() throws Exception {
    long now = System.currentTimeMillis();
    for (double value : new double[] {3, 5}) {
      byte[] body =
          WriteRequests.create()
              .series(
                  Map.of("__name__", "http_requests_total", "job", "api", "code", "503"),
                  new long[] {now + (long) value},
                  new double[] {value})
              .snappy();
      HttpResponse<String> r =
          post(
              "/api/v1/write",
              body,
              "Content-Type",
              "application/x-protobuf",
              "Content-Encoding",
              "snappy");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
    assertThat(writer.stats().applied()).isPositive();
  }

  @Test
  void otlpPointsTooLateOrTooEarly_areReportedInPartialSuccess() throws Exception {
    long now = System.currentTimeMillis();
    String point = "{\"timeUnixNano\":\"%d\",\"asInt\":\"%d\"}";
    String body =
        ("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"api\"}}]},\"scopeMetrics\":[{\"metrics\":["
                + "{\"name\":\"http.requests\",\"sum\":{\"isMonotonic\":true,"
                + "\"aggregationTemporality\":1,\"dataPoints\":[%s,%s,%s]}}]}]}]}")
            .formatted(
                point.formatted((now - 2 * 3_600_000L) * 1_000_000, 5),
                point.formatted((now + 20 * 60_000L) * 1_000_000, 6),
                point.formatted((now - 1000) * 1_000_000, 7));
    HttpResponse<String> r =
        post(
            "/v1/metrics",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject partial = new JsonObject(r.body()).getJsonObject("partialSuccess");
    assertThat(partial).as(r.body()).isNotNull();
    assertThat(partial.getString("rejectedDataPoints")).isEqualTo("2");
    assertThat(partial.getString("errorMessage"))
        .contains("http.requests")
        .contains("ingest.lateness")
        .contains("ingest.futureTolerance");
    assertThat(writer.stats().applied()).isEqualTo(1);
    assertThat(writer.stats().tooLate()).isZero();
  }
}
