package dev.burnrate.slo.definition;

import java.util.List;
import java.util.Optional;

/**
 * What loading SLO files gave: the SLOs that are valid, and every error and warning.
 *
 * @param slos the SLOs, in file order then document order
 * @param errors the problems that make files invalid, in file order
 * @param warnings the problems that do not, such as SLIs Burnrate cannot evaluate
 * @param adjustments the budget adjustments the files define ({@code burnrate.dev/v1
 *     BudgetAdjustment}), in file order
 */
public record SloLoadResult(
    List<SloSpec> slos,
    List<Diagnostic> errors,
    List<Diagnostic> warnings,
    List<BudgetAdjustment> adjustments) {

  /** Copies the lists. */
  public SloLoadResult {
    slos = List.copyOf(slos);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    adjustments = List.copyOf(adjustments);
  }

  /** A result without budget adjustments. */
  public SloLoadResult(List<SloSpec> slos, List<Diagnostic> errors, List<Diagnostic> warnings) {
    this(slos, errors, warnings, List.of());
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
