package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.promql.PromQl;
import dev.burnrate.slo.promql.PromQlException;
import dev.burnrate.slo.promql.SliQuery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, checked access to YAML fields; every problem becomes a diagnostic with its place. */
abstract class FieldReader {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([mhdwMQY])");

  /** The longest duration accepted: ten years, far beyond any SLO window. */
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  final Diagnostics diagnostics;

  FieldReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** An OpenSLO duration-shorthand: an amount and one unit letter. */
  record DurationValue(long amount, char unit, String text) {
    Duration toDuration() {
      return switch (unit) {
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        case 'w' -> Duration.ofDays(7 * amount);
        case 'M' -> Duration.ofDays(30 * amount);
        case 'Q' -> Duration.ofDays(90 * amount);
        default -> Duration.ofDays(365 * amount);
      };
    }
  }

  /** What became of a query: parsed, valid PromQL outside the subset, or invalid. */
  sealed interface QueryResult {
    record Parsed(SliQuery query) implements QueryResult {}

    record Unsupported(String reason) implements QueryResult {}

    record Invalid() implements QueryResult {}
  }

  static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** Reports a missing field at its parent's place. */
  void missing(YNode parent, String key, String what) {
    diagnostics.error(parent.anchor(), join(parent.path(), key), "is required: " + what);
  }

  /** Checks that a node is a mapping. */
  boolean expectMap(YNode n, String what) {
    if (n.isMap()) {
      for (YNode dup : n.duplicateKeys()) {
        diagnostics.error(dup, "duplicate key; each field may appear once");
      }
      return true;
    }
    diagnostics.error(n, "must be a mapping (" + what + "), got " + n.describe());
    return false;
  }

  /** Warns about keys that are not among the known ones (likely typos). */
  void knownKeys(YNode map, Set<String> known) {
    for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        diagnostics.warning(
            e.getValue(),
            "unknown field, ignored; the fields allowed here are "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /** A mapping-valued field. */
  Optional<YNode> map(YNode parent, String key, boolean required, String what) {
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      if (required) {
        missing(parent, key, what);
      }
      return Optional.empty();
    }
    return expectMap(n.get(), what) ? n : Optional.empty();
  }

  /** A string-valued field (any scalar is taken as its text). */
  Optional<String> string(YNode parent, String key, boolean required, String what) {
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      if (required) {
        missing(parent, key, what);
      }
      return Optional.empty();
    }
    if (!n.get().isScalar()) {
      diagnostics.error(n.get(), "must be text (" + what + "), got " + n.get().describe());
      return Optional.empty();
    }
    if (required && n.get().text().isBlank()) {
      diagnostics.error(n.get(), "must not be empty: " + what);
      return Optional.empty();
    }
    return Optional.of(n.get().text());
  }

  /** A number-valued field. */
  Optional<Double> number(YNode parent, String key, boolean required, String what) {
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      if (required) {
        missing(parent, key, what);
      }
      return Optional.empty();
    }
    if (!n.get().isNumber()) {
      diagnostics.error(n.get(), "must be a number (" + what + "), got " + n.get().describe());
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(n.get().text().replace("_", "")));
    } catch (NumberFormatException e) {
      diagnostics.error(
          n.get(), "must be a decimal number (" + what + "), got " + n.get().describe());
      return Optional.empty();
    }
  }

  /** A boolean-valued field. */
  Optional<Boolean> bool(YNode parent, String key) {
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!n.get().isBool()) {
      diagnostics.error(n.get(), "must be true or false, got " + n.get().describe());
      return Optional.empty();
    }
    return Optional.of(Boolean.parseBoolean(n.get().text().toLowerCase(java.util.Locale.ROOT)));
  }

  /** A duration-shorthand field such as {@code 5m} or {@code 1M}. */
  Optional<DurationValue> duration(YNode parent, String key, boolean required, String what) {
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty()) {
      if (required) {
        missing(parent, key, what);
      }
      return Optional.empty();
    }
    return durationValue(n.get(), what);
  }

  Optional<DurationValue> durationValue(YNode n, String what) {
    Matcher m = DURATION.matcher(n.text());
    if (!n.isScalar() || !m.matches() || Long.parseLong(m.group(1)) == 0) {
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
    DurationValue v = new DurationValue(Long.parseLong(m.group(1)), m.group(2).charAt(0), n.text());
    if (v.toDuration().compareTo(MAX_DURATION) > 0) {
      diagnostics.error(
          n, "is longer than Burnrate supports: at most 10 years (10Y), got " + v.text());
      return Optional.empty();
    }
    return Optional.of(v);
  }

  /** Labels as a map of strings, or of lists of strings (joined with commas). */
  Map<String, String> labels(YNode parent, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<YNode> n = parent.getNonNull(key);
    if (n.isEmpty() || !expectMap(n.get(), "label names to values")) {
      return out;
    }
    for (Map.Entry<String, YNode> e : n.get().entries().entrySet()) {
      YNode v = e.getValue();
      if (v.isNull()) {
        out.put(e.getKey(), "");
      } else if (v.isScalar()) {
        out.put(e.getKey(), v.text());
      } else if (v.isList() && v.items().stream().allMatch(YNode::isScalar)) {
        out.put(e.getKey(), String.join(",", v.items().stream().map(YNode::text).toList()));
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
  QueryResult counterQuery(YNode scalar, boolean bareCounters) {
    return parseQuery(scalar, text -> PromQl.parseCounterSum(text, bareCounters));
  }

  QueryResult parseQuery(YNode scalar, Function<String, SliQuery> parse) {
    if (!scalar.isScalar() || scalar.text().isBlank()) {
      diagnostics.error(scalar, "must be a PromQL query as text, got " + scalar.describe());
      return new QueryResult.Invalid();
    }
    try {
      return new QueryResult.Parsed(parse.apply(scalar.text()));
    } catch (PromQlException e) {
      return queryProblem(scalar, e);
    }
  }

  QueryResult queryProblem(YNode scalar, PromQlException e) {
    SourceLocation at = scalar.locationAt(e.offset());
    if (e.unsupported()) {
      diagnostics.warning(at, scalar.path(), "the SLI is not evaluable by Burnrate: " + e.reason());
      return new QueryResult.Unsupported(e.reason());
    }
    diagnostics.error(at, scalar.path(), "invalid PromQL: " + e.reason());
    return new QueryResult.Invalid();
  }

  static List<String> sorted(Set<String> s) {
    return List.copyOf(new TreeSet<>(s));
  }
}
