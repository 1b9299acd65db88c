package dev.burnrate.bench.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * OTLP/HTTP JSON decoding, Burnrate's streaming {@link OtlpDecoder#json} against protobuf's {@code
 * JsonFormat} parser, on the same body: CPU time and bytes allocated per data point on the
 * measuring thread. Also prints what each makes of an exemplar's hex-encoded span and trace ids
 * (the OTLP JSON encoding differs from the proto3 JSON mapping there).
 *
 * <p>Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar
 * dev.burnrate.bench.ingest.OtlpJsonDecodeCpu [rounds] [metrics] [points per metric]}.
 */
public final class OtlpJsonDecodeCpu {
  private OtlpJsonDecodeCpu() {}

  /** Prints CPU ns and allocated bytes per data point for both decoders. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int metrics = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int points = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    ExportMetricsServiceRequest request = request(metrics, points);
    byte[] body = JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8);
    JsonFactory factory = new JsonFactory();
    IngestLimits limits = IngestLimits.defaults();
    JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    int dataPoints = metrics * points;
    System.out.printf(
        "body: %d metrics x %d points (half sums, half histograms of 12 buckets), %.1f KiB JSON%n",
        metrics, points, body.length / 1024.0);
    ExportMetricsServiceRequest a = OtlpDecoder.json(body, factory, limits);
    ExportMetricsServiceRequest b = jsonFormat(parser, body);
    System.out.println("same message from both: " + a.equals(b));
    measure(
        "burnrate OtlpDecoder.json",
        rounds,
        dataPoints,
        () -> OtlpDecoder.json(body, factory, limits));
    measure("protobuf JsonFormat      ", rounds, dataPoints, () -> jsonFormat(parser, body));

    String exemplar =
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"x\",\"sum\":{"
            + "\"dataPoints\":[{\"asInt\":\"1\",\"exemplars\":[{\"asInt\":\"1\","
            + "\"spanId\":\"eee19b7ec3c1b174\",\"traceId\":\"5b8efff798038103d269b633813fc60c\"}]}]"
            + "}}]}]}]}";
    try {
      ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
      parser.merge(exemplar, builder);
      ExportMetricsServiceRequest r = builder.build();
      var e =
          r.getResourceMetrics(0)
              .getScopeMetrics(0)
              .getMetrics(0)
              .getSum()
              .getDataPoints(0)
              .getExemplars(0);
      System.out.printf(
          "JsonFormat on hex ids: spanId %d bytes, traceId %d bytes (OTLP: 8 and 16)%n",
          e.getSpanId().size(), e.getTraceId().size());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      System.out.println("JsonFormat on hex ids: refused: " + e.getMessage());
    }
  }

  private static ExportMetricsServiceRequest jsonFormat(JsonFormat.Parser parser, byte[] body) {
    try {
      ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
      parser.merge(new String(body, StandardCharsets.UTF_8), b);
      return b.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void measure(String name, int rounds, int dataPoints, Runnable decode) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
    long tid = Thread.currentThread().threadId();
    for (int i = 0; i < rounds / 2; i++) {
      decode.run(); // warm-up
    }
    double[] ns = new double[rounds];
    long bytes0 = alloc.getThreadAllocatedBytes(tid);
    for (int i = 0; i < rounds; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      decode.run();
      ns[i] = (threads.getCurrentThreadCpuTime() - c0) / (double) dataPoints;
    }
    double bytes = (alloc.getThreadAllocatedBytes(tid) - bytes0) / (double) rounds / dataPoints;
    Arrays.sort(ns);
    System.out.printf(
        "%s: CPU ns per data point p50 %.0f, mean %.0f; %.0f bytes allocated per data point%n",
        name, ns[rounds / 2], Arrays.stream(ns).average().orElse(0), bytes);
  }

  private static ExportMetricsServiceRequest request(int metrics, int points) {
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
    long now = 1_700_000_000_000_000_000L;
    for (int m = 0; m < metrics; m++) {
      Metric.Builder metric = Metric.newBuilder().setName("http.server.request.duration." + m);
      if (m % 2 == 0) {
        Sum.Builder sum =
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int p = 0; p < points; p++) {
          sum.addDataPoints(
              NumberDataPoint.newBuilder()
                  .addAllAttributes(attributes(p))
                  .setStartTimeUnixNano(now - 60_000_000_000L)
                  .setTimeUnixNano(now)
                  .setAsInt(1_000L * p + m));
        }
        metric.setUnit("1").setSum(sum);
      } else {
        Histogram.Builder h =
            Histogram.newBuilder()
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int p = 0; p < points; p++) {
          HistogramDataPoint.Builder d =
              HistogramDataPoint.newBuilder()
                  .addAllAttributes(attributes(p))
                  .setStartTimeUnixNano(now - 60_000_000_000L)
                  .setTimeUnixNano(now)
                  .setCount(12_000L + p)
                  .setSum(345.6 * p);
          double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5};
          for (double bound : bounds) {
            d.addExplicitBounds(bound);
          }
          for (int i = 0; i <= bounds.length; i++) {
            d.addBucketCounts(1_000L + i);
          }
          h.addDataPoints(d);
        }
        metric.setUnit("s").setHistogram(h);
      }
      scope.addMetrics(metric);
    }
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "checkout"))
                        .addAttributes(kv("service.namespace", "shop"))
                        .addAttributes(kv("k8s.pod.name", "checkout-7d9f-x2")))
                .addScopeMetrics(scope))
        .build();
  }

  private static Iterable<KeyValue> attributes(int p) {
    return java.util.List.of(
        kv("http.request.method", p % 3 == 0 ? "POST" : "GET"),
        kv("http.route", "/api/orders/" + p % 7),
        kv("http.response.status_code", p % 10 == 0 ? "500" : "200"));
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
