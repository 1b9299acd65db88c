package dev.burnrate.slo.definition.internal;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the YAML documents of one file into nodes with marks, within limits that keep hostile files
 * (alias bombs, deep nesting, huge files) from exhausting memory or stack.
 */
public final class YamlDocuments {
  /** The largest file accepted, in bytes. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  /** The deepest nesting of mappings and sequences accepted. */
  public static final int MAX_DEPTH = 64;

  /** The most aliases ({@code *name}) accepted in one file. */
  public static final int MAX_ALIASES = 100;

  private YamlDocuments() {}

  private static LoadSettings settings(String name) {
    return LoadSettings.builder()
        .setLabel(name)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowDuplicateKeys(true) // reported by the loaders, with both places
        .setCodePointLimit((int) MAX_FILE_BYTES)
        .setUseMarks(true)
        .build();
  }

  /** The documents of a file; on a YAML error, records it and returns the documents before it. */
  public static List<YNode> read(SourceText source, String content, Diagnostics diagnostics) {
    LoadSettings settings = settings(source.name());
    try {
      if (!withinLimits(source, content, settings, diagnostics)) {
        return List.of();
      }
      List<YNode> out = new ArrayList<>();
      for (Node n : new Compose(settings).composeAllFromString(content)) {
        out.add(YNode.root(n, source));
      }
      return out;
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      diagnostics.error(location(source, m), "", "invalid YAML: " + problem + context);
    } catch (YamlEngineException e) {
      diagnostics.error(location(source, null), "", "invalid YAML: " + e.getMessage());
    } catch (StackOverflowError e) {
      diagnostics.error(
          location(source, null),
          "",
          "YAML nesting is too deep; at most " + MAX_DEPTH + " levels are allowed");
    }
    return List.of();
  }

  /** Walks the events (no tree is built) to check depth and aliases before composing. */
  private static boolean withinLimits(
      SourceText source, String content, LoadSettings settings, Diagnostics diagnostics) {
    int depth = 0;
    int aliases = 0;
    for (Event e : new Parse(settings).parseString(content)) {
      switch (e.getEventId()) {
        case MappingStart, SequenceStart -> {
          depth++;
          if (depth > MAX_DEPTH) {
            diagnostics.error(
                location(source, e.getStartMark().orElse(null)),
                "",
                "YAML nesting is too deep; at most " + MAX_DEPTH + " levels are allowed");
            return false;
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        case Alias -> {
          aliases++;
          if (aliases > MAX_ALIASES) {
            diagnostics.error(
                location(source, e.getStartMark().orElse(null)),
                "",
                "too many YAML aliases; at most "
                    + MAX_ALIASES
                    + " are allowed in one file (this limit stops alias bombs)");
            return false;
          }
        }
        default -> {}
      }
    }
    return true;
  }

  private static dev.burnrate.slo.definition.SourceLocation location(SourceText source, Mark m) {
    return m == null
        ? new dev.burnrate.slo.definition.SourceLocation(source.name(), 1, 1)
        : new dev.burnrate.slo.definition.SourceLocation(
            source.name(), m.getLine() + 1, m.getColumn() + 1);
  }
}
