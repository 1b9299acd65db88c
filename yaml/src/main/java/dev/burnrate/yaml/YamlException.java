package dev.burnrate.yaml;

import static java.util.Objects.requireNonNull;

/** A problem in a YAML file, read {@code file:line:column: path: problem}. */
public final class YamlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Where the problem is. */
  private final Location location;

  /** The field path, such as {@code bridge.connectors[0].url}; empty for the whole document. */
  private final String path;

  /** What is wrong, naming what is allowed. */
  private final String problem;

  /** A problem at a place and field. */
  public YamlException(Location location, String path, String problem) {
    super(location + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    this.location = requireNonNull(location, "location");
    this.path = requireNonNull(path, "path");
    this.problem = requireNonNull(problem, "problem");
  }

  /** Where the problem is. */
  public Location location() {
    return location;
  }

  /** The field path, empty for the whole document. */
  public String path() {
    return path;
  }

  /** What is wrong, without the place and path. */
  public String problem() {
    return problem;
  }
}
