package dev.burnrate.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.BoundedJson;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.limits.LimitProblems;
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

  private static KeyValue keyValue(JsonParser p, String path) throws IOException {
    KeyValue.Builder b = KeyValue.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (is(p, "key")) {
        b.setKey(string(p, path + ".key"));
      } else if (is(p, "value")) {
        if (!skipNull(p)) {
          b.setValue(anyValue(p, path + ".value"));
        }
      } else {
        p.skipChildren();
      }
    }
    return b.build();
  }

  private static AnyValue anyValue(JsonParser p, String path) throws IOException {
    AnyValue.Builder b = AnyValue.newBuilder();
    expectObject(p, path);
    while (nextField(p)) {
      if (skipNull(p)) {
        continue;
      }
      if (is(p, "stringValue")) {
        b.setStringValue(string(p, path + ".stringValue"));
      } else if (is(p, "boolValue")) {
        b.setBoolValue(bool(p, path + ".boolValue"));
      } else if (is(p, "intValue")) {
        b.setIntValue(int64(p, path + ".intValue"));
      } else if (is(p, "doubleValue")) {
        b.setDoubleValue(dbl(p, path + ".doubleValue"));
      } else if (is(p, "bytesValue")) {
        String s = string(p, path + ".bytesValue");
        try {
          b.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(s)));
        } catch (IllegalArgumentException e) {
          throw wrongType(path + ".bytesValue", "base64 bytes");
        }
      } else if (is(p, "arrayValue")) {
        String ap = path + ".arrayValue";
        expectObject(p, ap);
        ArrayValue.Builder ab = ArrayValue.newBuilder();
        while (nextField(p)) {
          if (is(p, "values")) {
            forEachElement(p, ap + ".values", (vp) -> ab.addValues(anyValue(p, vp)));
          } else {
            p.skipChildren();
          }
        }
        b.setArrayValue(ab);
      } else if (is(p, "kvlistValue")) {
        String kp = path + ".kvlistValue";
        expectObject(p, kp);
        KeyValueList.Builder kb = KeyValueList.newBuilder();
        while (nextField(p)) {
          if (is(p, "values")) {
            forEachElement(p, kp + ".values", (vp) -> kb.addValues(keyValue(p, vp)));
          } else {
            p.skipChildren();
          }
        }
        b.setKvlistValue(kb);
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

  private interface ElementReader {
    void read(String path) throws IOException;
  }

  /** Moves to the next field of the current object and its value; false at the object's end. */
  private static boolean nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return false;
    }
    p.nextToken();
    return true;
  }

  /** Whether the current field is {@code camel}, or its snake_case spelling. */
  private static boolean is(JsonParser p, String camel) throws IOException {
    String name = p.currentName();
    if (name.equals(camel)) {
      return true;
    }
    if (name.indexOf('_') < 0 || name.length() <= camel.length()) {
      return false;
    }
    int j = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i + 1 < name.length()) {
        c = Character.toUpperCase(name.charAt(++i));
      }
      if (j >= camel.length() || camel.charAt(j++) != c) {
        return false;
      }
    }
    return j == camel.length();
  }

  private static boolean skipNull(JsonParser p) {
    return p.currentToken() == JsonToken.VALUE_NULL;
  }

  private static void expectObject(JsonParser p, String path) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw wrongType(path, "an object");
    }
  }

  private static void forEachElement(JsonParser p, String path, ElementReader reader)
      throws IOException {
    if (skipNull(p)) {
      return;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(path, "an array");
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      reader.read(path + "[" + i++ + "]");
    }
  }

  private static String string(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> "";
      default -> throw wrongType(path, "a string");
    };
  }

  private static boolean bool(JsonParser p, String path) {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw wrongType(path, "a boolean");
    };
  }

  private static long int64(JsonParser p, String path) throws IOException {
    String text =
        switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
          case VALUE_NULL -> "0";
          default -> throw wrongType(path, "an integer (a number or a decimal string)");
        };
    try {
      // uint64 values above Long.MAX_VALUE arrive as decimal strings.
      return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "an integer (a number or a decimal string)");
    }
  }

  /** A {@code uint64} or {@code fixed64}: a negative number is not one. */
  private static long uint64(JsonParser p, String path) throws IOException {
    String text =
        switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
          case VALUE_NULL -> "0";
          default -> throw wrongType(path, "an unsigned integer (a number or a decimal string)");
        };
    try {
      if (text.startsWith("-") || text.startsWith("+")) {
        throw new NumberFormatException(text);
      }
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "an unsigned integer (a number or a decimal string)");
    }
  }

  private static double dbl(JsonParser p, String path) throws IOException {
    switch (p.currentToken()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_STRING -> {
        // The proto3 JSON mapping writes special values, and may write any double, as strings.
        String s = p.getText();
        switch (s) {
          case "NaN" -> {
            return Double.NaN;
          }
          case "Infinity" -> {
            return Double.POSITIVE_INFINITY;
          }
          case "-Infinity" -> {
            return Double.NEGATIVE_INFINITY;
          }
          default -> {
            try {
              return Double.parseDouble(s);
            } catch (NumberFormatException e) {
              throw wrongType(path, "a number");
            }
          }
        }
      }
      case VALUE_NULL -> {
        return 0;
      }
      default -> throw wrongType(path, "a number");
    }
  }

  private static HttpProblem wrongType(String path, String expected) {
    return HttpProblem.badRequest(path, path + " must be " + expected);
  }
}
