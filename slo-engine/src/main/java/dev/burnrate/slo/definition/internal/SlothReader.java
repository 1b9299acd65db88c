package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.DefaultAlertRules;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.Sli;
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
import java.util.regex.Pattern;

/**
 * Reads Sloth SLO files: {@code version: prometheus/v1} (snake_case keys) and the Kubernetes {@code
 * sloth.slok.dev/v1 PrometheusServiceLevel} resource (camelCase keys, as Sloth's {@code types.go});
 * SLOs are named {@code <service>-<slo name>} as Sloth names their ids, with Sloth's default 30-day
 * window. Validation follows Sloth's own: names, objective, one SLI type, {@code {{.window}}} in
 * queries, an alert name while an alert is enabled, plugin ids.
 */
final class SlothReader extends FieldReader {
  /** Sloth's default SLO period. */
  static final Duration WINDOW = Duration.ofDays(30);

  // Sloth's name rule: start and end with an alphanumeric; alphanumerics, '.', '_' and '-'.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");

  /** The key names of one of Sloth's two spellings. */
  record Keys(
      String groupPlugins,
      String errorQuery,
      String totalQuery,
      String errorRatioQuery,
      String pageAlert,
      String ticketAlert) {}

  private static final Keys SNAKE =
      new Keys(
          "slo_plugins",
          "error_query",
          "total_query",
          "error_ratio_query",
          "page_alert",
          "ticket_alert");
  private static final Keys CAMEL =
      new Keys(
          "sloPlugins", "errorQuery", "totalQuery", "errorRatioQuery", "pageAlert", "ticketAlert");

  SlothReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** Reads a {@code version: prometheus/v1} document. */
  List<SloSpec> readPlain(YamlNode doc) {
    knownKeys(doc, Set.of("version", "service", "labels", "slo_plugins", "slos"));
    return readGroup(doc, SNAKE);
  }

