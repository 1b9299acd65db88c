package dev.burnrate.yaml;

import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Maps an offset inside a scalar's value back to its line and column in the file. */
final class ScalarPositions {
  private ScalarPositions() {}

  /**
   * The location of a character of a scalar's value: exact for one-line scalars and for block
   * scalars ({@code |}, {@code >}) whose lines are not folded together, else the scalar's line.
   */
  static Location locationAt(ScalarNode s, SourceLines source, int offset, Location fallback) {
    if (s.getStartMark().isEmpty()) {
      return fallback;
    }
    Mark start = s.getStartMark().get();
    int endLine = s.getEndMark().map(Mark::getLine).orElse(start.getLine());
    ScalarStyle style = s.getScalarStyle();
    boolean block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
    boolean quoted = style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED;
    int line = block ? start.getLine() + 1 : start.getLine();
    int indent = block ? blockIndent(source, line, endLine) : 0;
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
        return new Location(source.name(), line + 1, segmentStart + remaining + 1);
      }
      remaining -= segmentLength + 1;
      line++;
    }
  }

  private static int blockIndent(SourceLines source, int from, int endLine) {
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
