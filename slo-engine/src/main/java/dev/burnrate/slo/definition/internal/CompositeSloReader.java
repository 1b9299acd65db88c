package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.promql.SliQuery;
import dev.burnrate.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Burnrate's {@code burnrate.dev/v1 CompositeSLO} documents (a user journey made of other
 * SLOs, each with a weight) and, once every file is read, resolves their components: an unknown
 * component, a component that is not evaluable and a cycle of composites are errors at their place.
 */
final class CompositeSloReader extends FieldReader {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA =
      Set.of("name", "displayName", "labels", "annotations");
  private static final Set<String> SPEC =
      Set.of("service", "description", "target", "targetPercent", "window", "components");
  private static final Set<String> COMPONENT = Set.of("slo", "weight");

  /** A composite as read, before its components are resolved. */
  record Draft(
      String name,
      String service,
      String description,
      double objective,
      java.time.Duration window,
      Map<String, String> labels,
      List<DraftComponent> components,
      YamlNode node) {}

  /** One component as read, with the node of its {@code slo} field for errors. */
  record DraftComponent(String slo, double weight, YamlNode at) {}

  CompositeSloReader(Diagnostics diagnostics) {
    super(diagnostics);
  }

  /** The composite a document defines, or empty after reporting its errors. */
  Optional<Draft> read(YamlNode doc) {
    int before = diagnostics.errorCount();
    knownKeys(doc, TOP);
    Optional<YamlNode> metadata = map(doc, "metadata", true, "with the composite SLO's name");
    Optional<String> name = Optional.empty();
    Map<String, String> labels = new LinkedHashMap<>();
    if (metadata.isPresent()) {
      knownKeys(metadata.get(), METADATA);
      name = dnsLabelName(metadata.get(), "the composite SLO's name");
      labels.putAll(labels(metadata.get(), "labels"));
      labels(metadata.get(), "annotations");
    }
    Optional<YamlNode> spec = spec(doc, SPEC, "service, target, window and components");
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    YamlNode s = spec.get();
    Optional<String> service = string(s, "service", true, "the service the journey belongs to");
    String description = string(s, "description", false, "free text").orElse("");
    Optional<Double> objective = objective(s);
    Optional<java.time.Duration> window =
        duration(s, "window", true, "the rolling window, such as 30d")
            .map(DurationValue::toDuration);
    List<DraftComponent> components = components(s);
    if (diagnostics.errorCount() != before
        || name.isEmpty()
        || service.isEmpty()
        || objective.isEmpty()
        || window.isEmpty()
        || components.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Draft(
            name.get(),
            service.get(),
            description,
            objective.get(),
            window.get(),
            labels,
            components,
            doc));
  }

  private Optional<Double> objective(YamlNode s) {
    boolean ratio = s.getNonNull("target").isPresent();
    boolean percent = s.getNonNull("targetPercent").isPresent();
    if (ratio == percent) {
      diagnostics.error(
          s.anchor(), s.path(), "needs exactly one of target (such as 0.999) and targetPercent");
      return Optional.empty();
    }
    String key = ratio ? "target" : "targetPercent";
    Optional<Double> v = number(s, key, true, "the objective");
    double scale = ratio ? 1 : 100;
    if (v.isPresent() && !(v.get() > 0 && v.get() < scale)) {
      diagnostics.error(
          s.get(key).orElseThrow(),
          "must be between 0 and " + (ratio ? "1" : "100") + " exclusive, got " + v.get());
      return Optional.empty();
    }
    return v.map(x -> x / scale);
  }

  private List<DraftComponent> components(YamlNode s) {
    Optional<YamlNode> list = s.getNonNull("components");
    if (list.isEmpty()) {
      missing(s, "components", "the SLOs of the journey, each with slo and weight");
      return List.of();
    }
    if (!list.get().isSequence() || list.get().items().isEmpty()) {
      diagnostics.error(
          list.get(), "must be a list of at least one {slo, weight}, got " + list.get().describe());
      return List.of();
    }
    List<DraftComponent> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (YamlNode item : list.get().items()) {
      if (!expectMap(item, "slo and weight")) {
        ok = false;
        continue;
      }
      knownKeys(item, COMPONENT);
      Optional<String> slo = string(item, "slo", true, "the name of a loaded SLO");
      Optional<Double> weight = number(item, "weight", false, "a weight > 0");
      if (weight.isPresent() && !(weight.get() > 0 && Double.isFinite(weight.get()))) {
        diagnostics.error(
            item.get("weight").orElseThrow(), "must be a number > 0, got " + weight.get());
        ok = false;
        continue;
      }
      if (slo.isEmpty()) {
        ok = false;
        continue;
      }
      if (!seen.add(slo.get())) {
        diagnostics.error(
            item.get("slo").orElseThrow(),
            "the SLO " + slo.get() + " is already a component; give it one weight");
        ok = false;
        continue;
      }
      out.add(new DraftComponent(slo.get(), weight.orElse(1.0), item.get("slo").orElseThrow()));
    }
    return ok ? out : List.of();
  }

