package dev.burnrate.slo.spec.internal;

import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.slo.spec.AlertRule;
import dev.burnrate.slo.spec.BudgetingMethod;
import dev.burnrate.slo.spec.Durations;
import dev.burnrate.slo.spec.Severity;
import dev.burnrate.slo.spec.Sli;
import dev.burnrate.slo.spec.SloSpec;
import dev.burnrate.slo.spec.TimeSlices;
import dev.burnrate.slo.spec.TimeWindow;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads OpenSLO v1 objects. Objects are first collected from every file, then SLOs are built, so
 * that {@code indicatorRef}, {@code alertPolicyRef}, {@code conditionRef}, {@code targetRef} and
 * {@code metricSourceRef} may point into other files of the same load.
 */
final class OpenSloReader extends FieldReader {
  static final List<String> KINDS =
      List.of(
          "SLO",
          "SLI",
          "Service",
          "DataSource",
          "AlertPolicy",
          "AlertCondition",
          "AlertNotificationTarget");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_DESCRIPTION = 1050;
  private static final Set<String> OPS = Set.of("lt", "lte", "gt", "gte");

  /**
   * One OpenSLO object, as read; {@code nameValid} is false when its name broke OpenSLO's rule (the
   * error is reported, the rest of the object is still checked so that every error shows).
   */
  record Obj(
      String kind,
      String name,
      YNode node,
      YNode metadata,
      YNode spec,
      Map<String, String> labels,
      Map<String, String> annotations,
      boolean nameValid) {}

  /** A built value, or the fact that building failed (the errors are already reported). */
  private record Built<T>(Optional<T> value) {
    <U> Built<U> map(java.util.function.Function<T, U> f) {
      return new Built<>(value.map(f));
    }

    static <T> Built<T> of(T v) {
      return new Built<>(Optional.of(v));
    }

    static <T> Built<T> failed() {
      return new Built<>(Optional.empty());
    }
  }

  private final Map<String, Map<String, Obj>> objects = new HashMap<>();
  // Objects whose name repeats one of the same kind: checked, and references to them ambiguous.
  private final List<Obj> repeated = new ArrayList<>();
  private final Map<String, Built<Sli>> slis = new HashMap<>();
  private final Map<String, Built<Optional<AlertRule>>> conditions = new HashMap<>();
  private final Map<String, Built<List<AlertRule>>> policies = new HashMap<>();
  private boolean brokenPolicy;

  OpenSloReader(Diagnostics diagnostics) {
    super(diagnostics);
    for (String k : KINDS) {
      objects.put(k, new LinkedHashMap<>());
    }
  }

