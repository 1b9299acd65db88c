package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.slo.promql.SliQuery;
import dev.burnrate.yaml.Location;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Typed, checked access to YAML fields; every problem becomes a diagnostic with its place. */
abstract class FieldReader {
  /** The longest duration accepted: ten years, far beyond any SLO window. */
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  /** A DNS label, as OpenSLO and the burnrate.dev kinds name their objects: at most 63 long. */
  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  final Diagnostics diagnostics;

  FieldReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** What became of a query: parsed, valid PromQL outside the subset, or invalid. */
  sealed interface QueryResult {
    record Parsed(SliQuery query) implements QueryResult {}

    record Unsupported(String reason) implements QueryResult {}

    record Invalid() implements QueryResult {}
  }

  /** Where a node starts, as the SLO model names places. */
  static SourceLocation placeOf(YamlNode n) {
    return Diagnostics.sourceLocation(n.location());
  }

  static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** Reports a missing field at its parent's place. */
  void missing(YamlNode parent, String key, String what) {
    diagnostics.error(parent.anchor(), join(parent.path(), key), "is required: " + what);
  }

  /** Checks that a node is a mapping. */
  boolean expectMap(YamlNode n, String what) {
    if (n.isMapping()) {
      for (YamlNode dup : n.duplicateKeys()) {
        diagnostics.error(dup, "duplicate key; each field may appear once");
      }
      return true;
    }
    diagnostics.error(n, "must be a mapping (" + what + "), got " + n.describe());
    return false;
  }

  /** Warns about keys that are not among the known ones (likely typos). */
  void knownKeys(YamlNode map, Set<String> known) {
    for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        diagnostics.warning(
            e.getValue(),
            "unknown field, ignored; the fields allowed here are "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /**
   * A burnrate.dev object's {@code metadata.name}, a DNS label; one that is not is reported and
   * left out.
   */
  Optional<String> dnsLabelName(YamlNode metadata, String what) {
    return name(
        metadata,
        what,
        DNS_LABEL,
        at ->
            "must be a DNS label (lower-case letters, digits and '-', at most 63), got "
                + at.scalarText());
  }

  /** {@code metadata.name}, which must match {@code valid}; one that does not is reported. */
  Optional<String> name(
      YamlNode metadata, String what, Pattern valid, Function<YamlNode, String> invalid) {
    Optional<String> name = string(metadata, "name", true, what);
    if (name.isPresent() && !valid.matcher(name.get()).matches()) {
      YamlNode at = metadata.get("name").orElseThrow();
      diagnostics.error(at, invalid.apply(at));
      return Optional.empty();
    }
    return name;
  }

  /**
   * An OpenSLO object's {@code metadata.name}, reported when it is not a DNS label as OpenSLO
   * requires (the name is returned all the same, for later checks to refer to).
   */
  Optional<String> openSloName(YamlNode metadata, Set<String> known) {
    knownKeys(metadata, known);
    string(metadata, "displayName", false, "a human-readable name");
    Optional<String> name = string(metadata, "name", true, "the object's name");
    if (name.isPresent() && !DNS_LABEL.matcher(name.get()).matches()) {
      diagnostics.error(
          metadata.get("name").orElseThrow(),
          "must be a DNS label as OpenSLO requires: at most 63 lowercase letters, digits or '-',"
              + " starting and ending with a letter or digit, got "
              + metadata.get("name").orElseThrow().describe());
    }
    return name;
  }

  /** A field that is present and not null; a required one that is absent is reported. */
  Optional<YamlNode> present(YamlNode parent, String key, boolean required, String what) {
    Optional<YamlNode> n = parent.getNonNull(key);
    if (n.isEmpty() && required) {
      missing(parent, key, what);
    }
    return n;
  }

  /** A mapping-valued field. */
  Optional<YamlNode> map(YamlNode parent, String key, boolean required, String what) {
    return present(parent, key, required, what).filter(n -> expectMap(n, what));
  }

  /** A present field of the right kind; one of another kind is reported: "must be {@code kind}". */
  private Optional<YamlNode> present(
      YamlNode parent,
      String key,
      boolean required,
      String what,
      Predicate<YamlNode> is,
      String kind) {
    Optional<YamlNode> n = present(parent, key, required, what);
    if (n.isPresent() && !is.test(n.get())) {
      diagnostics.error(n.get(), "must be " + kind + " (" + what + "), got " + n.get().describe());
      return Optional.empty();
    }
    return n;
  }

  /**
   * The document's {@code spec}, a required mapping whose keys are checked against {@code known}.
   */
  Optional<YamlNode> spec(YamlNode doc, Set<String> known, String what) {
    Optional<YamlNode> spec = map(doc, "spec", true, what);
    spec.ifPresent(s -> knownKeys(s, known));
    return spec;
  }

  /** A string-valued field (any scalar is taken as its text). */
  Optional<String> string(YamlNode parent, String key, boolean required, String what) {
    Optional<YamlNode> n = present(parent, key, required, what, YamlNode::isScalar, "text");
    if (n.isPresent() && required && n.get().scalarText().isBlank()) {
      diagnostics.error(n.get(), "must not be empty: " + what);
      return Optional.empty();
    }
    return n.map(YamlNode::scalarText);
  }

  /** A number-valued field. */
  Optional<Double> number(YamlNode parent, String key, boolean required, String what) {
    Optional<YamlNode> n = present(parent, key, required, what, YamlNode::isNumber, "a number");
    if (n.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(n.get().scalarText().replace("_", "")));
    } catch (NumberFormatException e) {
      diagnostics.error(
          n.get(), "must be a decimal number (" + what + "), got " + n.get().describe());
      return Optional.empty();
    }
  }

  /** A boolean-valued field. */
  Optional<Boolean> bool(YamlNode parent, String key) {
    Optional<YamlNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!n.get().isBool()) {
      diagnostics.error(n.get(), "must be true or false, got " + n.get().describe());
      return Optional.empty();
    }
    return Optional.of(
        Boolean.parseBoolean(n.get().scalarText().toLowerCase(java.util.Locale.ROOT)));
  }