  /** Reads an {@code apiVersion: sloth.slok.dev/v1} document. */
  List<SloSpec> readKubernetes(YamlNode doc) {
    knownKeys(doc, Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<String> kind = string(doc, "kind", true, "PrometheusServiceLevel");
    if (kind.isEmpty()) {
      return List.of();
    }
    if (!kind.get().equals("PrometheusServiceLevel")) {
      diagnostics.error(
          doc.get("kind").orElseThrow(),
          "unknown kind "
              + kind.get()
              + " for sloth.slok.dev/v1; Burnrate reads the SLO resource PrometheusServiceLevel"
              + (kind.get().equals("AlertWindows")
                  ? " (AlertWindows is Sloth's alert-window configuration, not an SLO)"
                  : ""));
      return List.of();
    }
    return spec(doc, Set.of("service", "labels", "sloPlugins", "slos"), "the service and its slos")
        .map(s -> readGroup(s, CAMEL))
        .orElse(List.of());
  }

  private List<SloSpec> readGroup(YamlNode group, Keys keys) {
    int groupErrors = diagnostics.errorCount();
    Optional<String> service = string(group, "service", true, "the name of the service");
    service.ifPresent(s -> checkName(group.get("service").orElseThrow(), s));
    Map<String, String> labels = labels(group, "labels");
    boolean metricsQl = plugins(group, keys.groupPlugins());
    Optional<List<YamlNode>> slos = nonEmptyList(group, "slos", " of SLOs", "SLO");
    if (slos.isEmpty()) {
      return List.of();
    }
    boolean groupValid = diagnostics.errorCount() == groupErrors;
    List<SloSpec> out = new ArrayList<>();
    for (YamlNode slo : slos.get()) {
      if (expectMap(slo, "one SLO with name, objective and sli")) {
        int before = diagnostics.errorCount();
        Optional<SloSpec> spec = readSlo(slo, service.orElse(""), labels, keys, metricsQl);
        if (spec.isPresent() && groupValid && diagnostics.errorCount() == before) {
          out.add(spec.get());
        }
      }
    }
    return out;
  }

  private void checkName(YamlNode at, String name) {
    if (!NAME.matcher(name).matches()) {
      diagnostics.error(
          at,
          "must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
              + " (Sloth's name rule), got "
              + at.describe());
    }
  }

  /**
   * Checks a Sloth plugin chain ({@code overridePrevious}, {@code chain} of {@code id}, {@code
   * config}, {@code priority}); returns whether it runs Sloth's VictoriaMetrics validation, which
   * means the queries are MetricsQL.
   */
  private boolean plugins(YamlNode parent, String key) {
    Optional<YamlNode> p = map(parent, key, false, "overridePrevious and chain");
    if (p.isEmpty()) {
      return false;
    }
    knownKeys(p.get(), Set.of("overridePrevious", "chain"));
    boolean override = bool(p.get(), "overridePrevious").orElse(false);
    Optional<YamlNode> chain = p.get().getNonNull("chain");
    if (chain.isPresent() && !chain.get().isSequence()) {
      diagnostics.error(chain.get(), "must be a list of plugins, got " + chain.get().describe());
      return false;
    }
    List<YamlNode> items = chain.map(YamlNode::items).orElse(List.of());
    if (override && items.isEmpty()) {
      diagnostics.error(
          p.get().get("overridePrevious").orElseThrow(),
          "overridePrevious is set but the chain has no plugins");
    }
    boolean metricsQl = false;
    for (YamlNode item : items) {
      if (!expectMap(item, "a plugin with id, config and priority")) {
        continue;
      }
      knownKeys(item, Set.of("id", "config", "priority"));
      Optional<String> id = string(item, "id", true, "the plugin id");
      number(item, "priority", false, "the plugin's place in the chain");
      metricsQl |= id.filter(i -> i.contains("victoria_metrics")).isPresent();
    }
    if (!items.isEmpty()) {
      diagnostics.warning(
          p.get(),
          "Sloth SLO plugins change the Prometheus rules Sloth generates; Burnrate does not run"
              + " them");
    }
    return metricsQl;
  }

  private Optional<SloSpec> readSlo(
      YamlNode slo, String service, Map<String, String> groupLabels, Keys keys, boolean metricsQl) {
    knownKeys(
        slo, Set.of("name", "objective", "description", "labels", "sli", "alerting", "plugins"));
    Optional<String> name =
        string(slo, "name", true, "the SLO's name, such as requests-availability");
    if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
      checkName(slo.get("name").orElseThrow(), name.get());
      name = Optional.empty();
    }
    Optional<Double> objective =
        number(slo, "objective", true, "the target in percent, such as 99.9");
    if (objective.isPresent() && !(objective.get() > 0 && objective.get() < 100)) {
      diagnostics.error(
          slo.get("objective").orElseThrow(),
          "must be a percentage above 0 and below 100 (100 leaves no error budget), such as"
              + " 99.9, got "
              + objective.get());
      objective = Optional.empty();
    } else if (objective.isPresent() && objective.get() < 1) {
      diagnostics.warning(
          slo.get("objective").orElseThrow(),
          "Sloth objectives are percentages: this is "
              + objective.get()
              + "%; for "
              + objective.get() * 100
              + "% write "
              + objective.get() * 100);
    }
    String description = string(slo, "description", false, "free text").orElse("");
    Map<String, String> labels = new LinkedHashMap<>(groupLabels);
    labels.putAll(labels(slo, "labels"));
    boolean sloMetricsQl = plugins(slo, "plugins") || metricsQl;
    Optional<Sli> sli =
        map(slo, "sli", true, "one of events, raw or plugin")
            .flatMap(s -> new SlothSliReader(diagnostics).read(s, keys, sloMetricsQl));
    Optional<List<AlertRule>> alerts = alerting(slo, keys, labels);
    if (name.isEmpty() || objective.isEmpty() || sli.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SloSpec(
            service + "-" + name.get(),
            service,
            description,
            // Decimal, so that 99.9 gives 0.999 and not 0.9990000000000001 (99.9 / 100).
            BigDecimal.valueOf(objective.get()).movePointLeft(2).doubleValue(),
            new TimeWindow.Rolling(WINDOW),
            BudgetingMethod.OCCURRENCES,
            Optional.empty(),
            sli.get(),
            alerts,
            labels,
            placeOf(slo),
            List.of(),
            List.of()));
  }

