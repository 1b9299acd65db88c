package dev.burnrate.ingest.otlp;

import static dev.burnrate.ingest.otlp.OtlpJsonValues.bool;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.dbl;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.expectObject;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.forEachElement;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.int64;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.is;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.keyValue;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.nextField;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.skipNull;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.string;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.uint64;
import static dev.burnrate.ingest.otlp.OtlpJsonValues.wrongType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
      JsonToken first = p.nextToken();
      if (first == null) {
        throw LimitProblems.malformed("JSON", "the body is empty");
      }
      ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
      expectObject(p, "$");
      while (nextField(p)) {
        if (is(p, "resourceMetrics")) {
          forEachElement(
              p, "resourceMetrics", (path) -> b.addResourceMetrics(resourceMetrics(p, path)));
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw LimitProblems.malformed("JSON", "content after the request object");
      }
      return b.build();
    } catch (IOException e) {
      throw BoundedJson.problem(e, limits);
    }
  }

  private static ResourceMetrics resourceMetrics(JsonParser p, String path) throws IOException {
    ResourceMetrics.Builder b = ResourceMetrics.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "resource")) {
        String rp = path + ".resource";
        if (skipNull(p)) {
          continue;
        }
        expectObject(p, rp);
        Resource.Builder r = Resource.newBuilder();
        while (nextField(p)) {
          if (is(p, "attributes")) {
            forEachElement(p, rp + ".attributes", (ap) -> r.addAttributes(keyValue(p, ap)));
          } else {
            p.skipChildren();
          }
        }
        b.setResource(r);
      } else if (is(p, "scopeMetrics")) {
        forEachElement(p, path + ".scopeMetrics", (sp) -> b.addScopeMetrics(scopeMetrics(p, sp)));
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static ScopeMetrics scopeMetrics(JsonParser p, String path) throws IOException {
    ScopeMetrics.Builder b = ScopeMetrics.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "metrics")) {
        forEachElement(p, path + ".metrics", (mp) -> b.addMetrics(metric(p, mp)));
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static Metric metric(JsonParser p, String path) throws IOException {
    Metric.Builder b = Metric.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "name")) {
        b.setName(string(p, path + ".name"));
      } else if (is(p, "unit")) {
        b.setUnit(string(p, path + ".unit"));
      } else if (is(p, "sum")) {
        if (!skipNull(p)) {
          b.setSum(sum(p, path + ".sum"));
        }
      } else if (is(p, "histogram")) {
        if (!skipNull(p)) {
          b.setHistogram(histogram(p, path + ".histogram"));
        }
      } else if (is(p, "gauge")) {
        int n = countPoints(p, path + ".gauge");
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < n; i++) {
          g.addDataPoints(NumberDataPoint.getDefaultInstance());
        }
        b.setGauge(g);
      } else if (is(p, "summary")) {
        int n = countPoints(p, path + ".summary");
        Summary.Builder sb = Summary.newBuilder();
        for (int i = 0; i < n; i++) {
          sb.addDataPoints(SummaryDataPoint.getDefaultInstance());
        }
        b.setSummary(sb);
      } else if (is(p, "exponentialHistogram")) {
        int n = countPoints(p, path + ".exponentialHistogram");
        ExponentialHistogram.Builder eb = ExponentialHistogram.newBuilder();
        for (int i = 0; i < n; i++) {
          eb.addDataPoints(ExponentialHistogramDataPoint.getDefaultInstance());
        }
        b.setExponentialHistogram(eb);
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  /** Kinds Burnrate does not use: only how many points they had, to report them rejected. */
  private static int countPoints(JsonParser p, String path) throws IOException {
    if (skipNull(p)) {
      return 0;
    }
    expectObject(p, path);
    int[] n = {0};
    while (nextField(p)) {
      if (is(p, "dataPoints")) {
        forEachElement(
            p,
            path + ".dataPoints",
            (dp) -> {
              p.skipChildren();
              n[0]++;
            });
      } else {
        p.skipChildren();
      }
    }
    return n[0];
  }

  private static Sum sum(JsonParser p, String path) throws IOException {
    Sum.Builder b = Sum.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "isMonotonic")) {
        b.setIsMonotonic(bool(p, path + ".isMonotonic"));
      } else if (is(p, "aggregationTemporality")) {
        b.setAggregationTemporality(temporality(p, path + ".aggregationTemporality"));
      } else if (is(p, "dataPoints")) {
        forEachElement(p, path + ".dataPoints", (dp) -> b.addDataPoints(numberPoint(p, dp)));
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static Histogram histogram(JsonParser p, String path) throws IOException {
    Histogram.Builder b = Histogram.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "aggregationTemporality")) {
        b.setAggregationTemporality(temporality(p, path + ".aggregationTemporality"));
      } else if (is(p, "dataPoints")) {
        forEachElement(p, path + ".dataPoints", (dp) -> b.addDataPoints(histogramPoint(p, dp)));
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static NumberDataPoint numberPoint(JsonParser p, String path) throws IOException {
    NumberDataPoint.Builder b = NumberDataPoint.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "attributes")) {
        forEachElement(p, path + ".attributes", (ap) -> b.addAttributes(keyValue(p, ap)));
      } else if (is(p, "startTimeUnixNano")) {
        b.setStartTimeUnixNano(int64(p, path + ".startTimeUnixNano"));
      } else if (is(p, "timeUnixNano")) {
        b.setTimeUnixNano(int64(p, path + ".timeUnixNano"));
      } else if (is(p, "flags")) {
        b.setFlags((int) int64(p, path + ".flags"));
      } else if (is(p, "asInt")) {
        if (!skipNull(p)) {
          b.setAsInt(int64(p, path + ".asInt"));
        }
      } else if (is(p, "asDouble")) {
        if (!skipNull(p)) {
          b.setAsDouble(dbl(p, path + ".asDouble"));
        }
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static HistogramDataPoint histogramPoint(JsonParser p, String path) throws IOException {
    HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "attributes")) {
        forEachElement(p, path + ".attributes", (ap) -> b.addAttributes(keyValue(p, ap)));
      } else if (is(p, "startTimeUnixNano")) {
        b.setStartTimeUnixNano(int64(p, path + ".startTimeUnixNano"));
      } else if (is(p, "timeUnixNano")) {
        b.setTimeUnixNano(int64(p, path + ".timeUnixNano"));
      } else if (is(p, "count")) {
        b.setCount(uint64(p, path + ".count"));
      } else if (is(p, "flags")) {
        b.setFlags((int) int64(p, path + ".flags"));
      } else if (is(p, "sum")) {
        if (!skipNull(p)) {
          b.setSum(dbl(p, path + ".sum"));
        }
      } else if (is(p, "bucketCounts")) {
        forEachElement(p, path + ".bucketCounts", (cp) -> b.addBucketCounts(uint64(p, cp)));
      } else if (is(p, "explicitBounds")) {
        forEachElement(p, path + ".explicitBounds", (bp) -> b.addExplicitBounds(dbl(p, bp)));
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static AggregationTemporality temporality(JsonParser p, String path) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      // Enums are integers in OTLP JSON; the proto names are accepted too.
      try {
        return AggregationTemporality.valueOf(p.getText());
      } catch (IllegalArgumentException e) {
        throw wrongType(path, "an AggregationTemporality");
      }
    }
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
    }
    AggregationTemporality t = AggregationTemporality.forNumber((int) int64(p, path));
    return t == null ? AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED : t;
  }

  // ---- streaming helpers: every error names the JSON path of the value ----

}