  /**
   * The SLOs of the composites whose components all resolve (to SLOs or other composites, with no
   * cycle), appended to {@code specs} after reporting every problem.
   */
  void resolve(List<Draft> drafts, List<SloSpec> specs) {
    Map<String, SloSpec> plain = new HashMap<>();
    for (SloSpec s : specs) {
      plain.putIfAbsent(s.name(), s);
    }
    Map<String, Draft> byName = new LinkedHashMap<>();
    for (Draft d : drafts) {
      byName.putIfAbsent(d.name(), d);
    }
    Set<String> bad = new HashSet<>();
    for (Draft d : drafts) {
      for (DraftComponent c : d.components()) {
        SloSpec spec = plain.get(c.slo());
        if (spec == null && !byName.containsKey(c.slo())) {
          List<String> known = new ArrayList<>(plain.keySet());
          known.addAll(byName.keySet());
          java.util.Collections.sort(known);
          diagnostics.error(
              c.at(),
              "no SLO named "
                  + c.slo()
                  + " is loaded; known: "
                  + String.join(", ", known.subList(0, Math.min(20, known.size())))
                  + (known.size() > 20 ? ", ..." : ""));
          bad.add(d.name());
        } else if (spec != null && !spec.sli().evaluable()) {
          diagnostics.error(
              c.at(),
              "the SLO "
                  + c.slo()
                  + " is not evaluable ("
                  + spec.sli().notEvaluableReason().orElse("")
                  + "), so it cannot be part of a composite");
          bad.add(d.name());
        }
      }
    }
    // Cycles: a depth-first walk over composite-to-composite edges.
    Map<String, Integer> state = new HashMap<>();
    for (Draft d : byName.values()) {
      cycle(d, byName, state, new ArrayList<>(), bad);
    }
    // A composite over a broken composite is broken too.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Draft d : byName.values()) {
        if (!bad.contains(d.name())
            && d.components().stream().anyMatch(c -> bad.contains(c.slo()))) {
          bad.add(d.name());
          changed = true;
        }
      }
    }
    for (Draft d : drafts) {
      if (bad.contains(d.name())) {
        continue;
      }
      List<SliQuery.Term> terms = new ArrayList<>();
      collectTerms(d, byName, plain, terms);
      StringBuilder text = new StringBuilder("composite(");
      for (int i = 0; i < d.components().size(); i++) {
        DraftComponent c = d.components().get(i);
        text.append(i == 0 ? "" : ", ").append(c.slo()).append(" x ").append(c.weight());
      }
      text.append(')');
      SliQuery query = new SliQuery(text.toString(), terms);
      specs.add(
          new SloSpec(
              d.name(),
              d.service(),
              d.description(),
              d.objective(),
              new dev.burnrate.slo.definition.TimeWindow.Rolling(d.window()),
              BudgetingMethod.OCCURRENCES,
              Optional.empty(),
              Sli.badOverTotal(query, query),
              Optional.empty(),
              d.labels(),
              placeOf(d.node()),
              List.of(),
              d.components().stream()
                  .map(c -> new SloSpec.Component(c.slo(), c.weight()))
                  .toList()));
    }
  }

  private void cycle(
      Draft d,
      Map<String, Draft> byName,
      Map<String, Integer> state,
      List<String> path,
      Set<String> bad) {
    Integer st = state.get(d.name());
    if (st != null && st == 2) {
      return;
    }
    if (st != null && st == 1) {
      int from = path.indexOf(d.name());
      List<String> loop = new ArrayList<>(path.subList(from, path.size()));
      loop.add(d.name());
      diagnostics.error(
          d.node().anchor(),
          "spec.components",
          "composite SLOs form a cycle: " + String.join(" -> ", loop));
      bad.addAll(loop);
      return;
    }
    state.put(d.name(), 1);
    path.add(d.name());
    for (DraftComponent c : d.components()) {
      Draft next = byName.get(c.slo());
      if (next != null) {
        cycle(next, byName, state, path, bad);
      }
    }
    path.remove(path.size() - 1);
    state.put(d.name(), 2);
  }

  /** Every counter term of the plain SLOs under a composite, for the composite's SLI text. */
  private static void collectTerms(
      Draft d, Map<String, Draft> byName, Map<String, SloSpec> plain, List<SliQuery.Term> out) {
    for (DraftComponent c : d.components()) {
      SloSpec spec = plain.get(c.slo());
      if (spec != null) {
        spec.sli().good().ifPresent(q -> out.addAll(q.terms()));
        spec.sli().bad().ifPresent(q -> out.addAll(q.terms()));
        spec.sli().total().ifPresent(q -> out.addAll(q.terms()));
      } else {
        collectTerms(byName.get(c.slo()), byName, plain, out);
      }
    }
  }
}
