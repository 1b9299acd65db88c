package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.definition.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one load, in the order they are found. */
public final class Diagnostics {
  private final List<Diagnostic> errors = new ArrayList<>();
  private final List<Diagnostic> warnings = new ArrayList<>();

  /** Records an error about a node's field. */
  void error(YNode at, String message) {
    errors.add(Diagnostic.error(at.anchor(), at.path(), message));
  }

  /** Records an error at a location. */
  public void error(SourceLocation at, String field, String message) {
    errors.add(Diagnostic.error(at, field, message));
  }

  /** Records a warning about a node's field. */
  void warning(YNode at, String message) {
    warnings.add(Diagnostic.warning(at.anchor(), at.path(), message));
  }

  /** Records a warning at a location. */
  public void warning(SourceLocation at, String field, String message) {
    warnings.add(Diagnostic.warning(at, field, message));
  }

  /** The number of errors so far, to tell whether a step added any. */
  public int errorCount() {
    return errors.size();
  }

  /** The errors, in order. */
  public List<Diagnostic> errors() {
    return errors;
  }

  /** The warnings, in order. */
  public List<Diagnostic> warnings() {
    return warnings;
  }
}