  /** A duration-shorthand field such as {@code 5m} or {@code 1M}. */
  Optional<DurationValue> duration(YamlNode parent, String key, boolean required, String what) {
    return present(parent, key, required, what).flatMap(n -> durationValue(n, what));
  }

  Optional<DurationValue> durationValue(YamlNode n, String what) {
    Optional<DurationValue> v =
        n.isScalar() ? DurationValue.of(n.scalarText().strip()) : Optional.empty();
    if (v.isEmpty() || v.get().length().isZero()) {
      diagnostics.error(
          n,
          "must be a positive duration ("
              + what
              + ") such as 5m, 1h, 28d, 1w or 1M: a whole"
              + " number and one unit, m minutes, h hours, d days, w weeks,"
              + " M months, Q quarters, Y years; got "
              + n.describe());
      return Optional.empty();
    }
    if (v.get().length().compareTo(MAX_DURATION) > 0) {
      diagnostics.error(
          n, "is longer than Burnrate supports: at most 10 years (10Y), got " + v.get().text());
      return Optional.empty();
    }
    if (v.get().length().toSecondsPart() != 0 || v.get().length().toNanosPart() != 0) {
      diagnostics.error(
          n,
          "must be a whole number of minutes ("
              + what
              + "), as SLOs are counted by the minute; got "
              + v.get().text());
      return Optional.empty();
    }
    return v;
  }

  /** Labels as a map of strings, or of lists of strings (joined with commas). */
  Map<String, String> labels(YamlNode parent, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<YamlNode> n = parent.getNonNull(key);
    if (n.isEmpty() || !expectMap(n.get(), "label names to values")) {
      return out;
    }
    for (Map.Entry<String, YamlNode> e : n.get().entries().entrySet()) {
      YamlNode v = e.getValue();
      if (v.isNull()) {
        out.put(e.getKey(), "");
      } else if (v.isScalar()) {
        out.put(e.getKey(), v.scalarText());
      } else if (v.isSequence() && v.items().stream().allMatch(YamlNode::isScalar)) {
        out.put(
            e.getKey(), String.join(",", v.items().stream().map(YamlNode::scalarText).toList()));
      } else {
        diagnostics.error(v, "a label value must be text or a list of text, got " + v.describe());
      }
    }
    return out;
  }

  /**
   * Parses a counter query: invalid PromQL is an error, PromQL outside the subset a warning that
   * makes the SLI not evaluable.
   */
  QueryResult counterQuery(YamlNode scalar, boolean bareCounters) {
    return parseQuery(scalar, text -> PromQl.parseCounterSum(text, bareCounters));
  }

