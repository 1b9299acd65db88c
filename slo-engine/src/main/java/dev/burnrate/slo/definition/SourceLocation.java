package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

/** Where a definition came from: a file and a 1-based line and column in it. */
public record SourceLocation(String file, int line, int column) {

  /** Checks the location. */
  public SourceLocation {
    requireNonNull(file, "file");
  }

  /** A location for definitions that do not come from a file. */
  public static SourceLocation unknown() {
    return new SourceLocation("<unknown>", 0, 0);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
