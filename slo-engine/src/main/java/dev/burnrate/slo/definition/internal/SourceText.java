package dev.burnrate.slo.definition.internal;

import static java.util.Objects.requireNonNull;

/** A file's name and its lines, to map offsets inside multi-line scalars back to the file. */
record SourceText(String name, String[] lines) {

  /** Splits the content into lines. */
  static SourceText of(String name, String content) {
    requireNonNull(name, "name");
    return new SourceText(name, content.split("\r\n|\r|\n", -1));
  }

  String line(int index) {
    return index >= 0 && index < lines.length ? lines[index] : "";
  }
}