  /**
   * A ratio SLI of two parsed queries: nothing when either is invalid (already reported), not
   * evaluable when either is outside the subset.
   */
  static Optional<Sli> ratio(Sli.Kind kind, QueryResult n, QueryResult d) {
    if (n instanceof QueryResult.Invalid || d instanceof QueryResult.Invalid) {
      return Optional.empty();
    }
    if (n instanceof QueryResult.Unsupported u) {
      return Optional.of(Sli.notEvaluable(kind, u.reason()));
    }
    if (d instanceof QueryResult.Unsupported u) {
      return Optional.of(Sli.notEvaluable(kind, u.reason()));
    }
    SliQuery a = ((QueryResult.Parsed) n).query();
    SliQuery b = ((QueryResult.Parsed) d).query();
    return Optional.of(
        kind == Sli.Kind.GOOD_OVER_TOTAL ? Sli.goodOverTotal(a, b) : Sli.badOverTotal(a, b));
  }

  QueryResult parseQuery(YamlNode scalar, Function<String, SliQuery> parse) {
    if (!scalar.isScalar() || scalar.scalarText().isBlank()) {
      diagnostics.error(scalar, "must be a PromQL query as text, got " + scalar.describe());
      return new QueryResult.Invalid();
    }
    try {
      return new QueryResult.Parsed(parse.apply(scalar.scalarText()));
    } catch (PromQlException e) {
      return queryProblem(scalar, e);
    }
  }

  QueryResult queryProblem(YamlNode scalar, PromQlException e) {
    Location at = scalar.locationAt(e.offset());
    if (e.unsupported()) {
      diagnostics.warning(at, scalar.path(), "the SLI is not evaluable by Burnrate: " + e.reason());
      return new QueryResult.Unsupported(e.reason());
    }
    diagnostics.error(at, scalar.path(), "invalid PromQL: " + e.reason());
    return new QueryResult.Invalid();
  }

  /** An SLI that loads but that Burnrate does not evaluate, with a warning at {@code at}. */
  Sli notEvaluable(YamlNode at, Sli.Kind kind, String reason) {
    diagnostics.warning(at, "the SLI is not evaluable by Burnrate: " + reason);
    return Sli.notEvaluable(kind, reason);
  }

  /**
   * OpenSLO's thresholdMetric, which loads but is not evaluable: only {@code ratioKey} SLIs are.
   */
  Sli thresholdMetric(YamlNode at, String ratioKey) {
    return notEvaluable(
        at,
        Sli.Kind.THRESHOLD,
        "a thresholdMetric compares single values with a threshold; Burnrate evaluates ratios of"
            + " event counts ("
            + ratioKey
            + ")");
  }

  /**
   * A list field with at least one item; a value that is not a list is reported as "must be a
   * list{@code of}", a missing or an empty one as needing at least one {@code item}.
   */
  Optional<List<YamlNode>> nonEmptyList(YamlNode parent, String key, String of, String item) {
    return nonEmptyList(
        parent,
        key,
        of,
        given -> {
          if (given.isPresent()) {
            diagnostics.error(given.get(), "must list at least one " + item);
          } else {
            missing(parent, key, "a list of at least one " + item);
          }
        });
  }

  /** A list field with at least one item; a missing or an empty one is reported by {@code none}. */
  Optional<List<YamlNode>> nonEmptyList(
      YamlNode parent, String key, String of, Consumer<Optional<YamlNode>> none) {
    Optional<YamlNode> list = parent.getNonNull(key);
    if (list.isPresent() && !list.get().isSequence()) {
      diagnostics.error(list.get(), "must be a list" + of + ", got " + list.get().describe());
      return Optional.empty();
    }
    if (list.isEmpty() || list.get().items().isEmpty()) {
      none.accept(list);
      return Optional.empty();
    }
    return Optional.of(list.get().items());
  }

  /** An error when another objective of the SLO already has {@code name}; records it otherwise. */
  void uniqueObjectiveName(YamlNode objective, String name, Set<String> names) {
    if (!names.add(name)) {
      diagnostics.error(
          objective,
          "two objectives of this SLO would both be named "
              + name
              + "; give them different displayNames");
    }
  }

  static List<String> sorted(Set<String> s) {
    return List.copyOf(new TreeSet<>(s));
  }
}
