package dev.burnrate.ingest.otlp;

import com.google.protobuf.ByteString;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.CounterValues;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.limits.LimitProblems;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.SeriesLabels;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.pipeline.TimeBounds;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an OTLP metrics export into Prometheus series and matches them: monotonic sums become
 * {@code <name>_total} counters, explicit-bucket histograms become cumulative {@code _bucket{le}},
 * {@code _count} and {@code _sum} series; {@code service.name} becomes {@code job} (prefixed by
 * {@code service.namespace/}), {@code service.instance.id} becomes {@code instance}, and data point
 * attributes become labels. Other metric kinds are counted as rejected data points.
 */
public final class OtlpTranslator {
  private static final int NO_RECORDED_VALUE = 1;

  private OtlpTranslator() {}

  /**
   * What the export carried and what was rejected.
   *
   * @param series series produced, matched or not
   * @param samples samples produced, matched or not
   * @param rejectedDataPoints data points Burnrate cannot use (gauges, non-monotonic sums, ...)
   * @param errorMessage why they were rejected; empty when none was
   */
  public record Translated(
      long series, long samples, long rejectedDataPoints, String errorMessage) {}

  /**
   * Translates and matches the export, adding matched samples to {@code out}.
   *
   * @throws HttpProblem 400 for a label limit, 413 for the series and sample limits
   */
  public static Translated translate(
      ExportMetricsServiceRequest request,
      IngestLimits limits,
      SelectorIndex index,
      Clock clock,
      BatchBuilder out) {
    return translate(request, limits, index, clock, Optional.empty(), out);
  }

