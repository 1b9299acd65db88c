package dev.burnrate.bridge.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML node that knows its file, line and path, so every configuration error reads {@code
 * file:line:column: path: message}.
 */
public final class YamlNode {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private final String file;
  private final String path;
  private final Node node;

  private YamlNode(String file, String path, Node node) {
    this.file = requireNonNull(file, "file");
    this.path = requireNonNull(path, "path");
    this.node = requireNonNull(node, "node");
  }

  /** Parses a document; an empty document is an empty mapping. */
  public static YamlNode parse(String text, String file) {
    try {
      Optional<Node> root =
          new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
      return new YamlNode(
          file,
          "",
          root.orElseGet(
              () ->
                  new MappingNode(
                      org.snakeyaml.engine.v2.nodes.Tag.MAP,
                      List.of(),
                      org.snakeyaml.engine.v2.common.FlowStyle.BLOCK)));
    } catch (MarkedYamlEngineException e) {
      String where =
          e.getProblemMark()
              .map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
              .orElse(file);
      throw new IllegalArgumentException(where + ": invalid YAML: " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(file + ": invalid YAML: " + e.getMessage(), e);
    }
  }

  /** Wraps a node that another loader composed (for a section embedded in a larger file). */
  public static YamlNode of(Node node, String file, String path) {
    return new YamlNode(file, path, node);
  }

  /** The path of this node, such as {@code bridge.connectors[0].url}. */
  public String path() {
    return path;
  }

  /** {@code file:line:column} of this node. */
  public String location() {
    Optional<Mark> m = node.getStartMark();
    return m.map(x -> file + ":" + (x.getLine() + 1) + ":" + (x.getColumn() + 1)).orElse(file);
  }

  /** An error at this node. */
  public IllegalArgumentException error(String message) {
    return new IllegalArgumentException(
        location() + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  /** True when this node is a mapping. */
  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** The entries of a mapping, in file order; rejects keys outside {@code allowed} when given. */
  public Map<String, YamlNode> mapping(Set<String> allowed) {
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping");
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlNode(file, path, t.getKeyNode()).error("keys must be plain strings");
      }
      String key = k.getValue();
      YamlNode child =
          new YamlNode(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
      if (allowed != null && !allowed.contains(key)) {
        throw new YamlNode(file, child.path, k)
            .error("unknown key; expected one of " + allowed.stream().sorted().toList());
      }
      if (out.put(key, child) != null) {
        throw new YamlNode(file, child.path, k).error("duplicate key");
      }
    }
    return out;
  }

  /** True when this node is a sequence. */
  public boolean isSequence() {
    return node instanceof SequenceNode;
  }

  /**
   * A scalar as YAML resolved it: a {@code Long}, {@code Double}, {@code Boolean}, null or a {@code
   * String}, so {@code 60} is a number and {@code '60'} is text.
   */
  public Object scalar() {
    String t = text();
    org.snakeyaml.engine.v2.nodes.Tag tag = node.getTag();
    try {
      if (tag.equals(org.snakeyaml.engine.v2.nodes.Tag.INT)) {
        return Long.parseLong(t.replace("_", ""));
      }
      if (tag.equals(org.snakeyaml.engine.v2.nodes.Tag.FLOAT)) {
        return Double.parseDouble(t);
      }
    } catch (NumberFormatException e) {
      return t;
    }
    if (tag.equals(org.snakeyaml.engine.v2.nodes.Tag.BOOL)) {
      return bool();
    }
    if (tag.equals(org.snakeyaml.engine.v2.nodes.Tag.NULL)) {
      return null;
    }
    return t;
  }

  /** The items of a sequence. */
  public List<YamlNode> sequence() {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list");
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < s.getValue().size(); i++) {
      out.add(new YamlNode(file, path + "[" + i + "]", s.getValue().get(i)));
    }
    return out;
  }

  /** A list of strings: a sequence of scalars, or one scalar. */
  public List<String> strings() {
    if (node instanceof ScalarNode) {
      return List.of(text());
    }
    return sequence().stream().map(YamlNode::text).toList();
  }

  /** The scalar's text, with {@code ${NAME}} replaced from the environment. */
  public String text() {
    if (!(node instanceof ScalarNode s)) {
      throw error("expected a single value");
    }
    return expand(s.getValue());
  }

  /** A non-blank scalar. */
  public String nonBlank() {
    String t = text();
    if (t.isBlank()) {
      throw error("must not be empty");
    }
    return t;
  }

  /** A boolean scalar. */
  public boolean bool() {
    String t = text().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("expected true or false, got '" + text() + "'");
    };
  }

  /** An integer within bounds. */
  public int integer(int min, int max) {
    try {
      int v = Integer.parseInt(text().trim());
      if (v < min || v > max) {
        throw error("must be between " + min + " and " + max + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a whole number, got '" + text() + "'");
    }
  }

  /** A finite number. */
  public double number() {
    try {
      double v = Double.parseDouble(text().trim());
      if (!Double.isFinite(v)) {
        throw error("expected a finite number, got '" + text() + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a number, got '" + text() + "'");
    }
  }

  /**
   * A duration such as {@code 500ms}, {@code 30s}, {@code 30m}, {@code 2h}, {@code 7d}, {@code
   * 1h30m}.
   */
  public Duration duration() {
    try {
      return parseDuration(text());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** Parses a duration in the files' notation. */
  public static Duration parseDuration(String text) {
    String t = text.trim();
    Matcher m = DURATION_PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      try {
        total = add(total, Long.parseLong(m.group(1)), m.group(2));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("the duration '" + text + "' is too long");
      }
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException(
          "expected a duration such as 30s, 30m, 2h or 7d, got '" + text + "'");
    }
    return total;
  }

  private static Duration add(Duration total, long n, String unit) {
    return total.plus(
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(Math.multiplyExact(7, n));
        });
  }

  private String expand(String value) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("${", i);
      if (start < 0) {
        out.append(value, i, value.length());
        break;
      }
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw error("unterminated ${ in value");
      }
      String name = value.substring(start + 2, end);
      String v = System.getenv(name);
      if (v == null) {
        throw error("environment variable " + name + " is not set");
      }
      out.append(value, i, start).append(v);
      i = end + 1;
    }
    return out.toString();
  }
}