  /** Reads an object's header and indexes it; returns it when it is an SLO to build later. */
  Optional<Obj> add(YNode node) {
    knownKeys(node, Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<String> kind = string(node, "kind", true, "one of " + String.join(", ", KINDS));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (!KINDS.contains(kind.get())) {
      diagnostics.error(
          node.get("kind").orElseThrow(),
          "unknown kind " + kind.get() + "; OpenSLO v1 kinds are " + String.join(", ", KINDS));
      return Optional.empty();
    }
    Optional<Obj> obj = header(node, kind.get());
    if (obj.isEmpty()) {
      return Optional.empty();
    }
    Obj o = obj.get();
    Obj previous = objects.get(o.kind()).get(o.name());
    if (o.kind().equals("SLO")) {
      // SLO names are checked once the SLOs are built, across formats and objectives.
      return obj;
    }
    if (previous != null) {
      // OpenSLO has no uniqueness rule (its SDK's examples repeat a Service name); only a
      // reference to the name is ambiguous, and that is an error where it is made.
      diagnostics.warning(
          o.metadata().get("name").orElseThrow(),
          o.kind()
              + " "
              + o.name()
              + " is also defined at "
              + previous.node().location()
              + "; a reference to this name would be ambiguous");
      repeated.add(o);
      return Optional.empty();
    }
    objects.get(o.kind()).put(o.name(), o);
    return Optional.empty();
  }

  private Optional<Obj> header(YNode node, String kind) {
    Optional<YNode> metadata =
        map(node, "metadata", true, "name, displayName, labels, annotations");
    // A Service needs nothing but its name; files often leave its spec out.
    boolean specRequired = !kind.equals("Service");
    Optional<YNode> spec = map(node, "spec", specRequired, "the " + kind + "'s fields");
    if (spec.isEmpty() && !specRequired && node.getNonNull("spec").isEmpty()) {
      spec = Optional.of(node.emptyChild("spec"));
    }
    if (metadata.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name = metadataName(metadata.get());
    Map<String, String> labels = labels(metadata.get(), "labels");
    Map<String, String> annotations = labels(metadata.get(), "annotations");
    if (name.isEmpty() || spec.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Obj(
            kind,
            name.get(),
            node,
            metadata.get(),
            spec.get(),
            labels,
            annotations,
            NAME.matcher(name.get()).matches()));
  }

  private Optional<String> metadataName(YNode metadata) {
    knownKeys(metadata, Set.of("name", "displayName", "labels", "annotations"));
    string(metadata, "displayName", false, "a human-readable name");
    Optional<String> name = string(metadata, "name", true, "the object's name");
    if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
      diagnostics.error(
          metadata.get("name").orElseThrow(),
          "must be a DNS label as OpenSLO requires: at most 63 lowercase letters, digits or '-',"
              + " starting and ending with a letter or digit, got "
              + metadata.get("name").orElseThrow().describe());
    }
    return name;
  }

  /** Builds the SLO specs of one SLO object (one per objective), after the shared objects. */
  List<SloSpec> buildSlo(Obj slo) {
    return sloSpecs(slo);
  }

  /** Checks the objects that are not SLOs, once, before SLOs are built. */
  void checkSharedObjects() {
    for (Obj o : repeated) {
      checkRepeated(o);
    }
    for (Obj o : objects.get("DataSource").values()) {
      knownKeys(o.spec(), Set.of("description", "type", "connectionDetails"));
      description(o.spec());
      string(o.spec(), "type", true, "the data source type, such as Prometheus");
    }
    for (Obj o : objects.get("Service").values()) {
      knownKeys(o.spec(), Set.of("description"));
      description(o.spec());
    }
    for (Obj o : objects.get("AlertNotificationTarget").values()) {
      notificationTarget(o.spec());
    }
    for (Obj o : objects.get("SLI").values()) {
      slis.put(o.name(), sli(o.spec()));
    }
    for (Obj o : objects.get("AlertCondition").values()) {
      conditions.put(o.name(), condition(o).map(r -> r.map(withMetadataOf(o))));
    }
    for (Obj o : objects.get("AlertPolicy").values()) {
      policies.put(
          o.name(), policy(o.spec()).map(rs -> rs.stream().map(withMetadataOf(o)).toList()));
    }
  }

  /** Checks an object whose name repeats another's, so that its own errors are reported. */
  private void checkRepeated(Obj o) {
    switch (o.kind()) {
      case "DataSource" -> {
        knownKeys(o.spec(), Set.of("description", "type", "connectionDetails"));
        description(o.spec());
        string(o.spec(), "type", true, "the data source type, such as Prometheus");
      }
      case "Service" -> {
        knownKeys(o.spec(), Set.of("description"));
        description(o.spec());
      }
      case "AlertNotificationTarget" -> notificationTarget(o.spec());
      case "SLI" -> sli(o.spec());
      case "AlertCondition" -> condition(o);
      default -> policy(o.spec());
    }
  }

  /** Reports a reference to a repeated name; returns whether it is ambiguous. */
  private boolean ambiguous(YNode ref, String kind, String name) {
    List<String> places =
        repeated.stream()
            .filter(o -> o.kind().equals(kind) && o.name().equals(name))
            .map(o -> o.node().location().toString())
            .toList();
    if (places.isEmpty()) {
      return false;
    }
    diagnostics.error(
        ref,
        "ambiguous reference: "
            + (places.size() + 1)
            + " objects of kind "
            + kind
            + " are named "
            + name
            + " (at "
            + objects.get(kind).get(name).node().location()
            + ", "
            + String.join(", ", places)
            + "); rename all but one");
    return true;
  }

  private void description(YNode spec) {
    Optional<String> d = string(spec, "description", false, "free text");
    if (d.isPresent() && d.get().length() > MAX_DESCRIPTION) {
      diagnostics.error(
          spec.get("description").orElseThrow(),
          "is " + d.get().length() + " characters long; OpenSLO allows at most " + MAX_DESCRIPTION);
    }
  }

  private void notificationTarget(YNode spec) {
    knownKeys(spec, Set.of("description", "target"));
    description(spec);
    string(spec, "target", true, "where notifications go, such as a channel or an email address");
  }

  // ---- SLI ----------------------------------------------------------------------------------

  private Built<Sli> sli(YNode spec) {
    knownKeys(spec, Set.of("description", "thresholdMetric", "ratioMetric"));
    description(spec);
    Optional<YNode> ratio = spec.getNonNull("ratioMetric");
    Optional<YNode> threshold = spec.getNonNull("thresholdMetric");
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
      String reason =
          "a thresholdMetric compares single values with a threshold; Burnrate evaluates ratios"
              + " of event counts (ratioMetric)";
      diagnostics.warning(threshold.get(), "the SLI is not evaluable by Burnrate: " + reason);
      return Built.of(Sli.notEvaluable(Sli.Kind.THRESHOLD, reason));
    }
    if (!expectMap(ratio.get(), "counter, good or bad with total, or raw with rawType")) {
      return Built.failed();
    }
    return ratioMetric(ratio.get());
  }

