package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.DefaultAlertRules;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.YamlNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Pyrra's {@code pyrra.dev/v1alpha1 ServiceLevelObjective}, checked as Pyrra's own webhook
 * does: a target in percent, a Prometheus duration as the window, exactly one of the {@code ratio},
 * {@code latency}, {@code latencyNative} and {@code bool_gauge} indicators.
 */
final class PyrraReader extends FieldReader {
  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  // Prometheus durations: units from the largest down, each at most once, such as 1h30m.
  private static final Pattern PROM_DURATION =
      Pattern.compile(
          "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"
              + "(?:([0-9]+)ms)?");
  private static final List<String> INDICATORS =
      List.of("ratio", "latency", "latencyNative", "bool_gauge");
  // Pyrra copies metadata labels with this prefix, without it, onto the rules it generates.
  private static final String PROPAGATED = "pyrra.dev/";

  PyrraReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** Reads one {@code ServiceLevelObjective} document. */
  Optional<SloSpec> read(YamlNode doc) {
    int before = diagnostics.errorCount();
    knownKeys(doc, Set.of("apiVersion", "kind", "metadata", "spec", "status"));
    Optional<String> kind = string(doc, "kind", true, "ServiceLevelObjective");
    if (kind.isPresent() && !kind.get().equals("ServiceLevelObjective")) {
      diagnostics.error(
          doc.get("kind").orElseThrow(),
          "unknown kind "
              + kind.get()
              + " for pyrra.dev/v1alpha1; the kind is ServiceLevelObjective");
      return Optional.empty();
    }
    Optional<YamlNode> metadata = map(doc, "metadata", true, "name, namespace, labels");
    Optional<String> name = Optional.empty();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> alertLabels = new LinkedHashMap<>();
    if (metadata.isPresent()) {
      YamlNode m = metadata.get();
      name =
          name(
              m,
              "the SLO's name",
              DNS_NAME,
              at ->
                  "must be a Kubernetes object name: lower-case letters, digits, '-' and '.',"
                      + " starting and ending with a letter or digit, got "
                      + at.describe());
      string(m, "namespace", false, "the Kubernetes namespace");
      labels.putAll(labels(m, "labels"));
      labels(m, "annotations");
      labels.forEach(
          (k, v) -> {
            if (k.startsWith(PROPAGATED)) {
              alertLabels.put(k.substring(PROPAGATED.length()), v);
            }
          });
    }
    Optional<YamlNode> spec =
        spec(
            doc,
            Set.of(
                "description",
                "target",
                "window",
                "indicator",
                "alerting",
                "partial_response_strategy"),
            "target, window and indicator");
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    YamlNode s = spec.get();
    String description = string(s, "description", false, "free text").orElse("");
    Optional<Double> target = target(s);
    Optional<Duration> window = window(s);
    List<String> grouping = new ArrayList<>();
    Optional<Sli> sli = indicator(s, grouping);
    Optional<List<AlertRule>> alerts = window.flatMap(w -> alerting(s, w, alertLabels));
    if (diagnostics.errorCount() != before
        || name.isEmpty()
        || target.isEmpty()
        || window.isEmpty()
        || sli.isEmpty()) {
      return Optional.empty();
    }
    // Pyrra has no service; the SLO's own name stands in.
    return Optional.of(
        new SloSpec(
            name.get(),
            name.get(),
            description,
            target.get(),
            new TimeWindow.Rolling(window.get()),
            BudgetingMethod.OCCURRENCES,
            Optional.empty(),
            sli.get(),
            alerts,
            labels,
            placeOf(doc),
            grouping,
            List.of()));
  }

  private Optional<Double> target(YamlNode spec) {
    Optional<String> text = string(spec, "target", true, "the target in percent, such as \"99.9\"");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    YamlNode n = spec.get("target").orElseThrow();
    BigDecimal percent;
    try {
      percent = new BigDecimal(text.get().strip());
    } catch (NumberFormatException e) {
      diagnostics.error(n, "must be a number in percent, such as \"99.9\", got " + n.describe());
      return Optional.empty();
    }
    double p = percent.doubleValue();
    if (!(p > 0 && p < 100)) {
      diagnostics.error(
          n,
          "must be a percentage above 0 and below 100 (100 leaves no error budget), such as"
              + " \"99.9\", got "
              + text.get());
      return Optional.empty();
    }
    if (p < 1) {
      diagnostics.warning(
          n, "Pyrra targets are percentages (0-100): this is " + p + "%, not " + p * 100 + "%");
    }
    return Optional.of(percent.movePointLeft(2).doubleValue());
  }

