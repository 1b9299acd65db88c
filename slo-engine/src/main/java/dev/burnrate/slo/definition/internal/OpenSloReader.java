package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Built;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Obj;
import dev.burnrate.yaml.Durations;
import dev.burnrate.yaml.YamlNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenSLO v1 in three steps: {@link OpenSloObjects} binds every object as files are read and
 * resolves references across them; then each kind's reader maps it to the model ({@link
 * OpenSloSliReader}, {@link OpenSloAlertReader}, {@link OpenSloTimeWindows}), and this class maps
 * each SLO, one {@link SloSpec} per objective.
 */
final class OpenSloReader extends FieldReader {
  private final OpenSloObjects bound;
  private final OpenSloSliReader sliReader;
  private final OpenSloAlertReader alertReader;
  private final OpenSloTimeWindows windows;

  OpenSloReader(Diagnostics diagnostics) {
    super(diagnostics);
    this.bound = new OpenSloObjects(diagnostics);
    this.sliReader = new OpenSloSliReader(diagnostics, bound);
    this.alertReader = new OpenSloAlertReader(diagnostics, bound);
    this.windows = new OpenSloTimeWindows(diagnostics);
  }

  /** Binds an object as it is read; returns it when it is an SLO to map once all are read. */
  Optional<Obj> add(YamlNode node) {
    return bound.add(node);
  }

  final Map<String, Built<Sli>> slis = new HashMap<>();

  /** Builds the SLO specs of one SLO object (one per objective), after the shared objects. */
  List<SloSpec> buildSlo(Obj slo) {
    return sloSpecs(slo);
  }

  /** Checks the objects that are not SLOs, once, before SLOs are built. */
  void checkSharedObjects() {
    for (Obj o : bound.repeated) {
      checkRepeated(o);
    }
    for (Obj o : bound.objects.get("DataSource").values()) {
      knownKeys(o.spec(), Set.of("description", "type", "connectionDetails"));
      bound.description(o.spec());
      string(o.spec(), "type", true, "the data source type, such as Prometheus");
    }
    for (Obj o : bound.objects.get("Service").values()) {
      knownKeys(o.spec(), Set.of("description"));
      bound.description(o.spec());
    }
    for (Obj o : bound.objects.get("AlertNotificationTarget").values()) {
      alertReader.notificationTarget(o.spec());
    }
    for (Obj o : bound.objects.get("SLI").values()) {
      slis.put(o.name(), sliReader.sli(o.spec()));
    }
    for (Obj o : bound.objects.get("AlertCondition").values()) {
      alertReader.conditions.put(
          o.name(), alertReader.condition(o).map(r -> r.map(OpenSloAlertReader.withMetadataOf(o))));
    }
    for (Obj o : bound.objects.get("AlertPolicy").values()) {
      alertReader.policies.put(
          o.name(),
          alertReader
              .policy(o.spec())
              .map(rs -> rs.stream().map(OpenSloAlertReader.withMetadataOf(o)).toList()));
    }
  }

  /** Checks an object whose name repeats another's, so that its own errors are reported. */
  void checkRepeated(Obj o) {
    switch (o.kind()) {
      case "DataSource" -> {
        knownKeys(o.spec(), Set.of("description", "type", "connectionDetails"));
        bound.description(o.spec());
        string(o.spec(), "type", true, "the data source type, such as Prometheus");
      }
      case "Service" -> {
        knownKeys(o.spec(), Set.of("description"));
        bound.description(o.spec());
      }
      case "AlertNotificationTarget" -> alertReader.notificationTarget(o.spec());
      case "SLI" -> sliReader.sli(o.spec());
      case "AlertCondition" -> alertReader.condition(o);
      default -> alertReader.policy(o.spec());
    }
  }