  private Built<Sli> ratioMetric(YNode r) {
    knownKeys(r, Set.of("counter", "good", "bad", "total", "raw", "rawType"));
    boolean counter = bool(r, "counter").orElse(false);
    Optional<YNode> good = r.getNonNull("good");
    Optional<YNode> bad = r.getNonNull("bad");
    Optional<YNode> total = r.getNonNull("total");
    Optional<YNode> raw = r.getNonNull("raw");
    if (raw.isPresent()) {
      for (Optional<YNode> other : List.of(good, bad, total)) {
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
    YNode numeratorNode = good.orElseGet(bad::orElseThrow);
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
    if (n instanceof QueryResult.Invalid || d instanceof QueryResult.Invalid) {
      return Built.failed();
    }
    if (n instanceof QueryResult.Unsupported u) {
      return Built.of(Sli.notEvaluable(kind, u.reason()));
    }
    if (d instanceof QueryResult.Unsupported u) {
      return Built.of(Sli.notEvaluable(kind, u.reason()));
    }
    var num = ((QueryResult.Parsed) n).query();
    var den = ((QueryResult.Parsed) d).query();
    return Built.of(
        kind == Sli.Kind.GOOD_OVER_TOTAL
            ? Sli.goodOverTotal(num, den)
            : Sli.badOverTotal(num, den));
  }

  private Built<Sli> rawRatio(MetricQuery q, boolean success) {
    if (q.query() == null) {
      warnOtherSourceType(List.of(q));
      return switch (q.result()) {
        case QueryResult.Unsupported u -> Built.of(Sli.notEvaluable(Sli.Kind.RAW, u.reason()));
        default -> Built.failed();
      };
    }
    YNode text = q.query();
    if (!text.isScalar() || text.text().isBlank()) {
      diagnostics.error(text, "must be a PromQL query as text, got " + text.describe());
      return Built.failed();
    }
    try {
      PromQl.Ratio ratio = PromQl.parseRatio(text.text());
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
  private record MetricQuery(YNode query, QueryResult result, YNode source) {
    boolean otherSourceType() {
      return query == null && result instanceof QueryResult.Unsupported;
    }
  }

  /** Warns once per SLI about a source Burnrate cannot evaluate, unless a query warning did. */
  private void warnOtherSourceType(List<MetricQuery> metrics) {
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
  private enum Parse {
    NONE,
    SYNTAX,
    COUNTERS,
    BARE_COUNTERS
  }

  private MetricQuery metric(YNode metric, Parse parse) {
    knownKeys(metric, Set.of("metricSource"));
    Optional<YNode> source =
        map(metric, "metricSource", true, "type or metricSourceRef, and spec with the query");
    if (source.isEmpty()) {
      return null;
    }
    YNode s = source.get();
    knownKeys(s, Set.of("metricSourceRef", "type", "spec"));
    Optional<String> ref = string(s, "metricSourceRef", false, "the name of a DataSource");
    Optional<String> type = string(s, "type", false, "the source type, such as Prometheus");
    if (ref.isPresent()) {
      YNode refNode = s.get("metricSourceRef").orElseThrow();
      Obj ds = objects.get("DataSource").get(ref.get());
      if (ds != null && ambiguous(refNode, "DataSource", ref.get())) {
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
                + known("DataSource")
                + "; give the DataSource's file too, or the metric's type");
        return null;
      } else if (type.isEmpty()) {
        type = ds.spec().getNonNull("type").filter(YNode::isScalar).map(YNode::text);
      }
    }
    if (type.isEmpty()) {
      if (ref.isEmpty()) {
        missing(s, "type", "the source type (such as Prometheus) or a metricSourceRef");
      }
      return null;
    }
    Optional<YNode> spec = map(s, "spec", true, "the query, such as query: sum(rate(...))");
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
    Optional<YNode> query =
        spec.get().getNonNull("query").or(() -> spec.get().getNonNull("promql"));
    if (query.isEmpty()) {
      missing(spec.get(), "query", "the PromQL query (spec.query or spec.promql)");
      return null;
    }
    return switch (parse) {
      case NONE -> new MetricQuery(query.get(), new QueryResult.Invalid(), s);
      case SYNTAX -> {
        try {
          PromQl.checkSyntax(query.get().text());
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

  private String known(String kind) {
    Set<String> names = objects.get(kind).keySet();
    return names.isEmpty() ? "; none is defined" : "; defined: " + String.join(", ", sorted(names));
  }

  // ---- alerting -----------------------------------------------------------------------------

  /**
   * Adds an alert policy's or condition's metadata labels and annotations to its rules, for
   * routing; the condition's own win over the policy's.
   */
  private static java.util.function.UnaryOperator<AlertRule> withMetadataOf(Obj o) {
    return r -> {
      Map<String, String> labels = new LinkedHashMap<>(o.labels());
      labels.putAll(r.labels());
      Map<String, String> annotations = new LinkedHashMap<>(o.annotations());
      annotations.putAll(r.annotations());
      return new AlertRule(
          r.name(),
          r.severity(),
          r.longWindow(),
          r.shortWindow(),
          r.factor(),
          r.alertAfter(),
          labels,
          annotations);
    };
  }

  private Built<Optional<AlertRule>> condition(Obj o) {
    return condition(o.name(), o.spec());
  }

  private Built<Optional<AlertRule>> condition(String name, YNode spec) {
    knownKeys(spec, Set.of("description", "severity", "condition"));
    description(spec);
    Optional<String> severity =
        string(spec, "severity", true, "such as page, critical, high or ticket");
    Optional<YNode> c =
        map(spec, "condition", true, "kind, op, threshold, lookbackWindow, alertAfter");
    if (c.isEmpty() || severity.isEmpty()) {
      return Built.failed();
    }
    YNode cond = c.get();
    knownKeys(cond, Set.of("kind", "op", "threshold", "lookbackWindow", "alertAfter"));
    // OpenSLO: kind defaults to burnrate; op is optional (the spec's own examples omit it).
    Optional<String> kind =
        string(cond, "kind", false, "burnrate").or(() -> Optional.of("burnrate"));
    Optional<String> op =
        string(cond, "op", false, "one of gt, gte, lt, lte").or(() -> Optional.of("gte"));
    Optional<Double> threshold =
        number(cond, "threshold", true, "the burn-rate factor, such as 14.4");
    Optional<DurationValue> lookback =
        duration(cond, "lookbackWindow", true, "the long window, such as 1h");
    Optional<DurationValue> after = duration(cond, "alertAfter", false, "such as 5m");
    if (op.isPresent() && !OPS.contains(op.get())) {
      diagnostics.error(
          cond.get("op").orElseThrow(), "must be one of gt, gte, lt, lte, got " + op.get());
      return Built.failed();
    }
    if (threshold.isPresent() && (!(threshold.get() > 0) || threshold.get().isInfinite())) {
      diagnostics.error(
          cond.get("threshold").orElseThrow(),
          "must be a positive burn-rate factor, such as 14.4, got " + threshold.get());
      return Built.failed();
    }
    if (threshold.isEmpty() || lookback.isEmpty()) {
      return Built.failed();
    }
    if (!kind.get().equalsIgnoreCase("burnrate")) {
      diagnostics.warning(
          cond.get("kind").orElseThrow(),
          "only burnrate conditions are evaluated; this " + kind.get() + " condition is ignored");
      return Built.of(Optional.empty());
    }
    if (op.get().startsWith("lt")) {
      diagnostics.warning(
          cond.get("op").orElseThrow(),
          op.get()
              + " would alert while the budget burns slowly; Burnrate alerts when the burn"
              + " rate reaches the threshold, as gte");
    }
    Duration longWindow = lookback.get().toDuration();
    Duration shortWindow = shortWindow(longWindow);
    Severity sev = severity(severity.get());
    return Built.of(
        Optional.of(
            new AlertRule(
                name,
                sev,
                longWindow,
                shortWindow,
                threshold.get(),
                after.map(DurationValue::toDuration).orElse(Duration.ZERO))));
  }

  /** The workbook's short window: 1/12 of the long one, in whole minutes, at least a minute. */
  static Duration shortWindow(Duration longWindow) {
    long minutes = (longWindow.toSeconds() / 12 + 59) / 60;
    return Duration.ofMinutes(Math.max(1, Math.min(minutes, longWindow.toMinutes())));
  }

  static Severity severity(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "critical", "page", "high" -> Severity.PAGE;
      default -> Severity.TICKET;
    };
  }

  private Built<List<AlertRule>> policy(YNode spec) {
    knownKeys(
        spec,
        Set.of(
            "description",
            "alertWhenNoData",
            "alertWhenResolved",
            "alertWhenBreaching",
            "conditions",
            "notificationTargets"));
    description(spec);
    bool(spec, "alertWhenNoData");
    bool(spec, "alertWhenResolved");
    bool(spec, "alertWhenBreaching");
    int before = diagnostics.errorCount();
    Optional<YNode> targets = spec.getNonNull("notificationTargets");
    if (targets.isPresent()) {
      if (!targets.get().isList()) {
        diagnostics.error(targets.get(), "must be a list, got " + targets.get().describe());
      }
      for (YNode t : targets.get().items()) {
        if (!expectMap(t, "targetRef: NAME or an inline AlertNotificationTarget")) {
          continue;
        }
        if (t.getNonNull("targetRef").isPresent()) {
          knownKeys(t, Set.of("targetRef"));
          string(t, "targetRef", true, "the name of an AlertNotificationTarget")
              .filter(
                  n -> !ambiguous(t.get("targetRef").orElseThrow(), "AlertNotificationTarget", n))
              .filter(n -> !objects.get("AlertNotificationTarget").containsKey(n))
              .ifPresent(
                  // Burnrate routes alerts by its own connectors, so a target it cannot see
                  // changes no rule: a warning, where a missing condition is an error.
                  n ->
                      diagnostics.warning(
                          t.get("targetRef").orElseThrow(),
                          "no AlertNotificationTarget named "
                              + n
                              + " in the loaded files"
                              + known("AlertNotificationTarget")
                              + "; Burnrate does not use notification targets"));
        } else {
          inline(t, "AlertNotificationTarget").ifPresent(o -> notificationTarget(o.spec()));
        }
      }
    }
    Optional<YNode> conds = spec.getNonNull("conditions");
    if (conds.isEmpty() || !conds.get().isList() || conds.get().items().isEmpty()) {
      if (conds.isPresent() && !conds.get().isList()) {
        diagnostics.error(conds.get(), "must be a list, got " + conds.get().describe());
      } else if (conds.isPresent()) {
        diagnostics.error(conds.get(), "must list at least one condition (conditionRef or inline)");
      } else {
        missing(spec, "conditions", "a list of at least one condition (conditionRef or inline)");
      }
      return Built.failed();
    }
    if (conds.get().items().size() > 1) {
      diagnostics.warning(
          conds.get(),
          "OpenSLO v1 allows one condition per AlertPolicy; Burnrate makes an alert rule of"
              + " each");
    }
    List<AlertRule> rules = new ArrayList<>();
    for (YNode c : conds.get().items()) {
      if (!expectMap(c, "conditionRef: NAME or an inline AlertCondition")) {
        continue;
      }
      Built<Optional<AlertRule>> built;
      if (c.getNonNull("conditionRef").isPresent()) {
        knownKeys(c, Set.of("conditionRef"));
        Optional<String> ref = string(c, "conditionRef", true, "the name of an AlertCondition");
        if (ref.isEmpty()) {
          continue;
        }
        built = conditions.get(ref.get());
        if (built != null
            && ambiguous(c.get("conditionRef").orElseThrow(), "AlertCondition", ref.get())) {
          continue;
        }
        if (built == null) {
          diagnostics.error(
              c.get("conditionRef").orElseThrow(),
              "no AlertCondition named "
                  + ref.get()
                  + " in the loaded files"
                  + known("AlertCondition"));
          continue;
        }
      } else {
        Optional<Obj> o = inline(c, "AlertCondition");
        if (o.isEmpty()) {
          continue;
        }
        Obj inline = o.get();
        built = condition(inline).map(r -> r.map(withMetadataOf(inline)));
      }
      built.value().flatMap(r -> r).ifPresent(rules::add);
    }
    return diagnostics.errorCount() == before ? Built.of(rules) : Built.failed();
  }

  /** An object written inline: kind (checked when given), metadata and spec. */
  private Optional<Obj> inline(YNode node, String kind) {
    knownKeys(node, Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<String> k = string(node, "kind", false, kind);
    if (k.isPresent() && !k.get().equals(kind)) {
      diagnostics.error(
          node.get("kind").orElseThrow(), "must be " + kind + " here, got " + k.get());
      return Optional.empty();
    }
    return header(node, kind);
  }

  // ---- SLO ----------------------------------------------------------------------------------

  private List<SloSpec> sloSpecs(Obj slo) {
    YNode spec = slo.spec();
    int before = diagnostics.errorCount();
    knownKeys(
        spec,
        Set.of(
            "description",
            "service",
            "indicator",
            "indicatorRef",
            "timeWindow",
            "budgetingMethod",
            "objectives",
            "alertPolicies"));
    description(spec);
    String description = spec.getNonNull("description").map(YNode::text).orElse("");
    Optional<String> service = string(spec, "service", true, "the name of the service");
    Optional<Built<Sli>> sloIndicator = indicator(spec, false);
    Optional<TimeWindow> window = timeWindow(spec);
    Optional<BudgetingMethod> method = budgetingMethod(spec);
    brokenPolicy = false;
    Optional<List<AlertRule>> alerts = alertPolicies(spec);
    Map<String, String> labels = slo.labels();

    Optional<YNode> objectives = spec.getNonNull("objectives");
    if (objectives.isEmpty() || !objectives.get().isList() || objectives.get().items().isEmpty()) {
      if (objectives.isPresent() && !objectives.get().isList()) {
        diagnostics.error(objectives.get(), "must be a list, got " + objectives.get().describe());
      } else if (objectives.isPresent()) {
        diagnostics.error(
            objectives.get(), "must list at least one objective with target or targetPercent");
      } else {
        missing(
            spec, "objectives", "a list of at least one objective with target or targetPercent");
      }
      return List.of();
    }
    List<YNode> items = objectives.get().items();
    List<SloSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean indicatorReported = false;
    for (int i = 0; i < items.size(); i++) {
      YNode o = items.get(i);
      if (!expectMap(o, "target or targetPercent, and the objective's fields")) {
        continue;
      }
      int objectiveErrors = diagnostics.errorCount();
      Optional<Double> target = objectiveTarget(o);
      Optional<Built<Sli>> own = indicator(o, true);
      Optional<Built<Sli>> sli = own.isPresent() ? own : sloIndicator;
      if (sli.isEmpty()) {
        if (!indicatorReported) {
          missing(
              spec, "indicator", "an indicator or an indicatorRef (on the SLO or the objective)");
          indicatorReported = true;
        }
        continue;
      }
      Optional<TimeSlices> slices = method.flatMap(m -> timeSlices(o, m, target.orElse(0.5)));
      String suffix = objectiveSuffix(o, i);
      String name = items.size() == 1 ? slo.name() : slo.name() + "-" + suffix;
      if (items.size() > 1 && !names.add(name)) {
        diagnostics.error(
            o,
            "two objectives of this SLO would both be named "
                + name
                + "; give them different displayNames");
      }
      if (i == 1 && sli.get().value().filter(s -> s.kind() == Sli.Kind.THRESHOLD).isPresent()) {
        diagnostics.error(
            objectives.get(),
            "an SLO with a thresholdMetric has exactly one objective, as OpenSLO requires; got "
                + items.size());
      }
      sli.get()
          .value()
          .filter(s -> s.kind() == Sli.Kind.THRESHOLD)
          .filter(s -> o.getNonNull("value").isEmpty())
          .ifPresent(s -> missing(o, "value", "the threshold the metric is compared with"));
      if (o.getNonNull("value").isPresent()) {
        number(o, "value", false, "the threshold of a thresholdMetric");
      }
      if (slices.isPresent()
          && window.isPresent()
          && slices.get().window().compareTo(window.get().nominalLength()) > 0) {
        diagnostics.error(
            o.get("timeSliceWindow").orElseThrow(),
            "a time slice of "
                + Durations.format(slices.get().window())
                + " is longer than the SLO's window of "
                + window.get().label());
      }
      if (diagnostics.errorCount() != objectiveErrors) {
        continue;
      }
      if (service.isEmpty()
          || window.isEmpty()
          || method.isEmpty()
          || target.isEmpty()
          || sli.get().value().isEmpty()
          || (method.get() != BudgetingMethod.OCCURRENCES && slices.isEmpty())) {
        continue;
      }
      out.add(
          new SloSpec(
              name,
              service.get(),
              description,
              target.get(),
              window.get(),
              method.get(),
              slices,
              sli.get().value().get(),
              alerts,
              labels,
              items.size() == 1 ? slo.node().location() : o.location()));
    }
    // An SLO whose policy is invalid would run with fewer alerts than written: leave it out.
    return diagnostics.errorCount() == before && !brokenPolicy && slo.nameValid() ? out : List.of();
  }

  static String objectiveSuffix(YNode o, int index) {
    String display = o.getNonNull("displayName").map(YNode::text).orElse("");
    String s =
        display.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? Integer.toString(index) : s;
  }

  /** The SLI of {@code indicator} or {@code indicatorRef} in a node, when it names one. */
  private Optional<Built<Sli>> indicator(YNode node, boolean objective) {
    Optional<YNode> inline = node.getNonNull("indicator");
    Optional<YNode> ref = node.getNonNull("indicatorRef");
    if (inline.isPresent() && ref.isPresent()) {
      diagnostics.error(ref.get(), "indicator and indicatorRef are mutually exclusive; give one");
      return Optional.of(Built.failed());
    }
    if (ref.isPresent()) {
      Optional<String> name = string(node, "indicatorRef", true, "the name of an SLI");
      if (name.isEmpty()) {
        return Optional.of(Built.failed());
      }
      Built<Sli> sli = slis.get(name.get());
      if (sli != null && ambiguous(ref.get(), "SLI", name.get())) {
        return Optional.of(Built.failed());
      }
      if (sli == null) {
        diagnostics.error(
            ref.get(), "no SLI named " + name.get() + " in the loaded files" + known("SLI"));
        return Optional.of(Built.failed());
      }
      return Optional.of(sli);
    }
    if (inline.isPresent()) {
      if (!expectMap(inline.get(), "an SLI with metadata and spec")) {
        return Optional.of(Built.failed());
      }
      YNode ind = inline.get();
      knownKeys(ind, Set.of("apiVersion", "kind", "metadata", "spec"));
      Optional<String> kind = string(ind, "kind", false, "SLI");
      if (kind.isPresent() && !kind.get().equals("SLI")) {
        diagnostics.error(ind.get("kind").orElseThrow(), "must be SLI here, got " + kind.get());
        return Optional.of(Built.failed());
      }
      map(ind, "metadata", false, "name, displayName").ifPresent(this::metadataName);
      Optional<YNode> spec = map(ind, "spec", true, "ratioMetric or thresholdMetric");
      return Optional.of(spec.isEmpty() ? Built.failed() : sli(spec.get()));
    }
    return Optional.empty();
  }

  private Optional<Double> objectiveTarget(YNode o) {
    knownKeys(
        o,
        Set.of(
            "displayName",
            "op",
            "value",
            "target",
            "targetPercent",
            "timeSliceTarget",
            "timeSliceWindow",
            "indicator",
            "indicatorRef",
            "compositeWeight"));
    string(o, "displayName", false, "a human-readable name");
    Optional<String> op = string(o, "op", false, "one of lt, lte, gt, gte");
    if (op.isPresent() && !OPS.contains(op.get())) {
      diagnostics.error(
          o.get("op").orElseThrow(), "must be one of lt, lte, gt, gte, got " + op.get());
    }
    Optional<YNode> t = o.getNonNull("target");
    Optional<YNode> tp = o.getNonNull("targetPercent");
    if (t.isPresent() && tp.isPresent()) {
      diagnostics.error(tp.get(), "target and targetPercent are mutually exclusive; give one");
      return Optional.empty();
    }
    if (t.isEmpty() && tp.isEmpty()) {
      missing(o, "target", "target (such as 0.999) or targetPercent (such as 99.9)");
      return Optional.empty();
    }
    if (t.isPresent()) {
      Optional<Double> v = number(o, "target", true, "a ratio such as 0.999");
      if (v.isPresent() && !(v.get() > 0 && v.get() < 1)) {
        diagnostics.error(
            t.get(),
            "must be between 0 and 1 exclusive, such as 0.999, got "
                + t.get().text()
                + (v.get() > 1 && v.get() < 100 ? "; for percentages use targetPercent" : ""));
        return Optional.empty();
      }
      return v;
    }
    Optional<Double> v = number(o, "targetPercent", true, "a percentage such as 99.9");
    if (v.isPresent() && !(v.get() > 0 && v.get() < 100)) {
      diagnostics.error(
          tp.get(), "must be between 0 and 100 exclusive, such as 99.9, got " + tp.get().text());
      return Optional.empty();
    }
    // Decimal, so that 99.9 gives 0.999 and not 0.9990000000000001 (99.9 / 100).
    return v.map(p -> BigDecimal.valueOf(p).movePointLeft(2).doubleValue());
  }

  private Optional<TimeSlices> timeSlices(YNode o, BudgetingMethod method, double objective) {
    if (method == BudgetingMethod.OCCURRENCES) {
      for (String k : List.of("timeSliceTarget", "timeSliceWindow")) {
        o.getNonNull(k)
            .ifPresent(n -> diagnostics.warning(n, "is ignored with budgetingMethod Occurrences"));
      }
      return Optional.empty();
    }
    String methodName = method == BudgetingMethod.TIMESLICES ? "Timeslices" : "RatioTimeslices";
    Optional<Double> target =
        number(
            o,
            "timeSliceTarget",
            method == BudgetingMethod.TIMESLICES,
            "the ratio a slice must reach to be good, required with " + methodName);
    if (target.isPresent() && !(target.get() > 0 && target.get() <= 1)) {
      diagnostics.error(
          o.get("timeSliceTarget").orElseThrow(),
          "must be above 0 and at most 1, such as 0.95, got " + target.get());
      return Optional.empty();
    }
    Optional<YNode> w = o.getNonNull("timeSliceWindow");
    if (w.isEmpty()) {
      missing(
          o, "timeSliceWindow", "the length of a slice, such as 1m, required with " + methodName);
      return Optional.empty();
    }
    Optional<Duration> window;
    if (w.get().isNumber()) {
      window =
          number(o, "timeSliceWindow", true, "minutes")
              .filter(m -> m >= 1 && m == Math.rint(m) && m <= MAX_DURATION.toMinutes())
              .map(m -> Duration.ofMinutes(m.longValue()));
      if (window.isEmpty()) {
        diagnostics.error(
            w.get(),
            "a number here is whole minutes, at least 1 (OpenSLO's default unit), got "
                + w.get().text());
      }
    } else {
      window = durationValue(w.get(), "the length of a slice").map(DurationValue::toDuration);
    }
    if (window.isEmpty() || (target.isEmpty() && method == BudgetingMethod.TIMESLICES)) {
      return Optional.empty();
    }
    return Optional.of(new TimeSlices(target.orElse(objective), window.get()));
  }

  private Optional<BudgetingMethod> budgetingMethod(YNode spec) {
    Optional<String> m =
        string(spec, "budgetingMethod", true, "Occurrences, Timeslices or RatioTimeslices");
    if (m.isEmpty()) {
      return Optional.empty();
    }
    return switch (m.get()) {
      case "Occurrences" -> Optional.of(BudgetingMethod.OCCURRENCES);
      case "Timeslices" -> Optional.of(BudgetingMethod.TIMESLICES);
      case "RatioTimeslices" -> Optional.of(BudgetingMethod.RATIO_TIMESLICES);
      default -> {
        diagnostics.error(
            spec.get("budgetingMethod").orElseThrow(),
            "must be Occurrences, Timeslices or RatioTimeslices, got " + m.get());
        yield Optional.empty();
      }
    };
  }

  private Optional<TimeWindow> timeWindow(YNode spec) {
    Optional<YNode> tw = spec.getNonNull("timeWindow");
    if (tw.isEmpty()) {
      // OpenSLO makes the window optional; Burnrate takes Sloth's default and says so.
      diagnostics.warning(
          spec.anchor(),
          join(spec.path(), "timeWindow"),
          "no timeWindow; the SLO uses a 30d rolling window");
      return Optional.of(new TimeWindow.Rolling(Duration.ofDays(30)));
    }
    if (!tw.get().isList() || tw.get().items().size() != 1) {
      diagnostics.error(
          tw.get(),
          "must be a list with exactly one window (duration with isRolling: true, or duration"
              + " with calendar), got "
              + (tw.get().isList() ? tw.get().items().size() + " items" : tw.get().describe()));
      return Optional.empty();
    }
    YNode w = tw.get().items().get(0);
    if (!expectMap(w, "duration, isRolling, calendar")) {
      return Optional.empty();
    }
    knownKeys(w, Set.of("duration", "isRolling", "calendar"));
    Optional<DurationValue> d =
        duration(w, "duration", true, "the window length, such as 28d or 1M");
    Optional<Boolean> rolling = bool(w, "isRolling");
    Optional<YNode> calendar = map(w, "calendar", false, "startTime and timeZone");
    if (d.isEmpty()) {
      return Optional.empty();
    }
    if (rolling.orElse(false) && calendar.isPresent()) {
      diagnostics.error(
          calendar.get(), "isRolling: true and calendar are mutually exclusive; give one");
      return Optional.empty();
    }
    if (calendar.isEmpty()) {
      if (rolling.isEmpty()) {
        if (w.getNonNull("calendar").isPresent()) {
          return Optional.empty();
        }
        diagnostics.warning(
            w, "neither isRolling nor calendar is given; the window is taken as rolling");
      } else if (!rolling.get()) {
        missing(w, "calendar", "startTime and timeZone, when isRolling is false");
        return Optional.empty();
      }
      return Optional.of(new TimeWindow.Rolling(d.get().toDuration()));
    }
    TimeWindow.CalendarUnit unit =
        switch (d.get().unit()) {
          case 'd' -> TimeWindow.CalendarUnit.DAY;
          case 'w' -> TimeWindow.CalendarUnit.WEEK;
          case 'M' -> TimeWindow.CalendarUnit.MONTH;
          case 'Q' -> TimeWindow.CalendarUnit.QUARTER;
          case 'Y' -> TimeWindow.CalendarUnit.YEAR;
          default -> null;
        };
    if (unit == null) {
      diagnostics.error(
          w.get("duration").orElseThrow(),
          "a calendar window is counted in days (d), weeks (w), months (M), quarters (Q) or"
              + " years (Y), got "
              + d.get().text()
              + (d.get().unit() == 'm' ? " (m is minutes; a month is M, such as 1M)" : ""));
      return Optional.empty();
    }
    YNode cal = calendar.get();
    knownKeys(cal, Set.of("startTime", "timeZone"));
    ZoneId zone = ZoneId.of("UTC");
    Optional<String> tz = string(cal, "timeZone", false, "an IANA time zone such as Europe/Berlin");
    if (tz.isPresent()) {
      try {
        zone = ZoneId.of(tz.get());
      } catch (DateTimeException e) {
        diagnostics.error(
            cal.get("timeZone").orElseThrow(),
            "unknown time zone " + tz.get() + "; use an IANA name such as Europe/Berlin or UTC");
        return Optional.empty();
      }
    }
    Optional<String> start =
        string(cal, "startTime", true, "when the first period starts, such as 2024-01-01 00:00:00");
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> instant = startTime(start.get(), zone);
    if (instant.isEmpty()) {
      diagnostics.error(
          cal.get("startTime").orElseThrow(),
          "must be a date and time such as 2024-01-01 00:00:00 (in timeZone), got " + start.get());
      return Optional.empty();
    }
    return Optional.of(new TimeWindow.Calendar(unit, (int) d.get().amount(), zone, instant.get()));
  }

  static Optional<Instant> startTime(String text, ZoneId zone) {
    String t = text.strip().replace(' ', 'T');
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeException e) {
      // no offset: a local time in the window's zone
    }
    try {
      return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
    } catch (DateTimeException e) {
      // maybe a date alone
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay(zone).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private Optional<List<AlertRule>> alertPolicies(YNode spec) {
    Optional<YNode> ap = spec.getNonNull("alertPolicies");
    if (ap.isEmpty()) {
      return Optional.empty();
    }
    if (!ap.get().isList()) {
      diagnostics.error(
          ap.get(),
          "must be a list of alertPolicyRef or inline AlertPolicy, got " + ap.get().describe());
      return Optional.empty();
    }
    if (ap.get().items().isEmpty()) {
      return Optional.empty();
    }
    List<AlertRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YNode p : ap.get().items()) {
      if (!expectMap(p, "alertPolicyRef: NAME or an inline AlertPolicy")) {
        continue;
      }
      Built<List<AlertRule>> built;
      if (p.getNonNull("alertPolicyRef").isPresent()) {
        knownKeys(p, Set.of("alertPolicyRef"));
        Optional<String> ref = string(p, "alertPolicyRef", true, "the name of an AlertPolicy");
        if (ref.isEmpty()) {
          continue;
        }
        built = policies.get(ref.get());
        if (built != null
            && ambiguous(p.get("alertPolicyRef").orElseThrow(), "AlertPolicy", ref.get())) {
          brokenPolicy = true;
          continue;
        }
        if (built == null) {
          diagnostics.error(
              p.get("alertPolicyRef").orElseThrow(),
              "no AlertPolicy named " + ref.get() + " in the loaded files" + known("AlertPolicy"));
          continue;
        }
      } else {
        Optional<Obj> o = inline(p, "AlertPolicy");
        if (o.isEmpty()) {
          continue;
        }
        Obj inline = o.get();
        built = policy(inline.spec()).map(rs -> rs.stream().map(withMetadataOf(inline)).toList());
      }
      if (built.value().isEmpty()) {
        brokenPolicy = true;
      }
      for (AlertRule r : built.value().orElse(List.of())) {
        String name = r.name();
        for (int n = 2; !names.add(name); n++) {
          name = r.name() + "-" + n;
        }
        rules.add(r.withName(name));
      }
    }
    return Optional.of(rules);
  }
}