  private Optional<Duration> window(YamlNode spec) {
    Optional<String> text = string(spec, "window", true, "a Prometheus duration such as 28d");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    YamlNode n = spec.get("window").orElseThrow();
    Optional<Duration> d = promDuration(text.get());
    if (d.isEmpty() || d.get().isZero()) {
      diagnostics.error(
          n,
          "must be a positive Prometheus duration such as 28d, 4w or 1h30m (units y, w, d, h, m,"
              + " s, ms), got "
              + n.describe());
      return Optional.empty();
    }
    if (d.get().compareTo(MAX_DURATION) > 0 || d.get().compareTo(Duration.ofMinutes(1)) < 0) {
      diagnostics.error(
          n, "must be between 1m and 10 years for Burnrate's windows, got " + text.get());
      return Optional.empty();
    }
    return d;
  }

  static Optional<Duration> promDuration(String text) {
    Matcher m = PROM_DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    long[] unitsMillis = {
      365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1
    };
    long total = 0;
    for (int i = 0; i < unitsMillis.length; i++) {
      String g = m.group(i + 1);
      if (g != null) {
        if (g.length() > 9) {
          return Optional.empty();
        }
        total += Long.parseLong(g) * unitsMillis[i];
      }
    }
    return Optional.of(Duration.ofMillis(total));
  }

  private Optional<Sli> indicator(YamlNode spec, List<String> grouping) {
    Optional<YamlNode> ind =
        map(spec, "indicator", true, "one of " + String.join(", ", INDICATORS));
    if (ind.isEmpty()) {
      return Optional.empty();
    }
    YamlNode i = ind.get();
    knownKeys(i, Set.copyOf(INDICATORS));
    List<String> given = INDICATORS.stream().filter(k -> i.getNonNull(k).isPresent()).toList();
    if (given.size() != 1) {
      diagnostics.error(
          i,
          given.isEmpty()
              ? "needs one of ratio, latency, latencyNative or bool_gauge"
              : "ratio, latency, latencyNative and bool_gauge are mutually exclusive, got "
                  + String.join(" and ", given));
      return Optional.empty();
    }
    String type = given.get(0);
    Optional<YamlNode> body = map(i, type, true, "the indicator's metrics");
    if (body.isEmpty()) {
      return Optional.empty();
    }
    YamlNode b = body.get();
    grouping(b, grouping);
    return switch (type) {
      case "ratio" -> {
        knownKeys(b, Set.of("errors", "total", "grouping"));
        yield counters(b, "errors", "total", false);
      }
      case "latency" -> {
        knownKeys(b, Set.of("success", "total", "grouping"));
        Optional<YamlNode> success = metric(b, "success");
        success
            .filter(m -> !m.scalarText().matches("(?s).*\\ble\\s*=\\s*\"[^\"]*\".*"))
            .ifPresent(
                m ->
                    diagnostics.error(
                        m,
                        "must select one histogram bucket with an le matcher, such as"
                            + " le=\"0.5\", as Pyrra requires"));
        yield counters(b, "success", "total", true);
      }
      case "latencyNative" -> {
        knownKeys(b, Set.of("latency", "total", "grouping"));
        Optional<YamlNode> total = metric(b, "total");
        Optional<String> latency =
            string(b, "latency", true, "the latency requests should be faster than, such as 1s");
        if (latency.isPresent() && promDuration(latency.get()).isEmpty()) {
          diagnostics.error(
              b.get("latency").orElseThrow(),
              "must be a Prometheus duration such as 500ms or 1s, got " + latency.get());
        }
        if (total.isEmpty() || latency.isEmpty()) {
          yield Optional.empty();
        }
        yield Optional.of(
            notEvaluable(
                b,
                Sli.Kind.GOOD_OVER_TOTAL,
                "a latencyNative indicator reads Prometheus native histograms; Burnrate evaluates"
                    + " classic histogram buckets (use a latency indicator)"));
      }
      default -> {
        knownKeys(b, Set.of("metric", "grouping"));
        if (b.getNonNull("metric").isEmpty()) {
          missing(
              b, "metric", "the gauge that is 1 when the check succeeds, such as probe_success");
          yield Optional.empty();
        }
        Optional<YamlNode> m = metric(b.getNonNull("metric").orElseThrow());
        if (m.isEmpty()) {
          yield Optional.empty();
        }
        yield Optional.of(
            notEvaluable(
                b,
                Sli.Kind.RAW,
                "a bool_gauge indicator counts samples of a 0/1 gauge; Burnrate evaluates ratios"
                    + " of counter increases"));
      }
    };
  }

