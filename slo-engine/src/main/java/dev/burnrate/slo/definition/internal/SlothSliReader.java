package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.yaml.YamlNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a Sloth SLO's {@code sli}, checking its queries as Sloth does before it parses them. */
final class SlothSliReader extends FieldReader {
  private static final Pattern WINDOW_VAR = Pattern.compile("\\{\\{ *\\.window *}}");

  SlothSliReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** The SLI of one SLO: {@code events}, {@code raw} or a {@code plugin}. */
  Optional<Sli> read(YamlNode sli, SlothReader.Keys keys, boolean metricsQl) {
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
          map(sli, "events", true, keys.errorQuery() + " and " + keys.totalQuery())
              .flatMap(e -> events(e, keys, metricsQl));
      case "raw" ->
          map(sli, "raw", true, keys.errorRatioQuery()).flatMap(r -> raw(r, keys, metricsQl));
      default -> map(sli, "plugin", true, "id and options").flatMap(this::plugin);
    };
  }

  /** Checks a query's text as Sloth does before any parse: present, text, with {{.window}}. */
  private Optional<YamlNode> query(YamlNode parent, String key, String what) {
    Optional<YamlNode> q = parent.getNonNull(key);
    if (q.isEmpty()) {
      missing(parent, key, what);
      return Optional.empty();
    }
    if (!q.get().isScalar() || q.get().scalarText().isBlank()) {
      diagnostics.error(
          q.get(), "must be a query as text (" + what + "), got " + q.get().describe());
      return Optional.empty();
    }
    if (!WINDOW_VAR.matcher(q.get().scalarText()).find()) {
      diagnostics.error(
          q.get(),
          "must contain the {{.window}} variable, as Sloth requires: Sloth fills in each alert"
              + " window, such as rate(requests_total[{{.window}}])");
      return Optional.empty();
    }
    return q;
  }

  private static final String METRICSQL =
      "the queries are MetricsQL (Sloth's VictoriaMetrics plugin); Burnrate evaluates PromQL";

  private Optional<Sli> events(YamlNode events, SlothReader.Keys keys, boolean metricsQl) {
    knownKeys(events, Set.of(keys.errorQuery(), keys.totalQuery()));
    Optional<YamlNode> error =
        query(events, keys.errorQuery(), "the PromQL query that counts bad events");
    Optional<YamlNode> total =
        query(events, keys.totalQuery(), "the PromQL query that counts all events");
    if (error.isEmpty() || total.isEmpty()) {
      return Optional.empty();
    }
    if (error.get().scalarText().strip().equals(total.get().scalarText().strip())) {
      diagnostics.error(
          total.get(),
          "is the same query as " + keys.errorQuery() + "; Sloth requires them to differ");
      return Optional.empty();
    }
    if (metricsQl) {
      diagnostics.warning(events, "the SLI is not evaluable by Burnrate: " + METRICSQL);
      return Optional.of(Sli.notEvaluable(Sli.Kind.BAD_OVER_TOTAL, METRICSQL));
    }
    QueryResult bad = counterQuery(error.get(), false);
    QueryResult all = counterQuery(total.get(), false);
    return ratio(Sli.Kind.BAD_OVER_TOTAL, bad, all);
  }

  private Optional<Sli> raw(YamlNode raw, SlothReader.Keys keys, boolean metricsQl) {
    knownKeys(raw, Set.of(keys.errorRatioQuery()));
    Optional<YamlNode> q =
        query(raw, keys.errorRatioQuery(), "the PromQL query of the error ratio");
    if (q.isEmpty()) {
      return Optional.empty();
    }
    if (metricsQl) {
      diagnostics.warning(raw, "the SLI is not evaluable by Burnrate: " + METRICSQL);
      return Optional.of(Sli.notEvaluable(Sli.Kind.RAW, METRICSQL));
    }
    try {
      PromQl.Ratio r = PromQl.parseRatio(q.get().scalarText());
      return Optional.of(Sli.badOverTotal(r.numerator(), r.denominator()));
    } catch (PromQlException e) {
      return switch (queryProblem(q.get(), e)) {
        case QueryResult.Unsupported u -> Optional.of(Sli.notEvaluable(Sli.Kind.RAW, u.reason()));
        default -> Optional.empty();
      };
    }
  }

  private Optional<Sli> plugin(YamlNode plugin) {
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
    return Optional.of(notEvaluable(plugin, Sli.Kind.RAW, reason));
  }
}
