package dev.burnrate.yaml;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML value with its place in the file and the field path that led to it, such as {@code
 * spec.objectives[0].target}, so every problem reads {@code file:line:column: path: message}.
 *
 * <p>Two ways to read it: lenient views ({@link #entries}, {@link #items}, {@link #get}) for
 * readers that collect many diagnostics, and checked accessors ({@link #mapping}, {@link #text},
 * {@link #duration}, {@link #asEnum}) that throw a {@link YamlException} naming what is allowed,
 * for binding settings. A {@link #field} that is absent is a missing node: its checked accessors
 * say the field is required.
 */
public final class YamlNode {
  private final Node node; // null for a missing field
  private final String path;
  private final SourceLines source;
  private final Location location;
  private final Location keyLocation;
  private final UnaryOperator<String> scalars; // null: no ${NAME} replacement
  private Map<String, YamlNode> entries;

  private YamlNode(
      Node node,
      String path,
      SourceLines source,
      Location location,
      Location keyLocation,
      UnaryOperator<String> scalars) {
    this.node = node;
    this.path = requireNonNull(path, "path");
    this.source = source;
    this.location = location;
    this.keyLocation = keyLocation;
    this.scalars = scalars;
  }

  static YamlNode root(Node node, SourceLines source) {
    return new YamlNode(node, "", source, locationOf(node, source), null, null);
  }

  /** Wraps a node that another reader composed, such as a section of a larger file. */
  public static YamlNode of(Node node, String file, String path) {
    SourceLines source = SourceLines.unknown(file);
    return new YamlNode(
        requireNonNull(node, "node"), path, source, locationOf(node, source), null, null);
  }

  private static Location locationOf(Node node, SourceLines source) {
    return node.getStartMark()
        .map(m -> YamlDocuments.location(source.name(), m))
        .orElse(Location.inFile(source.name()));
  }

  /**
   * This node, and every node below it, with {@code ${NAME}} in scalars replaced by {@code
   * environment}'s value for NAME; a name it has no value for (null) is an error at the scalar.
   */
  public YamlNode withEnvironment(UnaryOperator<String> environment) {
    requireNonNull(environment, "environment");
    return new YamlNode(node, path, source, location, keyLocation, environment);
  }

  /** This node as the root of an object, so field paths start at its own keys. */
  public YamlNode asRoot() {
    return new YamlNode(node, "", source, location, keyLocation, scalars);
  }

  /** An empty mapping standing for an optional field that is absent. */
  public YamlNode emptyChild(String key) {
    Node empty = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.AUTO);
    return new YamlNode(empty, join(path, key), source, location, anchor(), scalars);
  }

  /** The field path, empty for a document's root. */
  public String path() {
    return path;
  }

  /** Where the node starts in its file (a missing field: where its parent is). */
  public Location location() {
    return location;
  }

  /**
   * Where messages about this value point: the value itself when it is a scalar, else the key that
   * introduces it (a mapping's first key is less telling than its own key).
   */
  public Location anchor() {
    return isScalar() || keyLocation == null ? location : keyLocation;
  }

  /** Where the key that introduces this value starts; the value's place for a root or an item. */
  public Location keyLocation() {
    return keyLocation == null ? location : keyLocation;
  }

  /** The file's name. */
  public String file() {
    return source.name();
  }

  /** An error at this node: {@code file:line:column: path: message}. */
  public YamlException error(String message) {
    return new YamlException(location, path, message);
  }

  /** Whether this is a field that the mapping does not have. */
  public boolean isMissing() {
    return node == null;
  }

  /** Whether the value is null ({@code ~}, {@code null} or nothing). */
  public boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** Whether the value is a mapping. */
  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** Whether the value is a sequence. */
  public boolean isSequence() {
    return node instanceof SequenceNode;
  }

  /** Whether the value is a scalar that is not null. */
  public boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  /** Whether the scalar is a YAML number. */
  public boolean isNumber() {
    return node instanceof ScalarNode s
        && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
  }

  /** Whether the scalar is a YAML boolean. */
  public boolean isBool() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL);
  }

  /** The scalar's text as written; empty for other values. */
  public String scalarText() {
    return node instanceof ScalarNode s ? s.getValue() : "";
  }

  /** A short description of the kind of value, for messages. */
  public String describe() {
    if (isMissing()) {
      return "nothing";
    }
    if (isNull()) {
      return "null";
    }
    if (isMapping()) {
      return "a mapping";
    }
    if (isSequence()) {
      return "a list";
    }
    if (isNumber()) {
      return "the number " + scalarText();
    }
    if (isBool()) {
      return scalarText();
    }
    String s = scalarText();
    return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
  }

  /** The entries of a mapping in file order, the first of repeated keys; empty for others. */
  public Map<String, YamlNode> entries() {
    if (entries != null) {
      return entries;
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        Node v = t.getValueNode();
        out.putIfAbsent(
            key,
            new YamlNode(
                v,
                join(path, key),
                source,
                locationOf(v, source),
                locationOf(t.getKeyNode(), source),
                scalars));
      }
    }
    entries = Collections.unmodifiableMap(out);
    return entries;
  }

  /** The keys of a mapping that appear more than once, each at its second occurrence. */
  public List<YamlNode> duplicateKeys() {
    List<YamlNode> out = new ArrayList<>();
    if (node instanceof MappingNode m) {
      Set<String> seen = new LinkedHashSet<>();
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        if (!seen.add(key)) {
          out.add(child(t.getKeyNode(), join(path, key)));
        }
      }
    }
    return out;
  }

  /** The value of a mapping's key, when present. */
  public Optional<YamlNode> get(String key) {
    return Optional.ofNullable(entries().get(key));
  }

  /** The value of a mapping's key, when present and not null. */
  public Optional<YamlNode> getNonNull(String key) {
    return get(key).filter(n -> !n.isNull());
  }

  /** The value of a mapping's key, or a missing node at this one's place when absent. */
  public YamlNode field(String key) {
    return get(key)
        .orElseGet(() -> new YamlNode(null, join(path, key), source, anchor(), null, scalars));
  }

  /** The items of a sequence; empty for other values. */
  public List<YamlNode> items() {
    List<YamlNode> out = new ArrayList<>();
    if (node instanceof SequenceNode s) {
      List<Node> value = s.getValue();
      for (int i = 0; i < value.size(); i++) {
        out.add(child(value.get(i), path + "[" + i + "]"));
      }
    }
    return out;
  }

  private YamlNode child(Node n, String childPath) {
    return new YamlNode(n, childPath, source, locationOf(n, source), null, scalars);
  }

  private static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** Where a character of this scalar's value is; see {@link ScalarPositions}. */
  public Location locationAt(int offset) {
    return node instanceof ScalarNode s
        ? ScalarPositions.locationAt(s, source, offset, location)
        : location;
  }

  private void requirePresent() {
    if (node == null) {
      throw error("is required");
    }
  }

  /**
   * The entries of a mapping, in file order; a key outside {@code allowed} (when given), a repeated
   * key or a key that is not text is an error.
   */
  public Map<String, YamlNode> mapping(Set<String> allowed) {
    requirePresent();
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping");
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw child(t.getKeyNode(), path).error("keys must be plain strings");
      }
      YamlNode key = child(k, join(path, k.getValue()));
      if (allowed != null && !allowed.contains(k.getValue())) {
        throw key.error("unknown key; expected one of " + allowed.stream().sorted().toList());
      }
      if (out.put(k.getValue(), entries().get(k.getValue())) != null) {
        throw key.error("duplicate key");
      }
    }
    return out;
  }

  /** Checks that this is a mapping with no key outside {@code allowed} and none repeated. */
  public YamlNode requireOnly(Set<String> allowed) {
    mapping(requireNonNull(allowed, "allowed"));
    return this;
  }

  /** The items of a sequence. */
  public List<YamlNode> sequence() {
    requirePresent();
    if (!(node instanceof SequenceNode)) {
      throw error("expected a list");
    }
    return items();
  }

  /** A list of strings: a sequence of scalars, or one scalar. */
  public List<String> strings() {
    if (node instanceof ScalarNode) {
      return List.of(text());
    }
    return sequence().stream().map(YamlNode::text).toList();
  }

  /**
   * A scalar as YAML resolved it: a {@code Long}, {@code Double}, {@code Boolean}, null or a {@code
   * String}, so {@code 60} is a number and {@code '60'} is text.
   */
  public Object scalar() {
    String t = text();
    try {
      if (node.getTag().equals(Tag.INT)) {
        return Long.parseLong(t.replace("_", ""));
      }
      if (node.getTag().equals(Tag.FLOAT)) {
        return Double.parseDouble(t);
      }
    } catch (NumberFormatException e) {
      return t;
    }
    if (node.getTag().equals(Tag.BOOL)) {
      return bool();
    }
    return node.getTag().equals(Tag.NULL) ? null : t;
  }

  /** The scalar's text, with {@code ${NAME}} replaced when the node has an environment. */
  public String text() {
    requirePresent();
    if (!(node instanceof ScalarNode s)) {
      throw error("expected a single value");
    }
    return EnvironmentReferences.expand(s.getValue(), scalars, this);
  }

  /** A scalar that is not blank. */
  public String nonBlank() {
    String t = text();
    if (t.isBlank()) {
      throw error("must not be empty");
    }
    return t;
  }

  /** A boolean: true, false, yes, no, on or off. */
  public boolean bool() {
    return ScalarValues.bool(text(), this);
  }

  /** A whole number within bounds. */
  public int integer(int min, int max) {
    return ScalarValues.integer(text(), min, max, this);
  }

  /** A finite number. */
  public double number() {
    return ScalarValues.number(text(), this);
  }

  /** A duration in the one grammar of {@link Durations}, such as {@code 30s} or {@code 1h30m}. */
  public Duration duration() {
    return ScalarValues.duration(text(), this);
  }

  /**
   * One of an enum's constants, written as its name in any case with {@code -} for {@code _}
   * ({@code on-call} for {@code ON_CALL}); anything else is an error listing the choices.
   */
  public <E extends Enum<E>> E asEnum(Class<E> type) {
    return ScalarValues.oneOf(text(), type, this);
  }
}
