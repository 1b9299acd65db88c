package dev.burnrate.yaml;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML text into {@link YamlNode}s, within limits that keep hostile files (alias bombs, deep
 * nesting, huge files) from exhausting memory or stack.
 */
public final class YamlDocuments {
  /** The largest file accepted, in bytes. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  /** The deepest nesting of mappings and sequences accepted. */
  public static final int MAX_DEPTH = 64;

  /** The most aliases ({@code *name}) accepted in one file. */
  public static final int MAX_ALIASES = 100;

  private YamlDocuments() {}

  private static LoadSettings settings(String file) {
    return LoadSettings.builder()
        .setLabel(file)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowDuplicateKeys(true) // reported by the nodes, at the second key
        .setCodePointLimit((int) MAX_FILE_BYTES)
        .setUseMarks(true)
        .build();
  }

  /**
   * The documents of a file ({@code ---} separates them), none for an empty file.
   *
   * @throws YamlException for text that is not YAML or passes a limit, at the place of the problem
   */
  public static List<YamlNode> readAll(String file, String content) {
    SourceLines source = SourceLines.of(file, content);
    LoadSettings settings = settings(file);
    try {
      checkLimits(source, content, settings);
      List<YamlNode> out = new ArrayList<>();
      for (Node n : new Compose(settings).composeAllFromString(content)) {
        out.add(YamlNode.root(n, source));
      }
      return out;
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new YamlException(location(file, m), "", "invalid YAML: " + problem + context);
    } catch (YamlEngineException e) {
      throw new YamlException(Location.startOf(file), "", "invalid YAML: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw new YamlException(Location.startOf(file), "", tooDeep());
    }
  }

  /**
   * The one document of a file; an empty file is an empty mapping.
   *
   * @throws YamlException for text that is not YAML, passes a limit or holds several documents
   */
  public static YamlNode read(String file, String content) {
    List<YamlNode> docs = readAll(file, content);
    if (docs.size() > 1) {
      throw new YamlException(
          docs.get(1).location(), "", "expected one YAML document, got " + docs.size());
    }
    if (docs.isEmpty()) {
      Node empty = new MappingNode(Tag.MAP, List.of(), FlowStyle.BLOCK);
      return YamlNode.root(empty, SourceLines.of(file, content));
    }
    return docs.get(0);
  }

  /** Walks the events (no tree is built) to check depth and aliases before composing. */
  private static void checkLimits(SourceLines source, String content, LoadSettings settings) {
    int depth = 0;
    int aliases = 0;
    for (Event e : new Parse(settings).parseString(content)) {
      switch (e.getEventId()) {
        case MappingStart, SequenceStart -> {
          depth++;
          if (depth > MAX_DEPTH) {
            throw new YamlException(
                location(source.name(), e.getStartMark().orElse(null)), "", tooDeep());
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        case Alias -> {
          aliases++;
          if (aliases > MAX_ALIASES) {
            throw new YamlException(
                location(source.name(), e.getStartMark().orElse(null)),
                "",
                "too many YAML aliases; at most "
                    + MAX_ALIASES
                    + " are allowed in one file (this limit stops alias bombs)");
          }
        }
        default -> {}
      }
    }
  }

  private static String tooDeep() {
    return "YAML nesting is too deep; at most " + MAX_DEPTH + " levels are allowed";
  }

  static Location location(String file, Mark m) {
    return m == null
        ? Location.startOf(file)
        : new Location(file, m.getLine() + 1, m.getColumn() + 1);
  }
}
