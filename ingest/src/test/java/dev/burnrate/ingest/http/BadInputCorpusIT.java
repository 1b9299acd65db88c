package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and broken requests: each gets a 4xx problem document and commits nothing. */
class BadInputCorpusIT {
  private static final String RW = "/api/v1/write";
  private static final String OTLP = "/v1/metrics";
  private static final String EVENTS = "/api/v1/events";
  private static final String[] RW_HEADERS = {
    "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy"
  };
  private static final String[] PB = {"Content-Type", "application/x-protobuf"};
  private static final String[] JSON = {"Content-Type", "application/json"};
  private static final String[] NDJSON = {"Content-Type", "application/x-ndjson"};
  private static final String[] NDJSON_GZIP = {
    "Content-Type", "application/x-ndjson", "Content-Encoding", "gzip"
  };
  private static final String EVENT =
      "{\"service\":\"api\",\"route\":\"/x\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}";

  private static IngestServer server;

  @BeforeAll
  static void start() throws Exception {
    IngestLimits limits =
        IngestLimits.builder()
            .maxCompressedBodyBytes(1 << 20)
            .maxDecompressedBodyBytes(4 << 20)
            .maxSeriesPerRequest(1000)
            .maxSamplesPerRequest(10_000)
            .build();
    server =
        new IngestServer(
            limits,
            Clock.systemUTC(),
            List.of(
                Slos.badOverTotal(
                    "s",
                    Slos.query("http_requests_total{code=~\"5..\"}"),
                    Slos.query("http_requests_total"))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Case(String name, String path, byte[] body, String[] headers, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> corpus() {
    List<Case> c = new ArrayList<>();
    byte[] valid =
        WriteRequests.create()
            .series(
                Map.of("__name__", "http_requests_total", "code", "500"),
                new long[] {1},
                new double[] {1})
            .protobuf();
    // remote_write
    c.add(new Case("rw: empty body", RW, new byte[0], RW_HEADERS, 400));
    c.add(
        new Case(
            "rw: not snappy", RW, "hello world".getBytes(StandardCharsets.UTF_8), RW_HEADERS, 400));
    c.add(
        new Case(
            "rw: truncated snappy",
            RW,
            Arrays.copyOf(WriteRequests.snappy(valid), 10),
            RW_HEADERS,
            400));
    c.add(
        new Case(
            "rw: snappy bomb (declared 2 GiB)",
            RW,
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0},
            RW_HEADERS,
            413));
    c.add(
        new Case(
            "rw: snappy bomb (real zeros over the limit)",
            RW,
            WriteRequests.snappy(new byte[5 << 20]),
            RW_HEADERS,
            413));
    c.add(
        new Case(
            "rw: malformed protobuf",
            RW,
            WriteRequests.snappy(Arrays.copyOf(valid, valid.length - 4)),
            RW_HEADERS,
            400));
    c.add(
        new Case(
            "rw: random bytes as protobuf",
            RW,
            WriteRequests.snappy(random(4096)),
            RW_HEADERS,
            400));
    byte[] invalidUtf8Series = {
      0x0a,
      0x0d,
      0x0a,
      0x08,
      '_',
      '_',
      'n',
      'a',
      'm',
      'e',
      '_',
      '_',
      0x12,
      0x01,
      'x',
      0x0a,
      0x09,
      0x0a,
      0x03,
      'j',
      'o',
      'b',
      0x12,
      0x02,
      (byte) 0xc3,
      0x28,
      0x12,
      0x0b,
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xf0,
      0x3f,
      0x10,
      0x01
    };
    c.add(
        new Case(
            "rw: invalid UTF-8 label",
            RW,
            WriteRequests.snappy(WriteRequests.create().rawSeries(invalidUtf8Series).protobuf()),
            RW_HEADERS,
            400));
    c.add(
        new Case(
            "rw: huge label value",
            RW,
            WriteRequests.snappy(
                WriteRequests.create()
                    .series(
                        Map.of("__name__", "x", "job", "j".repeat(100_000)),
                        new long[] {1},
                        new double[] {1})
                    .protobuf()),
            RW_HEADERS,
            400));
    WriteRequests many = WriteRequests.create();
    for (int i = 0; i < 1001; i++) {
      many.series(
          Map.of("__name__", "http_requests_total", "i", Integer.toString(i)),
          new long[] {1},
          new double[] {1});
    }
    c.add(new Case("rw: too many series", RW, many.snappy(), RW_HEADERS, 413));
    c.add(
        new Case(
            "rw: wrong content type",
            RW,
            WriteRequests.snappy(valid),
            new String[] {"Content-Type", "application/json", "Content-Encoding", "snappy"},
            415));
    c.add(
        new Case(
            "rw: remote write 2.0",
            RW,
            WriteRequests.snappy(valid),
            new String[] {
              "Content-Type",
              "application/x-protobuf;proto=io.prometheus.write.v2.Request",
              "Content-Encoding",
              "snappy"
            },
            415));
    c.add(new Case("rw: no snappy encoding", RW, valid, PB, 415));
    c.add(new Case("rw: body over the limit", RW, random(2 << 20), RW_HEADERS, 413));
    c.add(
        new Case(
            "rw: counter values 0, 1.7e308, 0, 1.7e308 (would overflow a bucket)",
            RW,
            counter(0, 1.7e308, 0, 1.7e308),
            RW_HEADERS,
            400));
    c.add(new Case("rw: a counter going negative", RW, counter(5, -2e12), RW_HEADERS, 400));
    c.add(
        new Case(
            "rw: an infinite counter", RW, counter(Double.POSITIVE_INFINITY), RW_HEADERS, 400));
    // OTLP
    c.add(new Case("otlp: empty body", OTLP, new byte[0], PB, 400));
    c.add(new Case("otlp: malformed protobuf", OTLP, new byte[] {0x0a, 0x7f, 0x01}, PB, 400));
    c.add(new Case("otlp: random bytes", OTLP, random(2048), PB, 400));
    c.add(
        new Case(
            "otlp: bad gzip",
            OTLP,
            "not gzip".getBytes(StandardCharsets.UTF_8),
            new String[] {"Content-Type", "application/x-protobuf", "Content-Encoding", "gzip"},
            400));
    c.add(
        new Case(
            "otlp: gzip bomb",
            OTLP,
            gzip(new byte[8 << 20]),
            new String[] {"Content-Type", "application/json", "Content-Encoding", "gzip"},
            413));
    c.add(
        new Case(
            "otlp: truncated gzip",
            OTLP,
            Arrays.copyOf(gzip(new byte[1000]), 12),
            new String[] {"Content-Type", "application/json", "Content-Encoding", "gzip"},
            400));
    c.add(
        new Case(
            "otlp: deep JSON",
            OTLP,
            ("{\"resourceMetrics\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8),
            JSON,
            400));
    c.add(
        new Case(
            "otlp: JSON of the wrong types",
            OTLP,
            "{\"resourceMetrics\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8),
            JSON,
            400));
    c.add(
        new Case(
            "otlp: JSON array instead of object",
            OTLP,
            "[1,2]".getBytes(StandardCharsets.UTF_8),
            JSON,
            400));
    c.add(
        new Case(
            "otlp: invalid UTF-8 in JSON",
            OTLP,
            new byte[] {'{', '"', (byte) 0xc3, 0x28, '"', ':', '1', '}'},
            JSON,
            400));
    c.add(
        new Case(
            "otlp: JSON histogram count \"-5\"",
            OTLP,
            ("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"x\","
                    + "\"histogram\":{\"dataPoints\":[{\"count\":\"-5\"}]}}]}]}]}")
                .getBytes(StandardCharsets.UTF_8),
            JSON,
            400));
    c.add(
        new Case(
            "otlp: a point with 100,000 attributes (gzip)",
            OTLP,
            gzip(manyAttributes(100_000)),
            new String[] {"Content-Type", "application/x-protobuf", "Content-Encoding", "gzip"},
            400));
    c.add(
        new Case(
            "otlp: text/plain",
            OTLP,
            "x".getBytes(StandardCharsets.UTF_8),
            new String[] {"Content-Type", "text/plain"},
            415));
    c.add(
        new Case(
            "otlp: brotli",
            OTLP,
            "x".getBytes(StandardCharsets.UTF_8),
            new String[] {"Content-Type", "application/json", "Content-Encoding", "br"},
            415));
    // events
    c.add(new Case("events: empty body", EVENTS, new byte[0], NDJSON, 400));
    c.add(
        new Case(
            "events: blank body", EVENTS, "\n\n".getBytes(StandardCharsets.UTF_8), NDJSON, 400));
    c.add(
        new Case(
            "events: not JSON",
            EVENTS,
            "service=api".getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: deep JSON",
            EVENTS,
            ("[" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000) + "]")
                .getBytes(StandardCharsets.UTF_8),
            JSON,
            400));
    c.add(
        new Case(
            "events: huge string",
            EVENTS,
            ("{\"service\":\"" + "s".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8),
            NDJSON,
            413));
    c.add(
        new Case(
            "events: huge label",
            EVENTS,
            (EVENT.replace("}", ",\"labels\":{\"a\":\"" + "v".repeat(5000) + "\"}}"))
                .getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: wrong types",
            EVENTS,
            "{\"service\":1,\"route\":[],\"method\":{},\"status\":\"x\",\"duration_ms\":\"1\"}"
                .getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: one bad event among good ones",
            EVENTS,
            (EVENT + "\n" + EVENT + "\n" + EVENT.replace("200", "99"))
                .getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: invalid UTF-8",
            EVENTS,
            ("{\"service\":\""
                    + new String(new byte[] {(byte) 0xff}, StandardCharsets.ISO_8859_1)
                    + "\"}")
                .getBytes(StandardCharsets.ISO_8859_1),
            NDJSON,
            400));
    c.add(new Case("events: gzip bomb", EVENTS, gzip(new byte[8 << 20]), NDJSON_GZIP, 413));
    c.add(
        new Case(
            "events: gzip with trailing garbage",
            EVENTS,
            concat(
                gzip(EVENT.getBytes(StandardCharsets.UTF_8)),
                "garbage".getBytes(StandardCharsets.UTF_8)),
            NDJSON_GZIP,
            400));
    c.add(
        new Case(
            "otlp: gzip with trailing garbage",
            OTLP,
            concat(gzip("{}".getBytes(StandardCharsets.UTF_8)), new byte[] {0, 0, 0, 0}),
            new String[] {"Content-Type", "application/json", "Content-Encoding", "gzip"},
            400));
    // "/" as the overlong two-byte form C0 AF, and U+D800 encoded as ED A0 80 (CESU-8).
    c.add(
        new Case(
            "events: overlong UTF-8",
            EVENTS,
            concat(
                EVENT.substring(0, 13).getBytes(StandardCharsets.UTF_8),
                concat(
                    new byte[] {(byte) 0xc0, (byte) 0xaf},
                    EVENT.substring(13).getBytes(StandardCharsets.UTF_8))),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: an encoded surrogate",
            EVENTS,
            concat(
                EVENT.substring(0, 13).getBytes(StandardCharsets.UTF_8),
                concat(
                    new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    EVENT.substring(13).getBytes(StandardCharsets.UTF_8))),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: a lone surrogate escape",
            EVENTS,
            EVENT.replace("\"/x\"", "\"/x\\ud800\"").getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: a lone surrogate escape in a label",
            EVENTS,
            EVENT
                .replace("}", ",\"labels\":{\"a\":\"\\udc00x\"}}")
                .getBytes(StandardCharsets.UTF_8),
            NDJSON,
            400));
    c.add(
        new Case(
            "events: too many events",
            EVENTS,
            (EVENT + "\n").repeat(100_001).getBytes(StandardCharsets.UTF_8),
            NDJSON,
            413));
    c.add(
        new Case(
            "events: wrong content type",
            EVENTS,
            EVENT.getBytes(StandardCharsets.UTF_8),
            new String[] {"Content-Type", "application/x-www-form-urlencoded"},
            415));
    c.add(
        new Case(
            "events: bad Idempotency-Key",
            EVENTS,
            EVENT.getBytes(StandardCharsets.UTF_8),
            new String[] {
              "Content-Type", "application/x-ndjson", "Idempotency-Key", "k".repeat(300)
            },
            400));
    return c.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInput_getsA4xxProblem_andCommitsNothing(Case c) throws Exception {
    int before = server.sink.batches.size();
    HttpResponse<byte[]> r = server.post(c.path(), c.body(), c.headers());
    assertThat(r.statusCode()).as(c.name()).isEqualTo(c.status());
    assertThat(r.headers().firstValue("Content-Type"))
        .as(c.name())
        .contains("application/problem+json");
    JsonObject problem = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(problem.getInteger("status")).isEqualTo(c.status());
    assertThat(problem.getString("detail")).isNotBlank();
    if (c.status() == 413) {
      assertThat(problem.getString("limit")).as(c.name()).isNotBlank();
      assertThat(problem.getString("detail")).contains(problem.getString("limit"));
    }
    assertThat(server.sink.batches).hasSize(before);
  }

  /** A remote_write request of one selected counter with these values, a second apart. */
  private static byte[] counter(double... values) {
    long[] ts = new long[values.length];
    long now = System.currentTimeMillis();
    for (int i = 0; i < ts.length; i++) {
      ts[i] = now - 60_000 + i * 1000L;
    }
    return WriteRequests.create()
        .series(Map.of("__name__", "http_requests_total", "code", "500"), ts, values)
        .snappy();
  }

  /** An OTLP export of one monotonic sum point with n distinct attributes. */
  private static byte[] manyAttributes(int n) {
    var point = io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setAsInt(1);
    for (int i = 0; i < n; i++) {
      point.addAttributes(
          io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
              .setKey("a" + i)
              .setValue(
                  io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("v")));
    }
    return io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                        .addMetrics(
                            io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                                .setName("http.requests")
                                .setSum(
                                    io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                                        .setIsMonotonic(true)
                                        .setAggregationTemporality(
                                            io.opentelemetry.proto.metrics.v1.AggregationTemporality
                                                .AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(point)))))
        .build()
        .toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  private static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
        out.write(raw);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
