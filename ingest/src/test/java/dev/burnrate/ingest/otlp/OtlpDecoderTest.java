package dev.burnrate.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.otlp.internal.OtlpTranslator;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {
  private static final long T = 1_795_960_000_000L; // ms
  private final IngestLimits limits = IngestLimits.defaults();
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T + 5000), ZoneOffset.UTC);
  private final SelectorIndex index =
      SelectorIndex.of(
          List.of(
              Slos.goodOverTotal(
                  "latency",
                  Slos.query(
                      "http_server_request_duration_seconds_bucket{le=\"0.25\",job=\"shop/checkout\"}"),
                  Slos.query("http_server_request_duration_seconds_count")),
              Slos.badOverTotal(
                  "errors",
                  Slos.query("orders_total{outcome=\"failed\"}"),
                  Slos.query("orders_total"))));

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static ExportMetricsServiceRequest request() {
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attr("service.name", "checkout"))
            .addAttributes(attr("service.namespace", "shop"))
            .addAttributes(attr("service.instance.id", "pod-1"))
            .addAttributes(attr("host.name", "ignored"))
            .build();
    Metric histogram =
        Metric.newBuilder()
            .setName("http.server.request.duration")
            .setUnit("s")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addAttributes(attr("http.route", "/pay"))
                            .setTimeUnixNano(T * 1_000_000)
                            .setCount(10)
                            .setSum(2.5)
                            .addAllExplicitBounds(List.of(0.1, 0.25, 1.0))
                            .addAllBucketCounts(List.of(4L, 3L, 2L, 1L))))
            .build();
    Metric counter =
        Metric.newBuilder()
            .setName("orders")
            .setUnit("{order}")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(true)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(attr("outcome", "failed"))
                            .setTimeUnixNano(T * 1_000_000)
                            .setAsInt(3)))
            .build();
    Metric upDown =
        Metric.newBuilder()
            .setName("queue.size")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(false)
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(4)))
            .build();
    Metric gauge =
        Metric.newBuilder()
            .setName("cpu")
            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(1)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(histogram)
                        .addMetrics(counter)
                        .addMetrics(upDown)
                        .addMetrics(gauge)))
        .build();
  }

  private OtlpTranslator.Translated translate(ExportMetricsServiceRequest r, BatchBuilder out) {
    return OtlpTranslator.translate(r, limits, index, clock, out);
  }

  private static Map<String, MatchedSeries> byKey(IngestBatch b) {
    return b.series().stream().collect(Collectors.toMap(MatchedSeries::seriesKey, s -> s));
  }

  private void assertTranslated(ExportMetricsServiceRequest decoded) {
    BatchBuilder out = new BatchBuilder();
    OtlpTranslator.Translated t = translate(decoded, out);
    Map<String, MatchedSeries> series = byKey(out.build(Optional.empty(), t.samples()));

    String labels = "http_route=\"/pay\",instance=\"pod-1\",job=\"shop/checkout\"";
    assertThat(series)
        .containsOnlyKeys(
            "http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.25\"}",
            "http_server_request_duration_seconds_count{" + labels + "}",
            "orders_total{instance=\"pod-1\",job=\"shop/checkout\",outcome=\"failed\"}");
    MatchedSeries bucket =
        series.get("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.25\"}");
    assertThat(bucket.values()).containsExactly(7); // cumulative: 4 + 3
    assertThat(bucket.timestampsMs()).containsExactly(T);
    assertThat(bucket.temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(series.get("http_server_request_duration_seconds_count{" + labels + "}").values())
        .containsExactly(10);
    MatchedSeries orders =
        series.get("orders_total{instance=\"pod-1\",job=\"shop/checkout\",outcome=\"failed\"}");
    assertThat(orders.temporality()).isEqualTo(Temporality.DELTA);
    assertThat(orders.values()).containsExactly(3);
    assertThat(t.rejectedDataPoints()).isEqualTo(2);
    assertThat(t.errorMessage()).contains("queue.size: non-monotonic").contains("cpu: gauges");
    // 4 buckets + count + sum, and the counter point
    assertThat(t.samples()).isEqualTo(7);
  }

  @Test
  void protobuf_translatesHistogramsAndMonotonicSums_andRejectsTheRest() {
    assertTranslated(OtlpDecoder.protobuf(request().toByteArray()));
  }

  @Test
  void json_translatesTheSameRequest_asTheOtlpJsonMappingWritesIt() {
    String body =
        """
        {"resourceMetrics":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"checkout"}},
            {"key":"service.namespace","value":{"stringValue":"shop"}},
            {"key":"service.instance.id","value":{"stringValue":"pod-1"}},
            {"key":"host.name","value":{"stringValue":"ignored"}}]},
          "scopeMetrics":[{"scope":{"name":"x"},"metrics":[
            {"name":"http.server.request.duration","unit":"s","histogram":{
               "aggregationTemporality":2,
               "dataPoints":[{"attributes":[{"key":"http.route","value":{"stringValue":"/pay"}}],
                 "timeUnixNano":"%d","count":"10","sum":2.5,
                 "explicitBounds":[0.1,0.25,1.0],"bucketCounts":["4","3","2",1],
                 "exemplars":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}},
            {"name":"orders","unit":"{order}","sum":{"isMonotonic":true,"aggregationTemporality":1,
               "dataPoints":[{"attributes":[{"key":"outcome","value":{"stringValue":"failed"}}],
                 "timeUnixNano":%d,"asInt":"3"}]}},
            {"name":"queue.size","sum":{"isMonotonic":false,"aggregationTemporality":2,
               "dataPoints":[{"asInt":"4"}]}},
            {"name":"cpu","gauge":{"dataPoints":[{"asDouble":1}]}}]}]}]}
        """
            .formatted(T * 1_000_000, T * 1_000_000);
    assertTranslated(
        OtlpDecoder.json(
            body.getBytes(StandardCharsets.UTF_8), BoundedJson.factory(limits), limits));
  }

  @Test
  void json_acceptsSnakeCaseKeys_nulls_andIgnoresUnknownKeys() {
    String body =
        """
        {"resource_metrics":[{"resource":null,"schema_url":"x","scope_metrics":[{"metrics":[
          {"name":"orders","unit":null,"sum":{"is_monotonic":true,
            "aggregation_temporality":"AGGREGATION_TEMPORALITY_DELTA","future_field":{"a":[1]},
            "data_points":[{"time_unix_nano":%d,"as_int":"3",
              "attributes":[{"key":"outcome","value":{"string_value":"failed"}}]}]}}]}]}]}
        """
            .formatted(T * 1_000_000);
    ExportMetricsServiceRequest r =
        OtlpDecoder.json(
            body.getBytes(StandardCharsets.UTF_8), BoundedJson.factory(limits), limits);
    BatchBuilder out = new BatchBuilder();
    translate(r, out);
    MatchedSeries s = out.build(Optional.empty(), 1).series().get(0);
    assertThat(s.seriesKey()).isEqualTo("orders_total{outcome=\"failed\"}");
    assertThat(s.temporality()).isEqualTo(Temporality.DELTA);
    assertThat(s.values()).containsExactly(3);
  }

  @Test
  void json_namesThePathOfAValueOfTheWrongType() {
    String body =
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"x\",\"sum\":{"
            + "\"dataPoints\":[{\"timeUnixNano\":{}}]}}]}]}]}";
    assertThatThrownBy(
            () ->
                OtlpDecoder.json(
                    body.getBytes(StandardCharsets.UTF_8), BoundedJson.factory(limits), limits))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p ->
                assertThat(p.extensions())
                    .containsEntry(
                        "field",
                        "resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].timeUnixNano"));
  }

  @Test
  void protobuf_rejectsMalformedBytes_andInvalidUtf8() {
    byte[] valid = request().toByteArray();
    assertThatThrownBy(() -> OtlpDecoder.protobuf(java.util.Arrays.copyOf(valid, valid.length - 5)))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    // ResourceMetrics -> ScopeMetrics -> Metric{name = 0xC3 0x28}
    byte[] metric = {0x0a, 0x02, (byte) 0xc3, 0x28};
    byte[] scope = concat(new byte[] {0x12, (byte) metric.length}, metric);
    byte[] rm = concat(new byte[] {0x12, (byte) scope.length}, scope);
    byte[] req = concat(new byte[] {0x0a, (byte) rm.length}, rm);
    assertThatThrownBy(() -> OtlpDecoder.protobuf(req))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void translate_usesTheClock_forAPointWithoutTime() {
    ExportMetricsServiceRequest r =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
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
                                                NumberDataPoint.newBuilder().setAsDouble(2))))))
            .build();
    BatchBuilder out = new BatchBuilder();
    translate(r, out);
    assertThat(out.build(Optional.empty(), 1).series().get(0).timestampsMs())
        .containsExactly(T + 5000);
  }

  private static ExportMetricsServiceRequest histogramPoint(long count, List<Long> bucketCounts) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("http.server.request.duration")
                                .setUnit("s")
                                .setHistogram(
                                    Histogram.newBuilder()
                                        .setAggregationTemporality(
                                            AggregationTemporality
                                                .AGGREGATION_TEMPORALITY_CUMULATIVE)
                                        .addDataPoints(
                                            HistogramDataPoint.newBuilder()
                                                .addAttributes(attr("service.name", "x"))
                                                .setTimeUnixNano(T * 1_000_000)
                                                .setCount(count)
                                                .addAllExplicitBounds(List.of(0.25))
                                                .addAllBucketCounts(bucketCounts))))))
        .build();
  }

  private static ExportMetricsServiceRequest monotonicSum(double value) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("orders")
                                .setSum(
                                    Sum.newBuilder()
                                        .setIsMonotonic(true)
                                        .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(T * 1_000_000)
                                                .setAsDouble(value))))))
        .build();
  }

  @Test
  void histogramCounts_areUnsigned_andOneAbove2To53IsRejectedWithItsFieldNamed() {
    // fixed64 -1 is 2^64 - 1 as the proto means it, not minus one.
    for (var c :
        List.of(
            Map.entry(histogramPoint(-1L, List.of(1L, 1L)), "count"),
            Map.entry(histogramPoint(10, List.of(Long.MIN_VALUE, 1L)), "bucketCounts"),
            Map.entry(histogramPoint(10, List.of(-5L, 15L)), "bucketCounts"),
            Map.entry(histogramPoint((1L << 53) + 1, List.of(1L, 1L)), "count"),
            Map.entry(
                histogramPoint(10, List.of(1L << 53, 1L << 53)), "bucketCounts (their sum)"))) {
      BatchBuilder out = new BatchBuilder();
      OtlpTranslator.Translated t = translate(c.getKey(), out);
      assertThat(t.rejectedDataPoints()).as(c.getValue()).isEqualTo(1);
      assertThat(t.errorMessage())
          .as(c.getValue())
          .contains(c.getValue() + " of a histogram point must be");
      assertThat(out.build(Optional.empty(), 0).series()).as(c.getValue()).isEmpty();
    }
    BatchBuilder out = new BatchBuilder();
    OtlpTranslator.Translated t = translate(histogramPoint(1L << 53, List.of(0L, 1L << 53)), out);
    assertThat(t.rejectedDataPoints()).isZero();
    assertThat(out.build(Optional.empty(), 0).series()).isNotEmpty();
  }

  @Test
  void aMonotonicSumAbove2To53_isRejectedWithItsFieldNamed() {
    for (double v : new double[] {1.7e308, -1, Double.POSITIVE_INFINITY, 9007199254740994.0}) {
      BatchBuilder out = new BatchBuilder();
      OtlpTranslator.Translated t = translate(monotonicSum(v), out);
      assertThat(t.rejectedDataPoints()).as("%s", v).isEqualTo(1);
      assertThat(t.errorMessage()).as("%s", v).contains("orders: asDouble of a monotonic sum");
      assertThat(out.build(Optional.empty(), 0).series()).isEmpty();
    }
  }

  @Test
  void json_refusesANegativeHistogramCount_namingItsPath() {
    for (String field : List.of("\"count\":\"-5\"", "\"count\":-5", "\"bucketCounts\":[\"-1\"]")) {
      String body =
          "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"x\","
              + "\"histogram\":{\"dataPoints\":[{"
              + field
              + "}]}}]}]}]}";
      assertThatThrownBy(
              () ->
                  OtlpDecoder.json(
                      body.getBytes(StandardCharsets.UTF_8), BoundedJson.factory(limits), limits))
          .as(field)
          .isInstanceOfSatisfying(
              HttpProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat((String) p.extensions().get("field"))
                    .startsWith(
                        "resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].");
                assertThat(p.detail()).contains("unsigned integer");
              });
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
