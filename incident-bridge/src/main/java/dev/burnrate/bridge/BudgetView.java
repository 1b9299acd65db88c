package dev.burnrate.bridge;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the change gate needs to know about error budgets; the api module implements it from the SLO
 * engine's statuses.
 */
public interface BudgetView {

  /** The names of the SLOs of a service (empty when none covers it). */
  List<String> slosOf(String service);

  /**
   * The remaining error budget of an SLO as a fraction of the budget (1 untouched, 0 spent,
   * negative overspent), or empty when the SLO is unknown or cannot be evaluated yet.
   */
  OptionalDouble remaining(String slo);

  /** A view with no SLOs, for a bridge that runs without an engine. */
  static BudgetView none() {
    return new BudgetView() {
      @Override
      public List<String> slosOf(String service) {
        return List.of();
      }

      @Override
      public OptionalDouble remaining(String slo) {
        return OptionalDouble.empty();
      }
    };
  }
}
