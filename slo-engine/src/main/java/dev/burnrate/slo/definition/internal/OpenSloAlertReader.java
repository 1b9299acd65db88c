package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Built;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Obj;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps OpenSLO v1 {@code AlertCondition}, {@code AlertPolicy} and {@code AlertNotificationTarget}
 * objects, and an SLO's {@code alertPolicies}, to {@link AlertRule}s with their labels.
 */
final class OpenSloAlertReader extends FieldReader {
  private final OpenSloObjects bound;

  OpenSloAlertReader(Diagnostics diagnostics, OpenSloObjects bound) {
    super(diagnostics);
    this.bound = bound;
  }

  final Map<String, Built<Optional<AlertRule>>> conditions = new HashMap<>();

  final Map<String, Built<List<AlertRule>>> policies = new HashMap<>();

  boolean brokenPolicy;

  void notificationTarget(YamlNode spec) {
    knownKeys(spec, Set.of("description", "target"));
    bound.description(spec);
    string(spec, "target", true, "where notifications go, such as a channel or an email address");
  }

  /**
   * Adds an alert policy's or condition's metadata labels and annotations to its rules, for
   * routing; the condition's own win over the policy's.
   */
  static java.util.function.UnaryOperator<AlertRule> withMetadataOf(Obj o) {
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

  Built<Optional<AlertRule>> condition(Obj o) {
    return condition(o.name(), o.spec());
  }

  Built<Optional<AlertRule>> condition(String name, YamlNode spec) {
    knownKeys(spec, Set.of("description", "severity", "condition"));
    bound.description(spec);
    Optional<String> severity =
        string(spec, "severity", true, "such as page, critical, high or ticket");
    Optional<YamlNode> c =
        map(spec, "condition", true, "kind, op, threshold, lookbackWindow, alertAfter");
    if (c.isEmpty() || severity.isEmpty()) {
      return Built.failed();
    }
    YamlNode cond = c.get();
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
    if (op.isPresent() && !OpenSloObjects.OPS.contains(op.get())) {
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

  Built<List<AlertRule>> policy(YamlNode spec) {
    knownKeys(
        spec,
        Set.of(
            "description",
            "alertWhenNoData",
            "alertWhenResolved",
            "alertWhenBreaching",
            "conditions",
            "notificationTargets"));
    bound.description(spec);
    bool(spec, "alertWhenNoData");
    bool(spec, "alertWhenResolved");
    bool(spec, "alertWhenBreaching");
    int before = diagnostics.errorCount();
    Optional<YamlNode> targets = spec.getNonNull("notificationTargets");
    if (targets.isPresent()) {
      if (!targets.get().isSequence()) {
        diagnostics.error(targets.get(), "must be a list, got " + targets.get().describe());
      }
      for (YamlNode t : targets.get().items()) {
        if (!expectMap(t, "targetRef: NAME or an inline AlertNotificationTarget")) {
          continue;
        }
        if (t.getNonNull("targetRef").isPresent()) {
          knownKeys(t, Set.of("targetRef"));
          string(t, "targetRef", true, "the name of an AlertNotificationTarget")
              .filter(
                  n ->
                      !bound.ambiguous(
                          t.get("targetRef").orElseThrow(), "AlertNotificationTarget", n))
              .filter(n -> !bound.objects.get("AlertNotificationTarget").containsKey(n))
              .ifPresent(
                  // Burnrate routes alerts by its own connectors, so a target it cannot see
                  // changes no rule: a warning, where a missing condition is an error.
                  n ->
                      diagnostics.warning(
                          t.get("targetRef").orElseThrow(),
                          "no AlertNotificationTarget named "
                              + n
                              + " in the loaded files"
                              + bound.known("AlertNotificationTarget")
                              + "; Burnrate does not use notification targets"));
        } else {
          bound.inline(t, "AlertNotificationTarget").ifPresent(o -> notificationTarget(o.spec()));
        }
      }
    }
    Optional<List<YamlNode>> conds =
        nonEmptyList(spec, "conditions", "", "condition (conditionRef or inline)");
    if (conds.isEmpty()) {
      return Built.failed();
    }
    if (conds.get().size() > 1) {
      diagnostics.warning(
          spec.get("conditions").orElseThrow(),
          "OpenSLO v1 allows one condition per AlertPolicy; Burnrate makes an alert rule of"
              + " each");
    }
    List<AlertRule> rules = new ArrayList<>();
    for (YamlNode c : conds.get()) {
      if (!expectMap(c, "conditionRef: NAME or an inline AlertCondition")) {
        continue;
      }
      Optional<Built<Optional<AlertRule>>> built =
          refOrInline(
              c,
              "conditionRef",
              "AlertCondition",
              conditions,
              o -> condition(o).map(r -> r.map(withMetadataOf(o))),
              () -> {});
      if (built.isEmpty()) {
        continue;
      }
      built.get().value().flatMap(r -> r).ifPresent(rules::add);
    }
    return diagnostics.errorCount() == before ? Built.of(rules) : Built.failed();
  }

  Optional<List<AlertRule>> alertPolicies(YamlNode spec) {
    Optional<YamlNode> ap = spec.getNonNull("alertPolicies");
    if (ap.isEmpty()) {
      return Optional.empty();
    }
    if (!ap.get().isSequence()) {
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
    for (YamlNode p : ap.get().items()) {
      if (!expectMap(p, "alertPolicyRef: NAME or an inline AlertPolicy")) {
        continue;
      }
      Optional<Built<List<AlertRule>>> resolved =
          refOrInline(
              p,
              "alertPolicyRef",
              "AlertPolicy",
              policies,
              o -> policy(o.spec()).map(rs -> rs.stream().map(withMetadataOf(o)).toList()),
              () -> brokenPolicy = true);
      if (resolved.isEmpty()) {
        continue;
      }
      Built<List<AlertRule>> built = resolved.get();
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

  /**
   * What an entry names by {@code refKey}, or holds inline as an object of {@code kind}, built;
   * empty when neither can be had (the error is reported), and {@code ambiguous} runs when the name
   * is given to two objects.
   */
  private <T> Optional<Built<T>> refOrInline(
      YamlNode entry,
      String refKey,
      String kind,
      Map<String, Built<T>> byName,
      Function<Obj, Built<T>> inline,
      Runnable ambiguous) {
    if (entry.getNonNull(refKey).isEmpty()) {
      return bound.inline(entry, kind).map(inline);
    }
    knownKeys(entry, Set.of(refKey));
    Optional<String> ref = string(entry, refKey, true, "the name of an " + kind);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    YamlNode at = entry.get(refKey).orElseThrow();
    Built<T> built = byName.get(ref.get());
    if (built != null && bound.ambiguous(at, kind, ref.get())) {
      ambiguous.run();
      return Optional.empty();
    }
    if (built == null) {
      diagnostics.error(
          at, "no " + kind + " named " + ref.get() + " in the loaded files" + bound.known(kind));
      return Optional.empty();
    }
    return Optional.of(built);
  }
}
