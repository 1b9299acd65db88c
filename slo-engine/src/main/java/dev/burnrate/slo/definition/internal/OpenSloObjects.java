package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.internal.OpenSloObjects.Built;
import dev.burnrate.slo.definition.internal.OpenSloObjects.Obj;
import dev.burnrate.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first two steps of reading OpenSLO v1: binds each object's header (kind, metadata, spec) as
 * it is read, indexed by kind and name, and resolves references to them once every file is read
 * ({@code indicatorRef}, {@code alertPolicyRef}, {@code conditionRef}, {@code targetRef}, {@code
 * metricSourceRef} may point into any file of the load; a name repeated within a kind is a warning,
 * and an error only where a reference to it is made).
 */
final class OpenSloObjects extends FieldReader {
  OpenSloObjects(Diagnostics diagnostics) {
    super(diagnostics);
    for (String k : KINDS) {
      objects.put(k, new LinkedHashMap<>());
    }
  }

  static final List<String> KINDS =
      List.of(
          "SLO",
          "SLI",
          "Service",
          "DataSource",
          "AlertPolicy",
          "AlertCondition",
          "AlertNotificationTarget");

  static final int MAX_DESCRIPTION = 1050;

  static final Set<String> OPS = Set.of("lt", "lte", "gt", "gte");

  /**
   * One OpenSLO object, as read; {@code nameValid} is false when its name broke OpenSLO's rule (the
   * error is reported, the rest of the object is still checked so that every error shows).
   */
  record Obj(
      String kind,
      String name,
      YamlNode node,
      YamlNode metadata,
      YamlNode spec,
      Map<String, String> labels,
      Map<String, String> annotations,
      boolean nameValid) {}

  /** A built value, or the fact that building failed (the errors are already reported). */
  record Built<T>(Optional<T> value) {
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

  final Map<String, Map<String, Obj>> objects = new HashMap<>();

  // Objects whose name repeats one of the same kind: checked, and references to them ambiguous.
  final List<Obj> repeated = new ArrayList<>();

  /** Reads an object's header and indexes it; returns it when it is an SLO to build later. */
  Optional<Obj> add(YamlNode node) {
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

  Optional<Obj> header(YamlNode node, String kind) {
    Optional<YamlNode> metadata =
        map(node, "metadata", true, "name, displayName, labels, annotations");
    // A Service needs nothing but its name; files often leave its spec out.
    boolean specRequired = !kind.equals("Service");
    Optional<YamlNode> spec = map(node, "spec", specRequired, "the " + kind + "'s fields");
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
            DNS_LABEL.matcher(name.get()).matches()));
  }

  Optional<String> metadataName(YamlNode metadata) {
    return openSloName(metadata, Set.of("name", "displayName", "labels", "annotations"));
  }

  /** Reports a reference to a repeated name; returns whether it is ambiguous. */
  boolean ambiguous(YamlNode ref, String kind, String name) {
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

  void description(YamlNode spec) {
    Optional<String> d = string(spec, "description", false, "free text");
    if (d.isPresent() && d.get().length() > MAX_DESCRIPTION) {
      diagnostics.error(
          spec.get("description").orElseThrow(),
          "is " + d.get().length() + " characters long; OpenSLO allows at most " + MAX_DESCRIPTION);
    }
  }

  String known(String kind) {
    Set<String> names = objects.get(kind).keySet();
    return names.isEmpty() ? "; none is defined" : "; defined: " + String.join(", ", sorted(names));
  }

  /** An object written inline: kind (checked when given), metadata and spec. */
  Optional<Obj> inline(YamlNode node, String kind) {
    knownKeys(node, Set.of("apiVersion", "kind", "metadata", "spec"));
    Optional<String> k = string(node, "kind", false, kind);
    if (k.isPresent() && !k.get().equals(kind)) {
      diagnostics.error(
          node.get("kind").orElseThrow(), "must be " + kind + " here, got " + k.get());
      return Optional.empty();
    }
    return header(node, kind);
  }
}
