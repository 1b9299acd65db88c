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
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Object root;
    try (JsonParser p = BoundedJson.parser(factory, body)) {
      if (p.nextToken() == null) {
        throw LimitProblems.malformed("JSON", "the body is empty");
      }
      root = read(p);
      if (p.nextToken() != null) {
        throw LimitProblems.malformed("JSON", "content after the request object");
      }
    } catch (IOException e) {
      throw BoundedJson.problem(e, limits);
    }
    return request(object(root, "$"));
  }

  // ---- a small tree: Map, List, String, Number (as its text), Boolean, null ----

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          p.nextToken();
          m.put(k, read(p));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(read(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Num(p.getText());
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      default -> {
        return null;
      }
    }
  }

  private record Num(String text) {}

  private static ExportMetricsServiceRequest request(Map<String, Object> m) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    List<Object> rms = array(get(m, "resourceMetrics"), "resourceMetrics");
    for (int i = 0; i < rms.size(); i++) {
      String path = "resourceMetrics[" + i + "]";
      Map<String, Object> rm = object(rms.get(i), path);
      ResourceMetrics.Builder rmb = ResourceMetrics.newBuilder();
      Object res = get(rm, "resource");
      if (res != null) {
        Map<String, Object> r = object(res, path + ".resource");
        rmb.setResource(
            Resource.newBuilder()
                .addAllAttributes(attributes(get(r, "attributes"), path + ".resource.attributes")));
      }
      List<Object> sms = array(get(rm, "scopeMetrics"), path + ".scopeMetrics");
      for (int j = 0; j < sms.size(); j++) {
        String sp = path + ".scopeMetrics[" + j + "]";
        Map<String, Object> sm = object(sms.get(j), sp);
        ScopeMetrics.Builder smb = ScopeMetrics.newBuilder();
        List<Object> ms = array(get(sm, "metrics"), sp + ".metrics");
        for (int k = 0; k < ms.size(); k++) {
          smb.addMetrics(
              metric(object(ms.get(k), sp + ".metrics[" + k + "]"), sp + ".metrics[" + k + "]"));
        }
        rmb.addScopeMetrics(smb);
      }
      b.addResourceMetrics(rmb);
    }
    return b.build();
  }

  private static Metric metric(Map<String, Object> m, String path) {
    Metric.Builder b =
        Metric.newBuilder()
            .setName(string(get(m, "name"), path + ".name"))
            .setUnit(string(get(m, "unit"), path + ".unit"));
    Object sum = get(m, "sum");
    Object hist = get(m, "histogram");
    if (sum != null) {
      Map<String, Object> s = object(sum, path + ".sum");
      Sum.Builder sb =
          Sum.newBuilder()
              .setIsMonotonic(bool(get(s, "isMonotonic"), path + ".sum.isMonotonic"))
              .setAggregationTemporality(
                  temporality(get(s, "aggregationTemporality"), path + ".sum"));
      List<Object> dps = array(get(s, "dataPoints"), path + ".sum.dataPoints");
      for (int i = 0; i < dps.size(); i++) {
        sb.addDataPoints(
            numberPoint(
                object(dps.get(i), path + ".sum.dataPoints[" + i + "]"),
                path + ".sum.dataPoints[" + i + "]"));
      }
      b.setSum(sb);
    } else if (hist != null) {
      Map<String, Object> h = object(hist, path + ".histogram");
      Histogram.Builder hb =
          Histogram.newBuilder()
              .setAggregationTemporality(
                  temporality(get(h, "aggregationTemporality"), path + ".histogram"));
      List<Object> dps = array(get(h, "dataPoints"), path + ".histogram.dataPoints");
      for (int i = 0; i < dps.size(); i++) {
        hb.addDataPoints(
            histogramPoint(
                object(dps.get(i), path + ".histogram.dataPoints[" + i + "]"),
                path + ".histogram.dataPoints[" + i + "]"));
      }
      b.setHistogram(hb);
    } else {
      // Kinds Burnrate does not use: keep how many points they had, so they are reported rejected.
      for (String kind : List.of("gauge", "summary", "exponentialHistogram")) {
        Object o = get(m, kind);
        if (o != null) {
          int n =
              array(
                      get(object(o, path + "." + kind), "dataPoints"),
                      path + "." + kind + ".dataPoints")
                  .size();
          Gauge.Builder g = Gauge.newBuilder();
          for (int i = 0; i < n; i++) {
            g.addDataPoints(NumberDataPoint.getDefaultInstance());
          }
          switch (kind) {
            case "gauge" -> b.setGauge(g);
            case "summary" -> {
              var s = io.opentelemetry.proto.metrics.v1.Summary.newBuilder();
              for (int i = 0; i < n; i++) {
                s.addDataPoints(
                    io.opentelemetry.proto.metrics.v1.SummaryDataPoint.getDefaultInstance());
              }
              b.setSummary(s);
            }
            default -> {
              var e = io.opentelemetry.proto.metrics.v1.ExponentialHistogram.newBuilder();
              for (int i = 0; i < n; i++) {
                e.addDataPoints(
                    io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint
                        .getDefaultInstance());
              }
              b.setExponentialHistogram(e);
            }
          }
          break;
        }
      }
    }
    return b.build();
  }

  private static NumberDataPoint numberPoint(Map<String, Object> m, String path) {
    NumberDataPoint.Builder b =
        NumberDataPoint.newBuilder()
            .addAllAttributes(attributes(get(m, "attributes"), path + ".attributes"))
            .setStartTimeUnixNano(int64(get(m, "startTimeUnixNano"), path + ".startTimeUnixNano"))
            .setTimeUnixNano(int64(get(m, "timeUnixNano"), path + ".timeUnixNano"))
            .setFlags((int) int64(get(m, "flags"), path + ".flags"));
    Object asInt = get(m, "asInt");
    Object asDouble = get(m, "asDouble");
    if (asInt != null) {
      b.setAsInt(int64(asInt, path + ".asInt"));
    } else if (asDouble != null) {
      b.setAsDouble(dbl(asDouble, path + ".asDouble"));
    }
    return b.build();
  }

  private static HistogramDataPoint histogramPoint(Map<String, Object> m, String path) {
    HistogramDataPoint.Builder b =
        HistogramDataPoint.newBuilder()
            .addAllAttributes(attributes(get(m, "attributes"), path + ".attributes"))
            .setStartTimeUnixNano(int64(get(m, "startTimeUnixNano"), path + ".startTimeUnixNano"))
            .setTimeUnixNano(int64(get(m, "timeUnixNano"), path + ".timeUnixNano"))
            .setCount(int64(get(m, "count"), path + ".count"))
            .setFlags((int) int64(get(m, "flags"), path + ".flags"));
    Object sum = get(m, "sum");
    if (sum != null) {
      b.setSum(dbl(sum, path + ".sum"));
    }
    List<Object> counts = array(get(m, "bucketCounts"), path + ".bucketCounts");
    for (int i = 0; i < counts.size(); i++) {
      b.addBucketCounts(int64(counts.get(i), path + ".bucketCounts[" + i + "]"));
    }
    List<Object> bounds = array(get(m, "explicitBounds"), path + ".explicitBounds");
    for (int i = 0; i < bounds.size(); i++) {
      b.addExplicitBounds(dbl(bounds.get(i), path + ".explicitBounds[" + i + "]"));
    }
    return b.build();
  }

  private static List<KeyValue> attributes(Object o, String path) {
    List<Object> l = array(o, path);
    List<KeyValue> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      Map<String, Object> kv = object(l.get(i), path + "[" + i + "]");
      out.add(
          KeyValue.newBuilder()
              .setKey(string(get(kv, "key"), path + "[" + i + "].key"))
              .setValue(anyValue(get(kv, "value"), path + "[" + i + "].value"))
              .build());
    }
    return out;
  }

  private static AnyValue anyValue(Object o, String path) {
    if (o == null) {
      return AnyValue.getDefaultInstance();
    }
    Map<String, Object> m = object(o, path);
    AnyValue.Builder b = AnyValue.newBuilder();
    if (get(m, "stringValue") != null) {
      b.setStringValue(string(get(m, "stringValue"), path + ".stringValue"));
    } else if (get(m, "boolValue") != null) {
      b.setBoolValue(bool(get(m, "boolValue"), path + ".boolValue"));
    } else if (get(m, "intValue") != null) {
      b.setIntValue(int64(get(m, "intValue"), path + ".intValue"));
    } else if (get(m, "doubleValue") != null) {
      b.setDoubleValue(dbl(get(m, "doubleValue"), path + ".doubleValue"));
    } else if (get(m, "bytesValue") != null) {
      String s = string(get(m, "bytesValue"), path + ".bytesValue");
      try {
        b.setBytesValue(ByteString.copyFrom(java.util.Base64.getDecoder().decode(s)));
      } catch (IllegalArgumentException e) {
        throw wrongType(path + ".bytesValue", "base64 bytes");
      }
    } else if (get(m, "arrayValue") != null) {
      Map<String, Object> a = object(get(m, "arrayValue"), path + ".arrayValue");
      List<Object> values = array(get(a, "values"), path + ".arrayValue.values");
      ArrayValue.Builder ab = ArrayValue.newBuilder();
      for (int i = 0; i < values.size(); i++) {
        ab.addValues(anyValue(values.get(i), path + ".arrayValue.values[" + i + "]"));
      }
      b.setArrayValue(ab);
    } else if (get(m, "kvlistValue") != null) {
      Map<String, Object> kl = object(get(m, "kvlistValue"), path + ".kvlistValue");
      b.setKvlistValue(
          KeyValueList.newBuilder()
              .addAllValues(attributes(get(kl, "values"), path + ".kvlistValue.values")));
    }
    return b.build();
  }

  private static AggregationTemporality temporality(Object o, String path) {
    if (o == null) {
      return AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
    }
    if (o instanceof String s) {
      // Enums are integers in OTLP JSON; accept the proto names too.
      try {
        return AggregationTemporality.valueOf(s);
      } catch (IllegalArgumentException e) {
        throw wrongType(path + ".aggregationTemporality", "an AggregationTemporality");
      }
    }
    long v = int64(o, path + ".aggregationTemporality");
    AggregationTemporality t = AggregationTemporality.forNumber((int) v);
    return t == null ? AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED : t;
  }

  // ---- typed access with the path in every error ----

  /** A key in lowerCamelCase, or its snake_case spelling. */
  private static Object get(Map<String, Object> m, String camel) {
    Object v = m.get(camel);
    if (v == null) {
      StringBuilder snake = new StringBuilder();
      for (char c : camel.toCharArray()) {
        if (Character.isUpperCase(c)) {
          snake.append('_').append(Character.toLowerCase(c));
        } else {
          snake.append(c);
        }
      }
      v = m.get(snake.toString());
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String path) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw wrongType(path, "an object");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> array(Object o, String path) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw wrongType(path, "an array");
  }

  private static String string(Object o, String path) {
    if (o == null) {
      return "";
    }
    if (o instanceof String s) {
      return s;
    }
    throw wrongType(path, "a string");
  }

  private static boolean bool(Object o, String path) {
    if (o == null) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    throw wrongType(path, "a boolean");
  }

  private static long int64(Object o, String path) {
    if (o == null) {
      return 0;
    }
    String text;
    if (o instanceof String s) {
      text = s;
    } else if (o instanceof Num n) {
      text = n.text();
    } else {
      throw wrongType(path, "an integer (a number or a decimal string)");
    }
    try {
      // uint64 values above Long.MAX_VALUE arrive as decimal strings.
      return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "an integer (a number or a decimal string)");
    }
  }

  private static double dbl(Object o, String path) {
    if (o == null) {
      return 0;
    }
    String text;
    if (o instanceof Num n) {
      text = n.text();
    } else if (o instanceof String s) {
      // The proto3 JSON mapping writes special values as strings.
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
        default -> text = s;
      }
    } else {
      throw wrongType(path, "a number");
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw wrongType(path, "a number");
    }
  }

  private static HttpProblem wrongType(String path, String expected) {
    return HttpProblem.badRequest(path, path + " must be " + expected);
  }
}
