package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Built;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Obj;
import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.yaml.YamlNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps OpenSLO v1 SLI specs (inline or {@code kind: SLI}) and their metric sources to {@link Sli}.
 */
final class OpenSloSliReader extends FieldReader {
  private final OpenSloObjects bound;

  OpenSloSliReader(Diagnostics diagnostics, OpenSloObjects bound) {
    super(diagnostics);
    this.bound = bound;
  }

  Built<Sli> sli(YamlNode spec) {
    knownKeys(spec, Set.of("description", "thresholdMetric", "ratioMetric"));
    bound.description(spec);
    Optional<YamlNode> ratio = spec.getNonNull("ratioMetric");
    Optional<YamlNode> threshold = spec.getNonNull("thresholdMetric");
    if (ratio.isPresent() && threshold.isPresent()) {
      diagnostics.error(
          threshold.get(), "ratioMetric and thresholdMetric are mutually exclusive; give one");
      return Built.failed();
    }
    if (ratio.isEmpty() && threshold.isEmpty()) {
      missing(spec, "ratioMetric", "one of ratioMetric or thresholdMetric");
      return Built.failed();
    }
    if (threshold.isPresent()) {
      if (!expectMap(threshold.get(), "metricSource")
          || metric(threshold.get(), Parse.SYNTAX) == null) {
        return Built.failed();
      }
      return Built.of(thresholdMetric(threshold.get(), "ratioMetric"));
    }
    if (!expectMap(ratio.get(), "counter, good or bad with total, or raw with rawType")) {
      return Built.failed();
    }
    return ratioMetric(ratio.get());
  }

  Built<Sli> ratioMetric(YamlNode r) {
    knownKeys(r, Set.of("counter", "good", "bad", "total", "raw", "rawType"));
    boolean counter = bool(r, "counter").orElse(false);
    Optional<YamlNode> good = r.getNonNull("good");
    Optional<YamlNode> bad = r.getNonNull("bad");
    Optional<YamlNode> total = r.getNonNull("total");
    Optional<YamlNode> raw = r.getNonNull("raw");
    if (raw.isPresent()) {
      for (Optional<YamlNode> other : List.of(good, bad, total)) {
        if (other.isPresent()) {
          diagnostics.error(
              other.get(),
              "raw is mutually exclusive with good, bad and total; give raw with rawType, or"
                  + " total with good or bad");
          return Built.failed();
        }
      }
      Optional<String> rawType =
          string(r, "rawType", true, "success or failure, what the raw ratio measures");
      if (rawType.isPresent() && !Set.of("success", "failure").contains(rawType.get())) {
        diagnostics.error(
            r.get("rawType").orElseThrow(),
            "must be success (good / total) or failure (bad / total), got " + rawType.get());
        return Built.failed();
      }
      if (!expectMap(raw.get(), "metricSource")) {
        return Built.failed();
      }
      MetricQuery q = metric(raw.get(), Parse.NONE);
      if (q == null || rawType.isEmpty()) {
        return Built.failed();
      }
      return rawRatio(q, rawType.get().equals("success"));
    }
    if (r.getNonNull("rawType").isPresent()) {
      diagnostics.warning(r.get("rawType").orElseThrow(), "is ignored without raw");
    }
    if (good.isPresent() && bad.isPresent()) {
      diagnostics.error(bad.get(), "good and bad are mutually exclusive; give one, with total");
      return Built.failed();
    }
    if (good.isEmpty() && bad.isEmpty()) {
      missing(r, "good", "one of good or bad (with total), or raw");
      return Built.failed();
    }
    if (total.isEmpty()) {
      missing(r, "total", "the query that counts all events");
      return Built.failed();
    }
    YamlNode numeratorNode = good.orElseGet(bad::orElseThrow);
    Sli.Kind kind = good.isPresent() ? Sli.Kind.GOOD_OVER_TOTAL : Sli.Kind.BAD_OVER_TOTAL;
    if (!expectMap(numeratorNode, "metricSource") | !expectMap(total.get(), "metricSource")) {
      return Built.failed();
    }
    MetricQuery numerator = metric(numeratorNode, counter ? Parse.BARE_COUNTERS : Parse.COUNTERS);
    MetricQuery denominator = metric(total.get(), counter ? Parse.BARE_COUNTERS : Parse.COUNTERS);
    if (numerator == null || denominator == null) {
      return Built.failed();
    }
    warnOtherSourceType(List.of(numerator, denominator));
    QueryResult n = numerator.result();
    QueryResult d = denominator.result();
    return new Built<>(ratio(kind, n, d));
  }

