package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.SloSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transitions an SLO's state emits, and the labels each of its rules routes them by. */
final class AlertTransitions {
  /** The alert name of the no-data transitions. */
  static final String NO_DATA_ALERT = "no-data";

  private AlertTransitions() {}

  /** Each rule's labels: the SLO's, then the rule's own (which win on a clash), built once. */
  static List<Map<String, String>> ruleLabels(SloSpec spec, AlertRule[] rules) {
    List<Map<String, String>> out = new ArrayList<>(rules.length);
    for (AlertRule rule : rules) {
      Map<String, String> l = new LinkedHashMap<>(spec.labels());
      l.putAll(rule.labels());
      out.add(Map.copyOf(l));
    }
    return List.copyOf(out);
  }

  /** The SLO fell silent ({@code noData}) or speaks again, {@code after} being the no-data time. */
  static AlertTransition noData(
      SloSpec spec, boolean noData, Instant at, Duration after, double budgetRemaining) {
    return new AlertTransition(
        noData ? AlertTransition.Kind.NO_DATA : AlertTransition.Kind.DATA_RESUMED,
        spec.name(),
        spec.service(),
        NO_DATA_ALERT,
        Severity.TICKET,
        at,
        0,
        after,
        after,
        0,
        0,
        budgetRemaining,
        spec.labels(),
        Map.of());
  }

  /** A rule's alert fired or resolved at these burn rates. */
  static AlertTransition ofRule(
      AlertTransition.Kind kind,
      SloSpec spec,
      AlertRule rule,
      Map<String, String> labels,
      Instant at,
      double longBurn,
      double shortBurn,
      double budgetRemaining) {
    return new AlertTransition(
        kind,
        spec.name(),
        spec.service(),
        rule.name(),
        rule.severity(),
        at,
        rule.factor(),
        rule.longWindow(),
        rule.shortWindow(),
        longBurn,
        shortBurn,
        budgetRemaining,
        labels,
        rule.annotations());
  }
}