  /**
   * Translates and matches the export, adding matched samples to {@code out}; points whose time the
   * store would not take ({@code bounds}) are counted as rejected data points instead.
   *
   * @throws HttpProblem 400 for a label limit, 413 for the series and sample limits
   */
  public static Translated translate(
      ExportMetricsServiceRequest request,
      IngestLimits limits,
      SelectorIndex index,
      Clock clock,
      Optional<TimeBounds> bounds,
      BatchBuilder out) {
    Counter counter = new Counter(limits);
    Times times = new Times(bounds, clock.millis());
    Map<String, Long> rejected = new LinkedHashMap<>();
    SeriesLabels labels = new SeriesLabels();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      String job = null;
      String instance = null;
      String namespace = null;
      for (KeyValue kv : rm.getResource().getAttributesList()) {
        switch (kv.getKey()) {
          case "service.name" -> job = text(kv.getValue());
          case "service.namespace" -> namespace = text(kv.getValue());
          case "service.instance.id" -> instance = text(kv.getValue());
          default -> {}
        }
      }
      if (job != null && namespace != null && !namespace.isEmpty()) {
        job = namespace + "/" + job;
      }
      Resource resource = new Resource(job, instance);
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          translateMetric(
              metric, resource, limits, index, clock, times, counter, labels, rejected, out);
        }
      }
    }
    long rejectedPoints = 0;
    List<String> reasons = new ArrayList<>();
    for (Map.Entry<String, Long> e : rejected.entrySet()) {
      rejectedPoints += e.getValue();
      if (reasons.size() < 10) {
        reasons.add(e.getKey() + " (" + e.getValue() + " points)");
      }
    }
    String message = String.join("; ", reasons);
    if (rejected.size() > reasons.size()) {
      message += "; and " + (rejected.size() - reasons.size()) + " more";
    }
    return new Translated(counter.series, counter.samples, rejectedPoints, message);
  }

  record Resource(String job, String instance) {}

  private static void translateMetric(
      Metric metric,
      Resource resource,
      IngestLimits limits,
      SelectorIndex index,
      Clock clock,
      Times times,
      Counter counter,
      SeriesLabels labels,
      Map<String, Long> rejected,
      BatchBuilder out) {
    String otelName = metric.getName();
    switch (metric.getDataCase()) {
      case SUM -> {
        var sum = metric.getSum();
        if (!sum.getIsMonotonic()) {
          reject(
              rejected, otelName, "non-monotonic sums are not counters", sum.getDataPointsCount());
          return;
        }
        Temporality t = temporality(sum.getAggregationTemporality());
        if (t == null) {
          reject(
              rejected, otelName, "aggregation temporality unspecified", sum.getDataPointsCount());
          return;
        }
        String name = OtlpNames.metricName(otelName, metric.getUnit(), OtlpNames.Kind.COUNTER);
        boolean selected = index.selects(name);
        for (NumberDataPoint p : sum.getDataPointsList()) {
          counter.add(1, 1);
          if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
            continue;
          }
          double v =
              p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
          if (!CounterValues.accepted(v)) {
            reject(
                rejected,
                otelName,
                (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? "asInt" : "asDouble")
                    + " of a monotonic sum must be "
                    + CounterValues.RULE,
                1);
            continue;
          }
          long ts = millis(p.getTimeUnixNano(), clock);
          if (!times.accepts(ts)) {
            reject(rejected, otelName, times.reason(), 1);
            continue;
          }
          fillLabels(labels, p.getAttributesList(), resource, limits);
          if (!selected) {
            continue;
          }
          List<Contribution> c = index.match(name, labels);
          if (!c.isEmpty()) {
            out.add(labels.seriesKey(name), t, c, ts, v);
          }
        }
      }
      case HISTOGRAM -> {
        var h = metric.getHistogram();
        Temporality t = temporality(h.getAggregationTemporality());
        if (t == null) {
          reject(rejected, otelName, "aggregation temporality unspecified", h.getDataPointsCount());
          return;
        }
        String base = OtlpNames.metricName(otelName, metric.getUnit(), OtlpNames.Kind.HISTOGRAM);
        String bucketName = base + "_bucket";
        String countName = base + "_count";
        String sumName = base + "_sum";
        boolean selected =
            index.selects(bucketName) || index.selects(countName) || index.selects(sumName);
        for (HistogramDataPoint p : h.getDataPointsList()) {
          int bounds = p.getExplicitBoundsCount();
          int buckets = p.getBucketCountsCount();
          if (buckets != 0 && buckets != bounds + 1) {
            reject(
                rejected,
                otelName,
                "a histogram point needs one bucket count more than its bounds",
                1);
            continue;
          }
          counter.add(2 + (buckets == 0 ? 0 : buckets), 2 + (buckets == 0 ? 0 : buckets));
          if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
            continue;
          }
          String invalid = invalidHistogramField(p);
          if (invalid != null) {
            reject(
                rejected, otelName, invalid + " of a histogram point must be " + rule(invalid), 1);
            continue;
          }
          long ts = millis(p.getTimeUnixNano(), clock);
          if (!times.accepts(ts)) {
            reject(rejected, otelName, times.reason(), 1);
            continue;
          }
          fillLabels(labels, p.getAttributesList(), resource, limits);
          if (!selected) {
            continue;
          }
          add(index, out, countName, labels, t, ts, p.getCount());
          if (p.hasSum()) {
            add(index, out, sumName, labels, t, ts, p.getSum());
          }
          if (buckets > 0 && index.selects(bucketName)) {
            if (labels.size() + 1 > limits.maxLabelsPerSeries()) {
              throw LimitProblems.overLimit(
                  "maxLabelsPerSeries",
                  limits.maxLabelsPerSeries(),
                  "a bucket series with " + (labels.size() + 1) + " labels");
            }
            // Each count is at most 2^53 and so is their sum (checked above): no overflow.
            long cumulative = 0;
            for (int i = 0; i <= bounds; i++) {
              cumulative += p.getBucketCounts(i);
              String le = i < bounds ? formatBound(p.getExplicitBounds(i)) : "+Inf";
              labels.add("le", le);
              add(index, out, bucketName, labels, t, ts, cumulative);
              labels.removeLast();
            }
          }
        }
      }
      case GAUGE ->
          reject(
              rejected,
              otelName,
              "gauges are not counters",
              metric.getGauge().getDataPointsCount());
      case SUMMARY ->
          reject(
              rejected,
              otelName,
              "summaries are not supported",
              metric.getSummary().getDataPointsCount());
      case EXPONENTIAL_HISTOGRAM ->
          reject(
              rejected,
              otelName,
              "exponential histograms are not supported",
              metric.getExponentialHistogram().getDataPointsCount());
      case DATA_NOT_SET -> {}
    }
  }

  /**
   * The first field of a histogram point that cannot be a counter (count and bucket counts are
   * unsigned 64-bit integers, read as such; their sum too must stay at most 2^53), or null.
   */
  private static String invalidHistogramField(HistogramDataPoint p) {
    if (!CounterValues.acceptedCount(p.getCount())) {
      return "count";
    }
    if (p.hasSum() && !CounterValues.accepted(p.getSum())) {
      return "sum";
    }
    long cumulative = 0;
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      long n = p.getBucketCounts(i);
      if (!CounterValues.acceptedCount(n)) {
        return "bucketCounts";
      }
      cumulative += n;
      if (!CounterValues.acceptedCount(cumulative)) {
        return "bucketCounts (their sum)";
      }
    }
    return null;
  }

  private static String rule(String field) {
    return field.equals("sum") ? CounterValues.RULE : "an unsigned integer up to 2^53";
  }

  private static void add(
      SelectorIndex index,
      BatchBuilder out,
      String name,
      SeriesLabels labels,
      Temporality t,
      long ts,
      double v) {
    List<Contribution> c = index.match(name, labels);
    if (!c.isEmpty()) {
      out.add(labels.seriesKey(name), t, c, ts, v);
    }
  }

  /**
   * Sets {@code labels} to a point's attributes as labels, then the resource's {@code job} and
   * {@code instance}. Attributes are read one at a time and the first one that breaks a limit ends
   * the reading, so a point with 100,000 attributes costs no more than one just over the limit;
   * attributes that map to one label name join their values in the order of their keys (one sort
   * per such name: O(n log n) in all).
   *
   * @throws HttpProblem 400 for an empty key or a label limit
   */
  static void fillLabels(
      SeriesLabels labels, List<KeyValue> attributes, Resource resource, IngestLimits limits) {
    labels.clear();
    int maxLabels = limits.maxLabelsPerSeries();
    int maxValue = limits.maxLabelValueLength();
    // Label name -> the attributes that map to it, and the joined value's UTF-8 length so far.
    Map<String, Merged> byName = new HashMap<>();
    int n = attributes.size();
    for (int i = 0; i < n; i++) {
      KeyValue kv = attributes.get(i);
      String name = OtlpNames.labelName(kv.getKey());
      if (name.isEmpty()) {
        throw HttpProblem.badRequest("attributes", "an attribute has an empty key");
      }
      String value = text(kv.getValue());
      Merged m = byName.get(name);
      if (m == null) {
        if (byName.size() == maxLabels) {
          throw LimitProblems.overLimit(
              "maxLabelsPerSeries",
              maxLabels,
              "a series with more than " + maxLabels + " labels (attribute " + (i + 1) + ")");
        }
        if (utf8Length(name) > limits.maxLabelNameLength()) {
          throw LimitProblems.overLimit(
              "maxLabelNameLength",
              limits.maxLabelNameLength(),
              "the label name " + abbreviate(name));
        }
        m = new Merged(kv.getKey(), value);
        byName.put(name, m);
      } else {
        m.add(kv.getKey(), value);
      }
      if (m.length > maxValue) {
        throw LimitProblems.overLimit(
            "maxLabelValueLength", maxValue, "the value of label " + abbreviate(name));
      }
    }
    List<String> names = new ArrayList<>(byName.keySet());
    names.sort(null);
    for (String name : names) {
      labels.add(name, byName.get(name).value());
    }
    if (resource.job() != null) {
      labels.put("job", resource.job());
    }
    if (resource.instance() != null) {
      labels.put("instance", resource.instance());
    }
    if (labels.size() > maxLabels) {
      throw LimitProblems.overLimit(
          "maxLabelsPerSeries", maxLabels, "a series with " + labels.size() + " labels");
    }
    for (String resourceLabel : new String[] {"job", "instance"}) {
      String v = labels.get(resourceLabel);
      if (v != null && utf8Length(v) > maxValue) {
        throw LimitProblems.overLimit(
            "maxLabelValueLength", maxValue, "the value of label " + resourceLabel);
      }
    }
  }

  /** The attributes that map to one label name: their keys and values, and the joined length. */
  private static final class Merged {
    private final List<String> keys = new ArrayList<>(1);
    private final List<String> values = new ArrayList<>(1);
    long length;

    Merged(String key, String value) {
      keys.add(key);
      values.add(value);
      length = utf8Length(value);
    }

    void add(String key, String value) {
      keys.add(key);
      values.add(value);
      length += 1 + utf8Length(value);
    }

    /** The values joined with {@code ;}, ordered by attribute key (stable for equal keys). */
    String value() {
      if (values.size() == 1) {
        return values.get(0);
      }
      Integer[] order = new Integer[values.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparing(keys::get));
      StringBuilder sb = new StringBuilder((int) length);
      for (int i = 0; i < order.length; i++) {
        if (i > 0) {
          sb.append(';');
        }
        sb.append(values.get(order[i]));
      }
      return sb.toString();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return n;
  }

  /** An attribute value as a label value; arrays and maps as JSON, bytes as base64. */
  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> formatBound(v.getDoubleValue());
      case BYTES_VALUE -> base64(v.getBytesValue());
      case ARRAY_VALUE -> {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          json(v.getArrayValue().getValues(i), sb);
        }
        yield sb.append(']').toString();
      }
      case KVLIST_VALUE -> {
        StringBuilder sb = new StringBuilder();
        json(v, sb);
        yield sb.toString();
      }
      default -> "";
    };
  }

  private static void json(AnyValue v, StringBuilder sb) {
    switch (v.getValueCase()) {
      case STRING_VALUE, BYTES_VALUE -> quote(text(v), sb);
      case KVLIST_VALUE -> {
        sb.append('{');
        List<KeyValue> kvs = v.getKvlistValue().getValuesList();
        for (int i = 0; i < kvs.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          quote(kvs.get(i).getKey(), sb);
          sb.append(':');
          json(kvs.get(i).getValue(), sb);
        }
        sb.append('}');
      }
      case VALUE_NOT_SET -> sb.append("null");
      default -> sb.append(text(v));
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private static String base64(ByteString b) {
    return Base64.getEncoder().encodeToString(b.toByteArray());
  }

  /** A bucket bound as Prometheus' OTLP translation writes it: shortest, no exponent. */
  static String formatBound(double d) {
    if (d == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private static Temporality temporality(AggregationTemporality t) {
    return switch (t) {
      case AGGREGATION_TEMPORALITY_CUMULATIVE -> Temporality.CUMULATIVE;
      case AGGREGATION_TEMPORALITY_DELTA -> Temporality.DELTA;
      default -> null;
    };
  }

  private static long millis(long unixNanos, Clock clock) {
    return unixNanos == 0 ? clock.millis() : unixNanos / 1_000_000;
  }

  private static void reject(Map<String, Long> rejected, String metric, String reason, long n) {
    if (n > 0) {
      rejected.merge(metric + ": " + reason, n, Long::sum);
    }
  }

  /** The times the store takes, at the time of the request. */
  private record Times(Optional<TimeBounds> bounds, long nowMs) {
    boolean accepts(long tsMs) {
      return bounds.isEmpty() || bounds.get().accepts(tsMs, nowMs);
    }

    String reason() {
      TimeBounds b = bounds.orElseThrow();
      return "points older than ingest.lateness ("
          + b.lateness()
          + ") or further ahead of the server's clock than ingest.futureTolerance ("
          + b.futureTolerance()
          + ") are not stored";
    }
  }

  /** Counts series and samples against the request limits as they are produced. */
  private static final class Counter {
    final IngestLimits limits;
    long series;
    long samples;

    Counter(IngestLimits limits) {
      this.limits = limits;
    }

    void add(long s, long n) {
      series += s;
      samples += n;
      if (series > limits.maxSeriesPerRequest()) {
        throw LimitProblems.tooLarge(
            "maxSeriesPerRequest", limits.maxSeriesPerRequest(), "the number of series");
      }
      if (samples > limits.maxSamplesPerRequest()) {
        throw LimitProblems.tooLarge(
            "maxSamplesPerRequest", limits.maxSamplesPerRequest(), "the number of samples");
      }
    }
  }
}
