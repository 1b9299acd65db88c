package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BudgetView;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import java.util.List;
import java.util.OptionalDouble;

/** The change gate's view of error budgets: the running SLOs and the engine's last statuses. */
public final class EngineBudgetView implements BudgetView {
  private final SloCatalog catalog;
  private final SloEngine engine;

  /** A view over the catalog's SLOs and the engine's statuses. */
  public EngineBudgetView(SloCatalog catalog, SloEngine engine) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.engine = requireNonNull(engine, "engine");
  }

  @Override
  public List<String> slosOf(String service) {
    return catalog.specs().stream()
        .filter(s -> s.service().equals(service))
        .map(SloSpec::name)
        .toList();
  }

  @Override
  public OptionalDouble remaining(String slo) {
    return engine
        .status(slo)
        .filter(SloStatus::evaluable)
        .map(s -> s.errorBudget().remaining())
        .filter(Double::isFinite)
        .map(OptionalDouble::of)
        .orElse(OptionalDouble.empty());
  }
}
