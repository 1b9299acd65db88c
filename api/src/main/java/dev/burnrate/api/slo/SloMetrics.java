package dev.burnrate.api.slo;

import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-SLO gauges, replaced after every engine tick: an SLO that is removed disappears from {@code
 * /metrics}. Undefined values (no events yet) are not exported rather than exported as NaN.
 */
final class SloMetrics {
  private final MultiGauge sliRatio;
  private final MultiGauge budgetRemaining;
  private final MultiGauge burnRate;
  private final MultiGauge alertFiring;
  private final MultiGauge alertFactor;
  private final MultiGauge objective;
  private final MultiGauge events;

  SloMetrics(MeterRegistry registry) {
    sliRatio =
        MultiGauge.builder("burnrate.slo.sli.ratio")
            .description("Good events over all events in the SLO's window")
            .register(registry);
    budgetRemaining =
        MultiGauge.builder("burnrate.slo.error.budget.remaining")
            .description(
                "Fraction of the error budget left in the window (negative when overspent)")
            .register(registry);
    burnRate =
        MultiGauge.builder("burnrate.slo.burn.rate")
            .description("Error ratio over the window divided by the error budget (1 - objective)")
            .register(registry);
    alertFiring =
        MultiGauge.builder("burnrate.slo.alert.firing")
            .description("1 while the burn-rate alert fires, else 0")
            .register(registry);
    alertFactor =
        MultiGauge.builder("burnrate.slo.alert.factor")
            .description("The burn-rate threshold of the alert (both its windows must reach it)")
            .register(registry);
    objective =
        MultiGauge.builder("burnrate.slo.objective")
            .description("The SLO's target ratio")
            .register(registry);
    events =
        MultiGauge.builder("burnrate.slo.events")
            .description("Events in the SLO's window, by kind (good or total)")
            .register(registry);
  }

  void update(List<SloStatus> statuses) {
    List<MultiGauge.Row<?>> ratios = new ArrayList<>();
    List<MultiGauge.Row<?>> budgets = new ArrayList<>();
    List<MultiGauge.Row<?>> burns = new ArrayList<>();
    List<MultiGauge.Row<?>> alerts = new ArrayList<>();
    List<MultiGauge.Row<?>> factors = new ArrayList<>();
    List<MultiGauge.Row<?>> objectives = new ArrayList<>();
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    for (SloStatus s : statuses) {
      Tags slo = Tags.of("slo", s.name(), "service", s.service());
      objectives.add(MultiGauge.Row.of(slo, Rounding.round(s.objective())));
      counts.add(MultiGauge.Row.of(slo.and("kind", "good"), Rounding.round(s.sli().good())));
      counts.add(MultiGauge.Row.of(slo.and("kind", "total"), Rounding.round(s.sli().total())));
      if (Double.isFinite(s.sli().ratio())) {
        ratios.add(MultiGauge.Row.of(slo, Rounding.round(s.sli().ratio())));
      }
      if (Double.isFinite(s.errorBudget().remaining())) {
        budgets.add(MultiGauge.Row.of(slo, Rounding.round(s.errorBudget().remaining())));
      }
      for (Map.Entry<String, Double> e : s.burnRates().entrySet()) {
        if (Double.isFinite(e.getValue())) {
          burns.add(MultiGauge.Row.of(slo.and("window", e.getKey()), Rounding.round(e.getValue())));
        }
      }
      for (SloStatus.AlertStatus a : s.alerts()) {
        Tags alert = slo.and("alert", a.name(), "severity", a.severity().id());
        alerts.add(MultiGauge.Row.of(alert, a.state() == AlertState.FIRING ? 1 : 0));
        factors.add(MultiGauge.Row.of(alert, Rounding.round(a.factor())));
      }
    }
    sliRatio.register(ratios, true);
    budgetRemaining.register(budgets, true);
    burnRate.register(burns, true);
    alertFiring.register(alerts, true);
    alertFactor.register(factors, true);
    objective.register(objectives, true);
    events.register(counts, true);
  }
}