  /**
   * The SLO's alert rules: Sloth's page and ticket rules, without the disabled ones, each with the
   * alerting labels and annotations and its own; empty (the defaults) without an alerting block.
   */
  private Optional<List<AlertRule>> alerting(
      YamlNode slo, Keys keys, Map<String, String> sloLabels) {
    Optional<YamlNode> alerting =
        map(
            slo,
            "alerting",
            false,
            "name, labels, annotations, " + keys.pageAlert() + ", " + keys.ticketAlert());
    if (alerting.isEmpty()) {
      // Sloth rejects an SLO without alerting (its enabled alerts need a name); Burnrate names
      // alerts by rule, and files written for Burnrate omit the block, so the defaults apply.
      return Optional.empty();
    }
    YamlNode a = alerting.get();
    knownKeys(a, Set.of("name", "labels", "annotations", keys.pageAlert(), keys.ticketAlert()));
    Optional<YamlNode> nameNode = a.getNonNull("name");
    Map<String, String> labels = labels(a, "labels");
    Map<String, String> annotations = labels(a, "annotations");
    // Kept on the SLO too, as before rules carried labels, so routing by them keeps working.
    sloLabels.putAll(labels);
    // Sloth's alerting.name is the alertname of the rules it generates.
    nameNode
        .filter(YamlNode::isScalar)
        .filter(n -> !n.scalarText().isBlank())
        .ifPresent(n -> labels.put("alertname", n.scalarText()));
    List<AlertRule> rules = new ArrayList<>();
    boolean anyEnabled = false;
    boolean anyDisabled = false;
    boolean metadata = !labels.isEmpty() || !annotations.isEmpty();
    for (Severity sev : List.of(Severity.PAGE, Severity.TICKET)) {
      String key = sev == Severity.PAGE ? keys.pageAlert() : keys.ticketAlert();
      Optional<YamlNode> n = map(a, key, false, "disable, labels, annotations");
      Map<String, String> ruleLabels = new LinkedHashMap<>(labels);
      Map<String, String> ruleAnnotations = new LinkedHashMap<>(annotations);
      boolean disabled = false;
      if (n.isPresent()) {
        knownKeys(n.get(), Set.of("disable", "labels", "annotations"));
        ruleLabels.putAll(labels(n.get(), "labels"));
        ruleAnnotations.putAll(labels(n.get(), "annotations"));
        disabled = bool(n.get(), "disable").orElse(false);
        metadata |=
            ruleLabels.size() > labels.size() || ruleAnnotations.size() > annotations.size();
      }
      if (disabled) {
        anyDisabled = true;
        continue;
      }
      anyEnabled = true;
      for (AlertRule r : DefaultAlertRules.forPeriod(WINDOW, sev)) {
        rules.add(r.withMetadata(ruleLabels, ruleAnnotations));
      }
    }
    if (anyEnabled) {
      if (nameNode.isEmpty()) {
        missing(a, "name", "the name of the SLO's alerts, required while an alert is enabled");
      } else if (!nameNode.get().isScalar() || nameNode.get().scalarText().isBlank()) {
        diagnostics.error(
            nameNode.get(),
            "must not be empty while an alert is enabled: the name of the SLO's alerts");
      }
    }
    // Both alerts enabled and nothing to carry: the engine's defaults, which are the same rules.
    return anyDisabled || metadata ? Optional.of(rules) : Optional.empty();
  }
}
