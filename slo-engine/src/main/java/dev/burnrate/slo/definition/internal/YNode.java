package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node with the field path that led to it, such as {@code spec.objectives[0].target}, and
 * its place in the file.
 */
final class YNode {
  private final Node node;
  private final String path;
  private final SourceText source;
  private final SourceLocation location;
  private final SourceLocation keyLocation;
  private Map<String, YNode> entries;

  YNode(
      Node node,
      String path,
      SourceText source,
      SourceLocation location,
      SourceLocation keyLocation) {
    this.node = node;
    this.path = path;
    this.source = source;
    this.location = location;
    this.keyLocation = keyLocation;
  }

  static YNode root(Node node, SourceText source) {
    return new YNode(node, "", source, locationOf(node, source), null);
  }

  private static SourceLocation locationOf(Node node, SourceText source) {
    return node.getStartMark()
        .map(m -> new SourceLocation(source.name(), m.getLine() + 1, m.getColumn() + 1))
        .orElse(new SourceLocation(source.name(), 1, 1));
  }

  /** This node as the root of an object, so field paths start at its own keys. */
  YNode asRoot() {
    return new YNode(node, "", source, location, keyLocation);
  }

  /** An empty mapping standing for an optional field that is absent. */
  YNode emptyChild(String key) {
    return new YNode(
        new MappingNode(Tag.MAP, new ArrayList<>(), org.snakeyaml.engine.v2.common.FlowStyle.AUTO),
        join(path, key),
        source,
        location,
        anchor());
  }

  /** The field path, empty for a document's root. */
  String path() {
    return path;
  }

  /** Where the node starts in its file. */
  SourceLocation location() {
    return location;
  }

  /**
   * Where messages about this value point: the value itself when it is a scalar, else the key that
   * introduces it (a mapping's first key is less telling than its own key).
   */
  SourceLocation anchor() {
    return isScalar() || keyLocation == null ? location : keyLocation;
  }

  /** The file's name. */
  String file() {
    return source.name();
  }

  /** Whether the value is null ({@code ~}, {@code null} or nothing). */
  boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** Whether the value is a mapping. */
  boolean isMap() {
    return node instanceof MappingNode;
  }

  /** Whether the value is a sequence. */
  boolean isList() {
    return node instanceof SequenceNode;
  }

  /** Whether the value is a scalar that is not null. */
  boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  /** Whether the scalar is a YAML number. */
  boolean isNumber() {
    return node instanceof ScalarNode s
        && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
  }

  /** Whether the scalar is a YAML boolean. */
  boolean isBool() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL);
  }

  /** The scalar's text. */
  String text() {
    return node instanceof ScalarNode s ? s.getValue() : "";
  }

  /** A short description of the kind of value, for messages. */
  String describe() {
    if (isNull()) {
      return "null";
    }
    if (isMap()) {
      return "a mapping";
    }
    if (isList()) {
      return "a list";
    }
    if (isNumber()) {
      return "the number " + text();
    }
    if (isBool()) {
      return text();
    }
    return "\"" + abbreviate(text()) + "\"";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** The entries of a mapping in file order, keyed by their text; empty for other values. */
  Map<String, YNode> entries() {
    if (entries != null) {
      return entries;
    }
    Map<String, YNode> out = new LinkedHashMap<>();
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        out.putIfAbsent(
            key,
            new YNode(
                t.getValueNode(),
                join(path, key),
                source,
                locationOf(t.getValueNode(), source),
                locationOf(t.getKeyNode(), source)));
      }
    }
    entries = java.util.Collections.unmodifiableMap(out);
    return entries;
  }

  /** The keys of a mapping that appear more than once, each with its second occurrence. */
  List<YNode> duplicateKeys() {
    List<YNode> out = new ArrayList<>();
    if (node instanceof MappingNode m) {
      Map<String, Boolean> seen = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
        if (seen.put(key, Boolean.TRUE) != null) {
          out.add(child(t.getKeyNode(), join(path, key)));
        }
      }
    }
    return out;
  }

  /** The value of a mapping's key, when present. */
  Optional<YNode> get(String key) {
    return Optional.ofNullable(entries().get(key));
  }

  /** The value of a mapping's key, when present and not null. */
  Optional<YNode> getNonNull(String key) {
    return get(key).filter(n -> !n.isNull());
  }

  /** The items of a sequence; empty for other values. */
  List<YNode> items() {
    List<YNode> out = new ArrayList<>();
    if (node instanceof SequenceNode s) {
      List<Node> value = s.getValue();
      for (int i = 0; i < value.size(); i++) {
        out.add(child(value.get(i), path + "[" + i + "]"));
      }
    }
    return out;
  }

  private YNode child(Node n, String childPath) {
    return new YNode(n, childPath, source, locationOf(n, source), null);
  }

  private static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /**
   * The location of a character of this scalar's value: exact for one-line scalars and for block
   * scalars ({@code |}, {@code >}) whose lines are not folded together, else the scalar's line.
   */
  SourceLocation locationAt(int offset) {
    if (!(node instanceof ScalarNode s) || node.getStartMark().isEmpty()) {
      return location;
    }
    Mark start = node.getStartMark().get();
    int endLine = node.getEndMark().map(Mark::getLine).orElse(start.getLine());
    ScalarStyle style = s.getScalarStyle();
    boolean block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
    boolean quoted = style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED;
    int line = block ? start.getLine() + 1 : start.getLine();
    int indent = block ? blockIndent(line, endLine) : 0;
    int remaining = Math.max(0, offset);
    while (true) {
      String src = source.line(line);
      int segmentStart;
      if (line == start.getLine()) {
        segmentStart = start.getColumn() + (quoted ? 1 : 0);
      } else if (block) {
        segmentStart = Math.min(indent, src.length());
      } else {
        segmentStart = firstNonSpace(src);
      }
      int segmentLength = Math.max(0, src.length() - segmentStart);
      if (remaining <= segmentLength || line >= endLine) {
        return new SourceLocation(source.name(), line + 1, segmentStart + remaining + 1);
      }
      remaining -= segmentLength + 1;
      line++;
    }
  }

  private int blockIndent(int from, int endLine) {
    for (int l = from; l <= endLine; l++) {
      String src = source.line(l);
      if (!src.isBlank()) {
        return firstNonSpace(src);
      }
    }
    return 0;
  }

  private static int firstNonSpace(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
