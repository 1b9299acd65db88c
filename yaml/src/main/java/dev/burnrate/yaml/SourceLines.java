package dev.burnrate.yaml;

/** A file's name and its lines, to map offsets inside multi-line scalars back to the file. */
record SourceLines(String name, String[] lines) {

  static SourceLines of(String name, String content) {
    return new SourceLines(name, content.split("\r\n|\r|\n", -1));
  }

  /** A file whose text the reader did not see (a node composed elsewhere). */
  static SourceLines unknown(String name) {
    return new SourceLines(name, new String[0]);
  }

  String line(int index) {
    return index >= 0 && index < lines.length ? lines[index] : "";
  }
}
