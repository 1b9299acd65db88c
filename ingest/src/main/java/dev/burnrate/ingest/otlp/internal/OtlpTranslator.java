package dev.burnrate.ingest.otlp.internal;

import static dev.burnrate.ingest.otlp.internal.OtlpAttributeText.text;
import static dev.burnrate.ingest.otlp.internal.OtlpLabels.fillLabels;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.CounterValues;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.pipeline.TimeBounds;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
  // A point's time when the store would not take it: no epoch millisecond (unix nanos / 10^6) is.
  private static final long REJECTED = Long.MIN_VALUE;

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
    OtlpTranslator t = new OtlpTranslator(limits, index, clock, bounds, out);
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      t.resource = resource(rm);
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          t.translate(metric);
        }
      }
    }
    return t.result();
  }

  record Resource(String job, String instance) {}

  // One request's translation: its limits and matching, what it produced and rejected so far.
  private final IngestLimits limits;
  private final SelectorIndex index;
  private final Clock clock;
  private final Times times;
  private final BatchBuilder out;
  private final Counter counter;
  private final Map<String, Long> rejected = new LinkedHashMap<>();
  private final SeriesLabels labels = new SeriesLabels();
  private Resource resource;

  private OtlpTranslator(
      IngestLimits limits,
      SelectorIndex index,
      Clock clock,
      Optional<TimeBounds> bounds,
      BatchBuilder out) {
    this.limits = limits;
    this.index = index;
    this.clock = clock;
    this.times = new Times(bounds, clock.millis());
    this.out = out;
    this.counter = new Counter(limits);
  }

  private static Resource resource(ResourceMetrics rm) {
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
    return new Resource(job, instance);
  }

  private Translated result() {
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

  private void translate(Metric metric) {
    String otelName = metric.getName();
    switch (metric.getDataCase()) {
      case SUM -> sum(otelName, metric);
      case HISTOGRAM -> histogram(otelName, metric);
      case GAUGE ->
          reject(otelName, "gauges are not counters", metric.getGauge().getDataPointsCount());
      case SUMMARY ->
          reject(otelName, "summaries are not supported", metric.getSummary().getDataPointsCount());
      case EXPONENTIAL_HISTOGRAM ->
          reject(
              otelName,
              "exponential histograms are not supported",
              metric.getExponentialHistogram().getDataPointsCount());
      case DATA_NOT_SET -> {}
    }
  }

  private void sum(String otelName, Metric metric) {
    var sum = metric.getSum();
    if (!sum.getIsMonotonic()) {
      reject(otelName, "non-monotonic sums are not counters", sum.getDataPointsCount());
      return;
    }
    Temporality t = temporality(sum.getAggregationTemporality());
    if (t == null) {
      reject(otelName, "aggregation temporality unspecified", sum.getDataPointsCount());
      return;
    }
    String name = OtlpNames.metricName(otelName, metric.getUnit(), OtlpNames.Kind.COUNTER);
    boolean selected = index.selects(name);
    for (NumberDataPoint p : sum.getDataPointsList()) {
      counter.add(1, 1);
      if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
        continue;
      }
      boolean asInt = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT;
      double v = asInt ? p.getAsInt() : p.getAsDouble();
      if (!CounterValues.accepted(v)) {
        reject(
            otelName,
            (asInt ? "asInt" : "asDouble") + " of a monotonic sum must be " + CounterValues.RULE,
            1);
        continue;
      }
      long ts = timeAndLabels(otelName, p.getTimeUnixNano(), p.getAttributesList());
      if (ts != REJECTED && selected) {
        add(name, t, ts, v);
      }
    }
  }

  private void histogram(String otelName, Metric metric) {
    var h = metric.getHistogram();
    Temporality t = temporality(h.getAggregationTemporality());
    if (t == null) {
      reject(otelName, "aggregation temporality unspecified", h.getDataPointsCount());
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
        reject(otelName, "a histogram point needs one bucket count more than its bounds", 1);
        continue;
      }
      counter.add(2 + (buckets == 0 ? 0 : buckets), 2 + (buckets == 0 ? 0 : buckets));
      if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
        continue;
      }
      String invalid = invalidHistogramField(p);
      if (invalid != null) {
        reject(otelName, invalid + " of a histogram point must be " + rule(invalid), 1);
        continue;
      }
      long ts = timeAndLabels(otelName, p.getTimeUnixNano(), p.getAttributesList());
      if (ts == REJECTED || !selected) {
        continue;
      }
      add(countName, t, ts, p.getCount());
      if (p.hasSum()) {
        add(sumName, t, ts, p.getSum());
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
          labels.add("le", i < bounds ? formatBound(p.getExplicitBounds(i)) : "+Inf");
          add(bucketName, t, ts, cumulative);
          labels.removeLast();
        }
      }
    }
  }

  /**
   * A point's time in epoch milliseconds, with its labels filled in; {@link #REJECTED} (and the
   * point counted as rejected) when the store would not take that time.
   */
  private long timeAndLabels(String otelName, long timeUnixNano, List<KeyValue> attributes) {
    long ts = timeUnixNano == 0 ? clock.millis() : timeUnixNano / 1_000_000;
    if (!times.accepts(ts)) {
      reject(otelName, times.reason(), 1);
      return REJECTED;
    }
    fillLabels(labels, attributes, resource, limits);
    return ts;
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

  private void add(String name, Temporality t, long ts, double v) {
    List<Contribution> c = index.match(name, labels);
    if (!c.isEmpty()) {
      out.add(labels.seriesKey(name), t, c, ts, v);
    }
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

  private void reject(String metric, String reason, long n) {
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