  /** The grouping labels: one SLO instance per value of them, as Pyrra makes one per group. */
  private void grouping(YamlNode indicator, List<String> out) {
    Optional<YamlNode> g = indicator.getNonNull("grouping");
    if (g.isEmpty()) {
      return;
    }
    if (!g.get().isSequence() || !g.get().items().stream().allMatch(YamlNode::isScalar)) {
      diagnostics.error(g.get(), "must be a list of label names, got " + g.get().describe());
      return;
    }
    for (YamlNode item : g.get().items()) {
      String label = item.scalarText();
      if (!SloGroups.validLabelName(label)) {
        diagnostics.error(
            item,
            "must be a Prometheus label name (letters, digits and _, not starting with a digit or"
                + " __, not le), got "
                + item.describe());
      } else if (out.contains(label)) {
        diagnostics.error(item, "the label " + label + " is already in the grouping");
      } else {
        out.add(label);
      }
    }
  }

  /** A {@code {metric: ...}} field; the metric's query node. */
  private Optional<YamlNode> metric(YamlNode parent, String key) {
    Optional<YamlNode> q = map(parent, key, true, "metric: a Prometheus selector");
    if (q.isEmpty()) {
      return Optional.empty();
    }
    knownKeys(q.get(), Set.of("metric"));
    Optional<YamlNode> m = q.get().getNonNull("metric");
    if (m.isEmpty()) {
      missing(q.get(), "metric", "a Prometheus selector such as http_requests_total{job=\"api\"}");
      return Optional.empty();
    }
    return metric(m.get());
  }

  private Optional<YamlNode> metric(YamlNode m) {
    if (!m.isScalar() || m.scalarText().isBlank()) {
      diagnostics.error(m, "must be a Prometheus selector as text, got " + m.describe());
      return Optional.empty();
    }
    return Optional.of(m);
  }

  /** Pyrra's counters: the selectors are counters whose increase Pyrra takes over each window. */
  private Optional<Sli> counters(YamlNode b, String numeratorKey, String totalKey, boolean good) {
    Optional<YamlNode> num = metric(b, numeratorKey);
    Optional<YamlNode> total = metric(b, totalKey);
    if (num.isEmpty() || total.isEmpty()) {
      return Optional.empty();
    }
    if (num.get().scalarText().strip().equals(total.get().scalarText().strip())) {
      diagnostics.warning(
          total.get(), "is the same metric as " + numeratorKey + "; Pyrra warns about this too");
    }
    QueryResult n = counterQuery(num.get(), true);
    QueryResult d = counterQuery(total.get(), true);
    Sli.Kind kind = good ? Sli.Kind.GOOD_OVER_TOTAL : Sli.Kind.BAD_OVER_TOTAL;
    return ratio(kind, n, d);
  }

  /**
   * Pyrra's multiwindow alerts are the workbook's, scaled to the window as Burnrate's defaults are;
   * {@code disabled: true} or {@code burnrates: false} removes them.
   */
  private Optional<List<AlertRule>> alerting(
      YamlNode spec, Duration window, Map<String, String> alertLabels) {
    Optional<YamlNode> a = map(spec, "alerting", false, "disabled, burnrates, absent, name");
    if (a.isEmpty()) {
      return alertLabels.isEmpty()
          ? Optional.empty()
          : Optional.of(withLabels(DefaultAlertRules.forPeriod(window), alertLabels));
    }
    knownKeys(a.get(), Set.of("disabled", "burnrates", "absent", "name", "absentName"));
    boolean disabled = bool(a.get(), "disabled").orElse(false);
    boolean burnrates = bool(a.get(), "burnrates").orElse(true);
    bool(a.get(), "absent");
    string(a.get(), "absentName", false, "the name of the absent alert");
    Map<String, String> labels = new LinkedHashMap<>(alertLabels);
    // Pyrra's alert name (ErrorBudgetBurn by default) is the alertname of its rules.
    string(a.get(), "name", false, "the alert name").ifPresent(n -> labels.put("alertname", n));
    if (disabled || !burnrates) {
      return Optional.of(List.of());
    }
    return labels.isEmpty()
        ? Optional.empty()
        : Optional.of(withLabels(DefaultAlertRules.forPeriod(window), labels));
  }

  private static List<AlertRule> withLabels(List<AlertRule> rules, Map<String, String> labels) {
    return rules.stream().map(r -> r.withMetadata(labels, Map.of())).toList();
  }
}
