package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.yaml.Location;
import dev.burnrate.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one load, in the order they are found. */
public final class Diagnostics {
  private final List<Diagnostic> errors = new ArrayList<>();
  private final List<Diagnostic> warnings = new ArrayList<>();

  /** Records an error about a node's field. */
  void error(YamlNode at, String message) {
    error(at.anchor(), at.path(), message);
  }

  /** Records an error at a place in a YAML file. */
  void error(Location at, String field, String message) {
    errors.add(Diagnostic.error(sourceLocation(at), field, message));
  }

  /** Records an error at a location. */
  public void error(SourceLocation at, String field, String message) {
    errors.add(Diagnostic.error(at, field, message));
  }

  /** Records a warning about a node's field. */
  void warning(YamlNode at, String message) {
    warning(at.anchor(), at.path(), message);
  }

  /** Records a warning at a place in a YAML file. */
  void warning(Location at, String field, String message) {
    warnings.add(Diagnostic.warning(sourceLocation(at), field, message));
  }

  /** The SLO model's name for a place in a file. */
  static SourceLocation sourceLocation(Location at) {
    return new SourceLocation(at.file(), at.line(), at.column());
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
