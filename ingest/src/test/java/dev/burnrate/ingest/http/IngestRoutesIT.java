package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.Await;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestRoutesIT {
  private static final Instant NOW = Instant.parse("2026-11-24T14:00:00Z");
  private static final String H = "http_server_request_duration_seconds";

  private static final SloSpec API_ERRORS =
      Slos.badOverTotal(
          "api-errors",
          Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
          Slos.query("http_requests_total{job=\"api\"}"));
  private static final SloSpec CHECKOUT_LATENCY =
      Slos.goodOverTotal(
          "checkout-latency",
          Slos.query(H + "_bucket{job=\"checkout\",le=\"0.3\"}"),
          Slos.query(H + "_count{job=\"checkout\"}"));
  private static final SloSpec ORDERS =
      Slos.badOverTotal(
          "orders", Slos.query("orders_total{outcome=\"failed\"}"), Slos.query("orders_total"));

  private IngestServer server;

  private IngestServer start(IngestLimits limits) throws Exception {
    server =
        new IngestServer(
            limits,
            Clock.fixed(NOW, ZoneOffset.UTC),
            List.of(API_ERRORS, CHECKOUT_LATENCY, ORDERS));
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static byte[] remoteWriteBody() {
    return WriteRequests.create()
        .series(
            labels("__name__", "http_requests_total", "code", "503", "job", "api"),
            new long[] {1000, 16000},
            new double[] {1, 4})
        .series(labels("__name__", "up", "job", "api"), new long[] {1000}, new double[] {1})
        .snappy();
  }

  private static String[] remoteWriteHeaders() {
    return new String[] {
      "Content-Type", "application/x-protobuf",
      "Content-Encoding", "snappy",
      "X-Prometheus-Remote-Write-Version", "0.1.0"
    };
  }

  @Test
  void remoteWrite_commitsSelectedSeries_andAnswers204() throws Exception {
    start(IngestLimits.defaults());
    HttpResponse<byte[]> r = server.post("/api/v1/write", remoteWriteBody(), remoteWriteHeaders());

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(server.sink.batches).hasSize(1);
    IngestBatch batch = server.sink.batches.get(0);
    assertThat(batch.receivedSamples()).isEqualTo(3);
    MatchedSeries s = batch.series().get(0);
    assertThat(batch.series()).hasSize(1);
    assertThat(s.seriesKey()).isEqualTo("http_requests_total{code=\"503\",job=\"api\"}");
    assertThat(s.temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(s.values()).containsExactly(1, 4);
    assertThat(s.contributions())
        .containsExactlyInAnyOrder(
            new Contribution("api-errors", SliRole.BAD, 1),
            new Contribution("api-errors", SliRole.TOTAL, 1));
    assertThat(server.routes.stats().remoteWrite())
        .isEqualTo(new IngestStats.Endpoint(1, 0, 0, 0, 3, 2));
  }

  @Test
  void remoteWrite_decodesLargeBodiesOnAWorker_withTheSameResult() throws Exception {
    start(IngestLimits.builder().inlineDecodeMaxBytes(0).build());
    HttpResponse<byte[]> r = server.post("/api/v1/write", remoteWriteBody(), remoteWriteHeaders());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(server.sink.series())
        .containsOnlyKeys("http_requests_total{code=\"503\",job=\"api\"}");
  }

  @Test
  void remoteWrite_answersOnlyAfterTheStoreCommitted() throws Exception {
    start(IngestLimits.defaults());
    server.sink.mode = RecordingSink.Mode.HOLD;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri("/api/v1/write"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(remoteWriteBody()));
    String[] h = remoteWriteHeaders();
    for (int i = 0; i < h.length; i += 2) {
      b.header(h[i], h[i + 1]);
    }
    CompletableFuture<HttpResponse<Void>> response =
        server.client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());

    Await.until(
        "the sink to receive the batch", Duration.ofSeconds(10), () -> !server.sink.held.isEmpty());
    assertThat(response).isNotDone();
    server.sink.held.get(0).complete(new CommitResult(2, 0, 0));
    assertThat(response.get().statusCode()).isEqualTo(204);
  }

  @Test
  void remoteWrite_answers503WithRetryAfter_whenTheStoreIsBusy() throws Exception {
    start(IngestLimits.defaults());
    server.sink.mode = RecordingSink.Mode.BUSY;
    HttpResponse<byte[]> r = server.post("/api/v1/write", remoteWriteBody(), remoteWriteHeaders());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("7");
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("detail"))
        .contains("retry");
    assertThat(server.routes.stats().remoteWrite().unavailable()).isEqualTo(1);
  }

  @Test
  void remoteWrite_answers204WithoutCallingTheStore_whenNothingIsSelected() throws Exception {
    start(IngestLimits.defaults());
    byte[] body =
        WriteRequests.create()
            .series(labels("__name__", "up", "job", "x"), new long[] {1}, new double[] {1})
            .snappy();
    assertThat(server.post("/api/v1/write", body, remoteWriteHeaders()).statusCode())
        .isEqualTo(204);
    assertThat(server.sink.batches).isEmpty();
  }

  @Test
  void updateSlos_changesWhatNewRequestsMatch() throws Exception {
    start(IngestLimits.defaults());
    byte[] body =
        WriteRequests.create()
            .series(labels("__name__", "up", "job", "x"), new long[] {1}, new double[] {1})
            .snappy();
    server.routes.updateSlos(
        List.of(Slos.goodOverTotal("up", Slos.query("up{job=\"x\"}"), Slos.query("up"))));
    assertThat(server.post("/api/v1/write", body, remoteWriteHeaders()).statusCode())
        .isEqualTo(204);
    assertThat(server.sink.series()).containsOnlyKeys("up{job=\"x\"}");
  }

  @Test
  void aSupplierOfSlos_isFollowed_whenItReturnsANewSet() throws Exception {
    java.util.concurrent.atomic.AtomicReference<List<SloSpec>> slos =
        new java.util.concurrent.atomic.AtomicReference<>(List.of(API_ERRORS));
    server = new IngestServer(IngestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), slos::get);
    byte[] body =
        WriteRequests.create()
            .series(labels("__name__", "up", "job", "x"), new long[] {1}, new double[] {1})
            .snappy();
    server.post("/api/v1/write", body, remoteWriteHeaders());
    assertThat(server.sink.batches).isEmpty();

    slos.set(List.of(Slos.goodOverTotal("up", Slos.query("up{job=\"x\"}"), Slos.query("up"))));
    assertThat(server.post("/api/v1/write", body, remoteWriteHeaders()).statusCode())
        .isEqualTo(204);
    assertThat(server.sink.series()).containsOnlyKeys("up{job=\"x\"}");
  }

  private static ExportMetricsServiceRequest otlpRequest() {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("shop"))))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("orders")
                                .setSum(
                                    Sum.newBuilder()
                                        .setIsMonotonic(true)
                                        .setAggregationTemporality(
                                            AggregationTemporality
                                                .AGGREGATION_TEMPORALITY_CUMULATIVE)
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(NOW.toEpochMilli() * 1_000_000)
                                                .setAsInt(12))))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("temperature")
                                .setGauge(
                                    Gauge.newBuilder()
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder().setAsDouble(21))))))
        .build();
  }

  @Test
  void otlpProtobuf_commitsSums_andReportsRejectedPoints() throws Exception {
    start(IngestLimits.defaults());
    HttpResponse<byte[]> r =
        server.post(
            "/v1/metrics",
            gzip(otlpRequest().toByteArray()),
            "Content-Type",
            "application/x-protobuf",
            "Content-Encoding",
            "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-protobuf");
    ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(r.body());
    assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("temperature: gauges");
    MatchedSeries orders = server.sink.series().get("orders_total{job=\"shop\"}");
    assertThat(orders.values()).containsExactly(12);
    assertThat(orders.timestampsMs()).containsExactly(NOW.toEpochMilli());
  }

  @Test
  void otlpJson_answersInJson() throws Exception {
    start(IngestLimits.defaults());
    String body =
        """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
          "scopeMetrics":[{"metrics":[
            {"name":"orders","sum":{"isMonotonic":true,"aggregationTemporality":2,
              "dataPoints":[{"timeUnixNano":"1795960000000000000","asInt":"5"}]}},
            {"name":"queue","sum":{"isMonotonic":false,"aggregationTemporality":2,
              "dataPoints":[{"asInt":"5"}]}}]}]}]}
        """;
    HttpResponse<byte[]> r =
        server.post(
            "/v1/metrics",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonObject json = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(json.getJsonObject("partialSuccess").getString("rejectedDataPoints")).isEqualTo("1");
    assertThat(server.sink.series().get("orders_total{job=\"shop\"}").values()).containsExactly(5);
  }

  @Test
  void events_commitDeltaSeries_withTheIdempotencyKey_andSummarise() throws Exception {
    start(IngestLimits.defaults());
    String body =
        """
        {"ts":"2026-11-24T13:59:00Z","service":"checkout","route":"/pay","method":"POST","status":200,"duration_ms":250}
        {"ts":1795960000000,"service":"checkout","route":"/pay","method":"POST","status":200,"duration_ms":301}
        {"service":"checkout","route":"/pay","method":"POST","status":500,"duration_ms":12,"labels":{"region":"eu"}}
        """;
    HttpResponse<byte[]> r =
        server.post(
            "/api/v1/events",
            gzip(body.getBytes(StandardCharsets.UTF_8)),
            "Content-Type",
            "application/x-ndjson",
            "Content-Encoding",
            "gzip",
            "Idempotency-Key",
            "batch-42");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject summary = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(summary.getInteger("accepted")).isEqualTo(3);
    assertThat(summary.getInteger("rejected")).isZero();
    IngestBatch batch = server.sink.batches.get(0);
    // Scoped by endpoint and sender (none here: no authentication in front of these routes).
    assertThat(batch.idempotencyKey()).contains("/api/v1/events - batch-42");
    assertThat(batch.bodySha256()).hasValueSatisfying(h -> assertThat(h).hasSize(64));
    assertThat(batch.receivedSamples()).isEqualTo(3);
    assertThat(batch.series()).allMatch(s -> s.temporality() == Temporality.DELTA);
    double good =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_bucket"))
            .flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
            .sum();
    double total =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_count"))
            .flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
            .sum();
    assertThat(good).isEqualTo(2); // 250 ms and 12 ms are within 0.3 s; 301 ms is not
    assertThat(total).isEqualTo(3);
    assertThat(
            batch.series().stream()
                .filter(s -> s.seriesKey().contains("region=\"eu\""))
                .flatMapToLong(s -> java.util.Arrays.stream(s.timestampsMs())))
        .containsOnly(NOW.toEpochMilli());
  }

  @Test
  void events_rejectTheWholeBatch_whenOneEventIsInvalid() throws Exception {
    start(IngestLimits.defaults());
    String body =
        "[{\"service\":\"checkout\",\"route\":\"/pay\",\"method\":\"POST\",\"status\":200,\"duration_ms\":1},"
            + "\n{\"service\":\"checkout\",\"route\":\"/pay\",\"method\":\"POST\",\"status\":999,\"duration_ms\":1}]";
    HttpResponse<byte[]> r =
        server.post(
            "/api/v1/events",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject problem = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    JsonObject error = problem.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("line")).isEqualTo(2);
    assertThat(error.getInteger("index")).isEqualTo(2);
    assertThat(error.getString("field")).isEqualTo("status");
    assertThat(server.sink.batches).isEmpty();
    assertThat(server.routes.stats().events().rejected()).isEqualTo(1);
  }

  @Test
  void bodyOverTheLimit_isRefusedWith413NamingTheLimit_evenWhenChunked() throws Exception {
    start(IngestLimits.builder().maxCompressedBodyBytes(1024).build());
    byte[] big = new byte[4096];
    HttpResponse<byte[]> r =
        server.post("/api/v1/events", big, "Content-Type", "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("maxCompressedBodyBytes");

    HttpRequest chunked =
        HttpRequest.newBuilder(server.uri("/api/v1/events"))
            .header("Content-Type", "application/x-ndjson")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> rc = server.client.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(rc.statusCode()).isEqualTo(413);
    assertThat(rc.body()).contains("maxCompressedBodyBytes");
    assertThat(server.sink.batches).isEmpty();
  }

  static byte[] gzip(byte[] raw) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  @Test
  void eventsThatNoSloSelects_getAHintNamingTheMetricTheyBecome() throws Exception {
    server =
        new IngestServer(
            IngestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), List.of(API_ERRORS));
    String event =
        "{\"service\":\"api\",\"route\":\"/x\",\"method\":\"GET\",\"status\":500,"
            + "\"duration_ms\":3}";
    HttpResponse<byte[]> r =
        server.post(
            "/api/v1/events",
            event.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject summary = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(summary.getInteger("accepted")).isEqualTo(1);
    assertThat(summary.getInteger("matchedSeries")).isZero();
    assertThat(summary.getString("hint"))
        .contains("events become the histogram " + H)
        .contains("no SLO selects " + H)
        .contains("http_requests_total");
  }

  @Test
  void eventsThatAnSloSelects_carryNoHint() throws Exception {
    start(IngestLimits.defaults());
    String event =
        "{\"service\":\"checkout\",\"route\":\"/pay\",\"method\":\"POST\",\"status\":200,"
            + "\"duration_ms\":3}";
    HttpResponse<byte[]> r =
        server.post(
            "/api/v1/events",
            event.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/x-ndjson");
    JsonObject summary = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(summary.getInteger("matchedSeries")).isPositive();
    assertThat(summary.containsKey("hint")).isFalse();
  }
}
