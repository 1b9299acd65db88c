package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

/**
 * One problem found in an SLO file: where it is, which field, and what is wrong and allowed.
 *
 * @param level error (the file is invalid) or warning (it loads, maybe not evaluable)
 * @param location the file, line and column (1-based)
 * @param field the field path such as {@code spec.objectives[0].target}, empty for the file
 * @param message what is wrong and what is allowed
 */
public record Diagnostic(Level level, SourceLocation location, String field, String message) {

  /** How serious a diagnostic is. */
  public enum Level {
    /** The definition is invalid and is not loaded. */
    ERROR,
    /** The definition loads, possibly not evaluable. */
    WARNING
  }

  /** Checks the diagnostic. */
  public Diagnostic {
    requireNonNull(level, "level");
    requireNonNull(location, "location");
    requireNonNull(field, "field");
    requireNonNull(message, "message");
  }

  /** An error at a location. */
  public static Diagnostic error(SourceLocation location, String field, String message) {
    return new Diagnostic(Level.ERROR, location, field, message);
  }

  /** A warning at a location. */
  public static Diagnostic warning(SourceLocation location, String field, String message) {
    return new Diagnostic(Level.WARNING, location, field, message);
  }

  /**
   * The line printed for users: {@code file:line:column: field: message}, with {@code warning: }
   * before the field for warnings.
   */
  public String format() {
    StringBuilder sb = new StringBuilder(location.toString()).append(": ");
    if (level == Level.WARNING) {
      sb.append("warning: ");
    }
    if (!field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
