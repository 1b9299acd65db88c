package dev.burnrate.ingest.otlp;

import static dev.burnrate.ingest.otlp.OtlpJsonValues.bool;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.dbl;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.int64;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.string;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.uint64;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.wrongType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.Base64;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;

/**
 * Decodes OTLP/HTTP metrics bodies, {@code application/x-protobuf} or {@code application/json} (the
 * OTLP JSON mapping: lowerCamelCase keys, 64-bit integers as strings or numbers, enums as integers,
 * ids as hex; unknown keys ignored, snake_case keys accepted too).
 */
public final class OtlpDecoder {
  private OtlpDecoder() {}

  /**
   * Parses a protobuf {@code ExportMetricsServiceRequest}.
   *
   * @throws HttpProblem 400 when the body is not a valid message (including invalid UTF-8)
   */
  public static ExportMetricsServiceRequest protobuf(byte[] body) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(body);
      in.setRecursionLimit(64);
      in.setSizeLimit(body.length);
      ExportMetricsServiceRequest r = ExportMetricsServiceRequest.parseFrom(in);
      in.checkLastTagWas(0);
      return r;
    } catch (InvalidProtocolBufferException e) {
      throw LimitProblems.malformed("protobuf ExportMetricsServiceRequest", e.getMessage());
    } catch (IOException e) {
      throw LimitProblems.malformed("protobuf ExportMetricsServiceRequest", e.getMessage());
    }
  }

  /**
   * Parses a JSON {@code ExportMetricsServiceRequest} (only the parts Burnrate reads are kept:
   * resources' attributes, metrics' name, unit, sums, histograms, and the point counts of other
   * kinds).
   *
   * @throws HttpProblem 400 for malformed JSON or a value of the wrong type (naming its path), or a
   *     JSON limit
   */
  public static ExportMetricsServiceRequest json(
      byte[] body, JsonFactory factory, IngestLimits limits) {
    // Streamed straight into the protobuf builders: no intermediate tree of the whole body.
    try (JsonParser p = BoundedJson.parser(factory, body)) {
      if (p.nextToken() == null) {
        throw LimitProblems.malformed("JSON", "the body is empty");
      }
      ExportMetricsServiceRequest r =
          REQUEST.read(p, ExportMetricsServiceRequest.newBuilder()).build();
      if (p.nextToken() != null) {
        throw LimitProblems.malformed("JSON", "content after the request object");
      }
      return r;
    } catch (IOException e) {
      throw BoundedJson.problem(e, limits);
    }
  }

  // ---- the messages Burnrate reads, each a table of its fields; leaves first, as a table can
  // only name those declared above it (the recursive attribute values go through methods) ----

  private static final OtlpJsonFields<KeyValue.Builder> KEY_VALUE =
      OtlpJsonFields.<KeyValue.Builder>of()
          .field("key", (p, b) -> b.setKey(string(p)))
          .field("value", (p, b) -> b.setValue(anyValue(p)));

  private static final OtlpJsonFields<ArrayValue.Builder> ARRAY_VALUE =
      OtlpJsonFields.<ArrayValue.Builder>of()
          .repeated("values", (p, b) -> b.addValues(anyValue(p)));

  private static final OtlpJsonFields<KeyValueList.Builder> KEY_VALUE_LIST =
      OtlpJsonFields.<KeyValueList.Builder>of()
          .repeated("values", (p, b) -> b.addValues(keyValue(p)));

  private static final OtlpJsonFields<AnyValue.Builder> ANY_VALUE =
      OtlpJsonFields.<AnyValue.Builder>of()
          .field("stringValue", (p, b) -> b.setStringValue(string(p)))
          .field("boolValue", (p, b) -> b.setBoolValue(bool(p)))
          .field("intValue", (p, b) -> b.setIntValue(int64(p)))
          .field("doubleValue", (p, b) -> b.setDoubleValue(dbl(p)))
          .field("bytesValue", (p, b) -> b.setBytesValue(base64(p)))
          .field(
              "arrayValue", (p, b) -> b.setArrayValue(ARRAY_VALUE.read(p, ArrayValue.newBuilder())))
          .field(
              "kvlistValue",
              (p, b) -> b.setKvlistValue(KEY_VALUE_LIST.read(p, KeyValueList.newBuilder())));

  private static final OtlpJsonFields<NumberDataPoint.Builder> NUMBER_POINT =
      pointFields(
              NumberDataPoint.Builder::addAttributes,
              NumberDataPoint.Builder::setStartTimeUnixNano,
              NumberDataPoint.Builder::setTimeUnixNano,
              NumberDataPoint.Builder::setFlags)
          .field("asInt", (p, b) -> b.setAsInt(int64(p)))
          .field("asDouble", (p, b) -> b.setAsDouble(dbl(p)));

  private static final OtlpJsonFields<HistogramDataPoint.Builder> HISTOGRAM_POINT =
      pointFields(
              HistogramDataPoint.Builder::addAttributes,
              HistogramDataPoint.Builder::setStartTimeUnixNano,
              HistogramDataPoint.Builder::setTimeUnixNano,
              HistogramDataPoint.Builder::setFlags)
          .field("count", (p, b) -> b.setCount(uint64(p)))
          .field("sum", (p, b) -> b.setSum(dbl(p)))
          .repeated("bucketCounts", (p, b) -> b.addBucketCounts(uint64(p)))
          .repeated("explicitBounds", (p, b) -> b.addExplicitBounds(dbl(p)));

  private static final OtlpJsonFields<Sum.Builder> SUM =
      OtlpJsonFields.<Sum.Builder>of()
          .field("isMonotonic", (p, b) -> b.setIsMonotonic(bool(p)))
          .field("aggregationTemporality", (p, b) -> b.setAggregationTemporality(temporality(p)))
          .repeated(
              "dataPoints",
              (p, b) -> b.addDataPoints(NUMBER_POINT.read(p, NumberDataPoint.newBuilder())));

  private static final OtlpJsonFields<Histogram.Builder> HISTOGRAM =
      OtlpJsonFields.<Histogram.Builder>of()
          .field("aggregationTemporality", (p, b) -> b.setAggregationTemporality(temporality(p)))
          .repeated(
              "dataPoints",
              (p, b) -> b.addDataPoints(HISTOGRAM_POINT.read(p, HistogramDataPoint.newBuilder())));

  // Kinds Burnrate does not use: only how many points they had (kept as empty points), to report
  // them rejected.
  private static final OtlpJsonFields<Gauge.Builder> GAUGE =
      emptyPoints(Gauge.Builder::addDataPoints, NumberDataPoint.getDefaultInstance());
  private static final OtlpJsonFields<Summary.Builder> SUMMARY =
      emptyPoints(Summary.Builder::addDataPoints, SummaryDataPoint.getDefaultInstance());
  private static final OtlpJsonFields<ExponentialHistogram.Builder> EXPONENTIAL_HISTOGRAM =
      emptyPoints(
          ExponentialHistogram.Builder::addDataPoints,
          ExponentialHistogramDataPoint.getDefaultInstance());

  private static final OtlpJsonFields<Metric.Builder> METRIC =
      OtlpJsonFields.<Metric.Builder>of()
          .field("name", (p, b) -> b.setName(string(p)))
          .field("unit", (p, b) -> b.setUnit(string(p)))
          .field("sum", (p, b) -> b.setSum(SUM.read(p, Sum.newBuilder())))
          .field("histogram", (p, b) -> b.setHistogram(HISTOGRAM.read(p, Histogram.newBuilder())))
          // null reads as a kind without points, as it always has for these
          .nullable("gauge", (p, b) -> b.setGauge(orEmpty(p, GAUGE, Gauge.newBuilder())))
          .nullable("summary", (p, b) -> b.setSummary(orEmpty(p, SUMMARY, Summary.newBuilder())))
          .nullable(
              "exponentialHistogram",
              (p, b) ->
                  b.setExponentialHistogram(
                      orEmpty(p, EXPONENTIAL_HISTOGRAM, ExponentialHistogram.newBuilder())));

  private static final OtlpJsonFields<ScopeMetrics.Builder> SCOPE_METRICS =
      OtlpJsonFields.<ScopeMetrics.Builder>of()
          .repeated("metrics", (p, b) -> b.addMetrics(METRIC.read(p, Metric.newBuilder())));

  private static final OtlpJsonFields<Resource.Builder> RESOURCE =
      OtlpJsonFields.<Resource.Builder>of()
          .repeated("attributes", (p, b) -> b.addAttributes(keyValue(p)));

  private static final OtlpJsonFields<ResourceMetrics.Builder> RESOURCE_METRICS =
      OtlpJsonFields.<ResourceMetrics.Builder>of()
          .field("resource", (p, b) -> b.setResource(RESOURCE.read(p, Resource.newBuilder())))
          .repeated(
              "scopeMetrics",
              (p, b) -> b.addScopeMetrics(SCOPE_METRICS.read(p, ScopeMetrics.newBuilder())));

  private static final OtlpJsonFields<ExportMetricsServiceRequest.Builder> REQUEST =
      OtlpJsonFields.<ExportMetricsServiceRequest.Builder>of()
          .repeated(
              "resourceMetrics",
              (p, b) ->
                  b.addResourceMetrics(RESOURCE_METRICS.read(p, ResourceMetrics.newBuilder())));

  private static KeyValue keyValue(JsonParser p) throws IOException {
    return KEY_VALUE.read(p, KeyValue.newBuilder()).build();
  }

  private static AnyValue anyValue(JsonParser p) throws IOException {
    return ANY_VALUE.read(p, AnyValue.newBuilder()).build();
  }

  private static ByteString base64(JsonParser p) throws IOException {
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(string(p)));
    } catch (IllegalArgumentException e) {
      throw wrongType(p, "base64 bytes");
    }
  }

  /** The fields every kind of data point has, set through its builder's setters. */
  private static <B> OtlpJsonFields<B> pointFields(
      BiConsumer<B, KeyValue> attribute,
      ObjLongConsumer<B> startTimeUnixNano,
      ObjLongConsumer<B> timeUnixNano,
      ObjIntConsumer<B> flags) {
    return OtlpJsonFields.<B>of()
        .repeated("attributes", (p, b) -> attribute.accept(b, keyValue(p)))
        .field("startTimeUnixNano", (p, b) -> startTimeUnixNano.accept(b, int64(p)))
        .field("timeUnixNano", (p, b) -> timeUnixNano.accept(b, int64(p)))
        .field("flags", (p, b) -> flags.accept(b, (int) int64(p)));
  }

  /** A kind whose {@code dataPoints} are skipped, each added as {@code empty} instead. */
  private static <B, P> OtlpJsonFields<B> emptyPoints(BiConsumer<B, P> add, P empty) {
    return OtlpJsonFields.<B>of()
        .repeated(
            "dataPoints",
            (p, b) -> {
              p.skipChildren();
              add.accept(b, empty);
            });
  }

  private static <B> B orEmpty(JsonParser p, OtlpJsonFields<B> fields, B empty) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? empty : fields.read(p, empty);
  }

  private static AggregationTemporality temporality(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      // Enums are integers in OTLP JSON; the proto names are accepted too.
      try {
        return AggregationTemporality.valueOf(p.getText());
      } catch (IllegalArgumentException e) {
        throw wrongType(p, "an AggregationTemporality");
      }
    }
    AggregationTemporality t = AggregationTemporality.forNumber((int) int64(p));
    return t == null ? AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED : t;
  }
}
