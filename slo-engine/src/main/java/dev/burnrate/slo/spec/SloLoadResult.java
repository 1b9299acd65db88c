package dev.burnrate.slo.spec;

import java.util.List;
import java.util.Optional;

/**
 * What loading SLO files gave: the SLOs that are valid, and every error and warning.
 *
 * @param slos the SLOs, in file order then document order
 * @param errors the problems that make files invalid, in file order
 * @param warnings the problems that do not, such as SLIs Burnrate cannot evaluate
 */
public record SloLoadResult(
    List<SloSpec> slos, List<Diagnostic> errors, List<Diagnostic> warnings) {

  /** Copies the lists. */
  public SloLoadResult {
    slos = List.copyOf(slos);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** Whether there were no errors. */
  public boolean valid() {
    return errors.isEmpty();
  }

  /** The SLO with this name, if it loaded. */
  public Optional<SloSpec> slo(String name) {
    return slos.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