  List<SloSpec> sloSpecs(Obj slo) {
    YamlNode spec = slo.spec();
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
    bound.description(spec);
    String description = spec.getNonNull("description").map(YamlNode::scalarText).orElse("");
    Optional<String> service = string(spec, "service", true, "the name of the service");
    Optional<Built<Sli>> sloIndicator = indicator(spec, false);
    Optional<TimeWindow> window = windows.timeWindow(spec);
    Optional<BudgetingMethod> method = windows.budgetingMethod(spec, false);
    alertReader.brokenPolicy = false;
    Optional<List<AlertRule>> alerts = alertReader.alertPolicies(spec);
    SloFields fields =
        new SloFields(service, description, window, method, alerts, slo.labels(), grouping(slo));

    Optional<List<YamlNode>> objectives =
        nonEmptyList(spec, "objectives", "", "objective with target or targetPercent");
    if (objectives.isEmpty()) {
      return List.of();
    }
    List<YamlNode> items = objectives.get();
    List<SloSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean indicatorReported = false;
    for (int i = 0; i < items.size(); i++) {
      YamlNode o = items.get(i);
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
      Optional<TimeSlices> slices =
          method.flatMap(m -> windows.timeSlices(o, m, target.orElse(0.5)));
      String suffix = objectiveSuffix(o, i);
      String name = items.size() == 1 ? slo.name() : slo.name() + "-" + suffix;
      if (items.size() > 1) {
        uniqueObjectiveName(o, name, names);
      }
      if (i == 1 && sli.get().value().filter(s -> s.kind() == Sli.Kind.THRESHOLD).isPresent()) {
        diagnostics.error(
            spec.get("objectives").orElseThrow(),
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
      fields
          .objective(
              name, target, slices, sli.get().value(), placeOf(items.size() == 1 ? slo.node() : o))
          .ifPresent(out::add);
    }
    // An SLO whose policy is invalid would run with fewer alerts than written: leave it out.
    return diagnostics.errorCount() == before && !alertReader.brokenPolicy && slo.nameValid()
        ? out
        : List.of();
  }

  /** The annotation that groups an OpenSLO SLO: label names separated by commas. */
  static final String GROUPING_ANNOTATION = "burnrate.dev/grouping";

  /** The label names of the SLO's {@value #GROUPING_ANNOTATION} annotation, checked. */
  private List<String> grouping(OpenSloObjects.Obj slo) {
    String text = slo.annotations().get(GROUPING_ANNOTATION);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    YamlNode at =
        slo.metadata()
            .getNonNull("annotations")
            .flatMap(a -> a.getNonNull(GROUPING_ANNOTATION))
            .orElse(slo.metadata());
    List<String> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String label = part.strip();
      if (!SloGroups.validLabelName(label)) {
        diagnostics.error(
            at,
            "must be Prometheus label names separated by commas, such as route,tenant; "
                + (label.isEmpty() ? "a name is empty" : "got " + label));
        return List.of();
      }
      if (out.contains(label)) {
        diagnostics.error(at, "the label " + label + " is twice in the grouping");
        return List.of();
      }
      out.add(label);
    }
    return List.copyOf(out);
  }

  static String objectiveSuffix(YamlNode o, int index) {
    String display = o.getNonNull("displayName").map(YamlNode::scalarText).orElse("");
    String s =
        display.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? Integer.toString(index) : s;
  }

  /** The SLI of {@code indicator} or {@code indicatorRef} in a node, when it names one. */
  Optional<Built<Sli>> indicator(YamlNode node, boolean objective) {
    Optional<YamlNode> inline = node.getNonNull("indicator");
    Optional<YamlNode> ref = node.getNonNull("indicatorRef");
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
      if (sli != null && bound.ambiguous(ref.get(), "SLI", name.get())) {
        return Optional.of(Built.failed());
      }
      if (sli == null) {
        diagnostics.error(
            ref.get(), "no SLI named " + name.get() + " in the loaded files" + bound.known("SLI"));
        return Optional.of(Built.failed());
      }
      return Optional.of(sli);
    }
    if (inline.isPresent()) {
      if (!expectMap(inline.get(), "an SLI with metadata and spec")) {
        return Optional.of(Built.failed());
      }
      YamlNode ind = inline.get();
      knownKeys(ind, Set.of("apiVersion", "kind", "metadata", "spec"));
      Optional<String> kind = string(ind, "kind", false, "SLI");
      if (kind.isPresent() && !kind.get().equals("SLI")) {
        diagnostics.error(ind.get("kind").orElseThrow(), "must be SLI here, got " + kind.get());
        return Optional.of(Built.failed());
      }
      map(ind, "metadata", false, "name, displayName").ifPresent(bound::metadataName);
      Optional<YamlNode> spec = map(ind, "spec", true, "ratioMetric or thresholdMetric");
      return Optional.of(spec.isEmpty() ? Built.failed() : sliReader.sli(spec.get()));
    }
    return Optional.empty();
  }

  Optional<Double> objectiveTarget(YamlNode o) {
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
    if (op.isPresent() && !OpenSloObjects.OPS.contains(op.get())) {
      diagnostics.error(
          o.get("op").orElseThrow(), "must be one of lt, lte, gt, gte, got " + op.get());
    }
    Optional<YamlNode> t = o.getNonNull("target");
    Optional<YamlNode> tp = o.getNonNull("targetPercent");
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
                + t.get().scalarText()
                + (v.get() > 1 && v.get() < 100 ? "; for percentages use targetPercent" : ""));
        return Optional.empty();
      }
      return v;
    }
    Optional<Double> v = number(o, "targetPercent", true, "a percentage such as 99.9");
    if (v.isPresent() && !(v.get() > 0 && v.get() < 100)) {
      diagnostics.error(
          tp.get(),
          "must be between 0 and 100 exclusive, such as 99.9, got " + tp.get().scalarText());
      return Optional.empty();
    }
    // Decimal, so that 99.9 gives 0.999 and not 0.9990000000000001 (99.9 / 100).
    return v.map(p -> BigDecimal.valueOf(p).movePointLeft(2).doubleValue());
  }
}
