package dev.burnrate.slo.spec.internal;

import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.slo.spec.AlertRule;
import dev.burnrate.slo.spec.BudgetingMethod;
import dev.burnrate.slo.spec.DefaultAlertRules;
import dev.burnrate.slo.spec.Severity;
import dev.burnrate.slo.spec.Sli;
import dev.burnrate.slo.spec.SloSpec;
import dev.burnrate.slo.spec.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Sloth SLO files: {@code version: prometheus/v1} and the Kubernetes {@code
 * PrometheusServiceLevel} resource; SLOs are named {@code <service>-<slo name>} as Sloth names
 * their ids, with Sloth's default 30-day window.
 */
final class SlothReader extends FieldReader {
  /** Sloth's default SLO period. */
  static final Duration WINDOW = Duration.ofDays(30);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  SlothReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** Reads a {@code version: prometheus/v1} document. */
  List<SloSpec> readPlain(YNode doc) {
    knownKeys(doc, Set.of("version", "service", "labels", "slos"));
    return readGroup(doc);
  }

  /** Reads an {@code apiVersion: sloth.slok.dev/v1} document. */
  List<SloSpec> readKubernetes(YNode doc) {
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
              + " for sloth.slok.dev/v1; the kind is PrometheusServiceLevel");
      return List.of();
    }
    Optional<YNode> spec = map(doc, "spec", true, "the service and its slos");
    if (spec.isEmpty()) {
      return List.of();
    }
    knownKeys(spec.get(), Set.of("service", "labels", "slos"));
    return readGroup(spec.get());
  }

  private List<SloSpec> readGroup(YNode group) {
    Optional<String> service = string(group, "service", true, "the name of the service");
    Map<String, String> labels = labels(group, "labels");
    Optional<YNode> slos = group.getNonNull("slos");
    if (slos.isEmpty() || !slos.get().isList() || slos.get().items().isEmpty()) {
      if (slos.isPresent() && !slos.get().isList()) {
        diagnostics.error(slos.get(), "must be a list of SLOs, got " + slos.get().describe());
      } else if (slos.isPresent()) {
        diagnostics.error(slos.get(), "must list at least one SLO");
      } else {
        missing(group, "slos", "a list of at least one SLO");
      }
      return List.of();
    }
    List<SloSpec> out = new ArrayList<>();
    for (YNode slo : slos.get().items()) {
      if (expectMap(slo, "one SLO with name, objective and sli")) {
        int before = diagnostics.errorCount();
        Optional<SloSpec> spec = readSlo(slo, service.orElse(""), labels);
        if (spec.isPresent() && service.isPresent() && diagnostics.errorCount() == before) {
          out.add(spec.get());
        }
      }
    }
    return out;
  }

  private Optional<SloSpec> readSlo(YNode slo, String service, Map<String, String> groupLabels) {
    knownKeys(
        slo, Set.of("name", "objective", "description", "labels", "sli", "alerting", "interval"));
    Optional<String> name =
        string(slo, "name", true, "the SLO's name, such as requests-availability");
    if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
      diagnostics.error(
          slo.get("name").orElseThrow(),
          "must be letters, digits, '-', '_' or '.' starting with a letter or digit, got "
              + slo.get("name").orElseThrow().describe());
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
    Optional<Sli> sli =
        map(slo, "sli", true, "one of events, raw or plugin").flatMap(this::readSli);
    Optional<List<AlertRule>> alerts = Optional.empty();
    Optional<YNode> alerting =
        map(slo, "alerting", false, "name, labels, annotations, page_alert, ticket_alert");
    if (alerting.isPresent()) {
      YNode a = alerting.get();
      knownKeys(a, Set.of("name", "labels", "annotations", "page_alert", "ticket_alert"));
      string(a, "name", false, "the alert name");
      labels.putAll(labels(a, "labels"));
      labels(a, "annotations");
      boolean page = alertEnabled(a, "page_alert");
      boolean ticket = alertEnabled(a, "ticket_alert");
      if (!page || !ticket) {
        List<AlertRule> rules = new ArrayList<>();
        if (page) {
          rules.addAll(DefaultAlertRules.forPeriod(WINDOW, Severity.PAGE));
        }
        if (ticket) {
          rules.addAll(DefaultAlertRules.forPeriod(WINDOW, Severity.TICKET));
        }
        alerts = Optional.of(rules);
      }
    }
    if (name.isEmpty() || objective.isEmpty() || sli.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SloSpec(
            service + "-" + name.get(),
            service,
            description,
            objective.get() / 100,
            new TimeWindow.Rolling(WINDOW),
            BudgetingMethod.OCCURRENCES,
            Optional.empty(),
            sli.get(),
            alerts,
            labels,
            slo.location()));
  }

  private boolean alertEnabled(YNode alerting, String key) {
    Optional<YNode> n = map(alerting, key, false, "disable, labels, annotations");
    if (n.isEmpty()) {
      return true;
    }
    knownKeys(n.get(), Set.of("disable", "labels", "annotations"));
    labels(n.get(), "labels");
    labels(n.get(), "annotations");
    return !bool(n.get(), "disable").orElse(false);
  }

  private Optional<Sli> readSli(YNode sli) {
    knownKeys(sli, Set.of("events", "raw", "plugin"));
    List<String> given =
        List.of("events", "raw", "plugin").stream()
            .filter(k -> sli.getNonNull(k).isPresent())
            .toList();
    if (given.size() != 1) {
      diagnostics.error(
          sli,
          given.isEmpty()
              ? "needs one of events, raw or plugin"
              : "events, raw and plugin are mutually exclusive, got "
                  + String.join(" and ", given));
      return Optional.empty();
    }
    return switch (given.get(0)) {
      case "events" ->
          map(sli, "events", true, "error_query and total_query").flatMap(this::events);
      case "raw" -> map(sli, "raw", true, "error_ratio_query").flatMap(this::raw);
      default -> map(sli, "plugin", true, "id and options").flatMap(this::plugin);
    };
  }

  private Optional<Sli> events(YNode events) {
    knownKeys(events, Set.of("error_query", "total_query"));
    Optional<YNode> error = events.getNonNull("error_query");
    Optional<YNode> total = events.getNonNull("total_query");
    if (error.isEmpty()) {
      missing(events, "error_query", "the PromQL query that counts bad events");
    }
    if (total.isEmpty()) {
      missing(events, "total_query", "the PromQL query that counts all events");
    }
    if (error.isEmpty() || total.isEmpty()) {
      return Optional.empty();
    }
    QueryResult bad = counterQuery(error.get(), false);
    QueryResult all = counterQuery(total.get(), false);
    if (bad instanceof QueryResult.Invalid || all instanceof QueryResult.Invalid) {
      return Optional.empty();
    }
    if (bad instanceof QueryResult.Unsupported u) {
      return Optional.of(Sli.notEvaluable(Sli.Kind.BAD_OVER_TOTAL, u.reason()));
    }
    if (all instanceof QueryResult.Unsupported u) {
      return Optional.of(Sli.notEvaluable(Sli.Kind.BAD_OVER_TOTAL, u.reason()));
    }
    return Optional.of(
        Sli.badOverTotal(((QueryResult.Parsed) bad).query(), ((QueryResult.Parsed) all).query()));
  }

  private Optional<Sli> raw(YNode raw) {
    knownKeys(raw, Set.of("error_ratio_query"));
    Optional<YNode> q = raw.getNonNull("error_ratio_query");
    if (q.isEmpty()) {
      missing(raw, "error_ratio_query", "the PromQL query of the error ratio");
      return Optional.empty();
    }
    if (!q.get().isScalar()) {
      diagnostics.error(q.get(), "must be a PromQL query as text, got " + q.get().describe());
      return Optional.empty();
    }
    try {
      PromQl.Ratio r = PromQl.parseRatio(q.get().text());
      return Optional.of(Sli.badOverTotal(r.numerator(), r.denominator()));
    } catch (PromQlException e) {
      return switch (queryProblem(q.get(), e)) {
        case QueryResult.Unsupported u -> Optional.of(Sli.notEvaluable(Sli.Kind.RAW, u.reason()));
        default -> Optional.empty();
      };
    }
  }

  private Optional<Sli> plugin(YNode plugin) {
    knownKeys(plugin, Set.of("id", "options"));
    Optional<String> id = string(plugin, "id", true, "the plugin id");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String reason =
        "the Sloth SLI plugin "
            + id.get()
            + " builds its queries inside Sloth; Burnrate"
            + " evaluates events and raw SLIs only";
    diagnostics.warning(plugin, "the SLI is not evaluable by Burnrate: " + reason);
    return Optional.of(Sli.notEvaluable(Sli.Kind.RAW, reason));
  }
}