  Built<Sli> rawRatio(MetricQuery q, boolean success) {
    if (q.query() == null) {
      warnOtherSourceType(List.of(q));
      return switch (q.result()) {
        case QueryResult.Unsupported u -> Built.of(Sli.notEvaluable(Sli.Kind.RAW, u.reason()));
        default -> Built.failed();
      };
    }
    YamlNode text = q.query();
    if (!text.isScalar() || text.scalarText().isBlank()) {
      diagnostics.error(text, "must be a PromQL query as text, got " + text.describe());
      return Built.failed();
    }
    try {
      PromQl.Ratio ratio = PromQl.parseRatio(text.scalarText());
      return Built.of(
          success
              ? Sli.goodOverTotal(ratio.numerator(), ratio.denominator())
              : Sli.badOverTotal(ratio.numerator(), ratio.denominator()));
    } catch (PromQlException e) {
      return switch (queryProblem(text, e)) {
        case QueryResult.Unsupported u -> Built.of(Sli.notEvaluable(Sli.Kind.RAW, u.reason()));
        default -> Built.failed();
      };
    }
  }

  /**
   * A metric's query: for Prometheus sources the query node and its parse, for other sources the
   * reason it is not evaluable (query is null then).
   */
  record MetricQuery(YamlNode query, QueryResult result, YamlNode source) {
    boolean otherSourceType() {
      return query == null && result instanceof QueryResult.Unsupported;
    }
  }

  /** Warns once per SLI about a source Burnrate cannot evaluate, unless a query warning did. */
  void warnOtherSourceType(List<MetricQuery> metrics) {
    boolean warned =
        metrics.stream()
            .anyMatch(m -> m.query() != null && m.result() instanceof QueryResult.Unsupported);
    if (!warned) {
      metrics.stream()
          .filter(MetricQuery::otherSourceType)
          .findFirst()
          .ifPresent(
              m ->
                  diagnostics.warning(
                      m.source(),
                      "the SLI is not evaluable by Burnrate: "
                          + ((QueryResult.Unsupported) m.result()).reason()));
    }
  }

  /** How much of a metric's query to parse. */
  enum Parse {
    NONE,
    SYNTAX,
    COUNTERS,
    BARE_COUNTERS
  }

  MetricQuery metric(YamlNode metric, Parse parse) {
    knownKeys(metric, Set.of("metricSource"));
    Optional<YamlNode> source =
        map(metric, "metricSource", true, "type or metricSourceRef, and spec with the query");
    if (source.isEmpty()) {
      return null;
    }
    YamlNode s = source.get();
    knownKeys(s, Set.of("metricSourceRef", "type", "spec"));
    Optional<String> ref = string(s, "metricSourceRef", false, "the name of a DataSource");
    Optional<String> type = string(s, "type", false, "the source type, such as Prometheus");
    if (ref.isPresent()) {
      YamlNode refNode = s.get("metricSourceRef").orElseThrow();
      Obj ds = bound.objects.get("DataSource").get(ref.get());
      if (ds != null && bound.ambiguous(refNode, "DataSource", ref.get())) {
        return null;
      }
      if (ds == null && type.isPresent()) {
        // The field is optional in OpenSLO and its SDK does not resolve it: type says enough.
        diagnostics.warning(
            refNode,
            "no DataSource named "
                + ref.get()
                + " in the loaded files; the metric's type "
                + type.get()
                + " is used");
      } else if (ds == null) {
        diagnostics.error(
            refNode,
            "no DataSource named "
                + ref.get()
                + " in the loaded files"
                + bound.known("DataSource")
                + "; give the DataSource's file too, or the metric's type");
        return null;
      } else if (type.isEmpty()) {
        type = ds.spec().getNonNull("type").filter(YamlNode::isScalar).map(YamlNode::scalarText);
      }
    }
    if (type.isEmpty()) {
      if (ref.isEmpty()) {
        missing(s, "type", "the source type (such as Prometheus) or a metricSourceRef");
      }
      return null;
    }
    Optional<YamlNode> spec = map(s, "spec", true, "the query, such as query: sum(rate(...))");
    if (spec.isEmpty()) {
      return null;
    }
    if (!type.get().equalsIgnoreCase("Prometheus")) {
      String reason =
          "its metric source type is "
              + type.get()
              + "; Burnrate evaluates Prometheus queries only";
      return new MetricQuery(null, new QueryResult.Unsupported(reason), s);
    }
    Optional<YamlNode> query =
        spec.get().getNonNull("query").or(() -> spec.get().getNonNull("promql"));
    if (query.isEmpty()) {
      missing(spec.get(), "query", "the PromQL query (spec.query or spec.promql)");
      return null;
    }
    return switch (parse) {
      case NONE -> new MetricQuery(query.get(), new QueryResult.Invalid(), s);
      case SYNTAX -> {
        try {
          PromQl.checkSyntax(query.get().scalarText());
          yield new MetricQuery(query.get(), new QueryResult.Invalid(), s);
        } catch (PromQlException e) {
          queryProblem(query.get(), e);
          yield null;
        }
      }
      case COUNTERS -> new MetricQuery(query.get(), counterQuery(query.get(), false), s);
      case BARE_COUNTERS -> new MetricQuery(query.get(), counterQuery(query.get(), true), s);
    };
  }
}
