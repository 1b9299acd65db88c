package dev.burnrate.yaml;

import static java.util.Objects.requireNonNull;

/**
 * A place in a file, counted from 1, written {@code file:line:column}; a value built in memory
 * rather than read (line and column 0) is written as the file alone.
 *
 * @param file the file's name as given to the reader
 * @param line the line, from 1
 * @param column the column, from 1
 */
public record Location(String file, int line, int column) {
  /** Checks the place. */
  public Location {
    requireNonNull(file, "file");
    if (line < 0 || column < 0 || (line == 0) != (column == 0)) {
      throw new IllegalArgumentException(
          "line and column count from 1 (both 0 when unknown), got " + line + ":" + column);
    }
  }

  /** The start of a file, for problems that have no better place. */
  public static Location startOf(String file) {
    return new Location(file, 1, 1);
  }

  /** The file alone, for values that have no line in it. */
  public static Location inFile(String file) {
    return new Location(file, 0, 0);
  }

  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
