package dev.burnrate.api.slo;

import dev.burnrate.api.observability.GaugeRows;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;

/**
 * Per-SLO gauges, replaced after every engine tick: an SLO that is removed disappears from {@code
 * /metrics}. Undefined values (no events yet) are not exported rather than exported as NaN.
 */
final class SloMetrics {
  private final GaugeRows sliRatio;
  private final GaugeRows budgetRemaining;
  private final GaugeRows burnRate;
  private final GaugeRows alertFiring;
  private final GaugeRows alertFactor;
  private final GaugeRows objective;
  private final GaugeRows events;

  SloMetrics(MeterRegistry registry) {
    sliRatio =
        GaugeRows.register(
            registry, "burnrate.slo.sli.ratio", "Good events over all events in the SLO's window");
    budgetRemaining =
        GaugeRows.register(
            registry,
            "burnrate.slo.error.budget.remaining",
            "Fraction of the error budget left in the window (negative when overspent)");
    burnRate =
        GaugeRows.register(
            registry,
            "burnrate.slo.burn.rate",
            "Error ratio over the window divided by the error budget (1 - objective)");
    alertFiring =
        GaugeRows.register(
            registry, "burnrate.slo.alert.firing", "1 while the burn-rate alert fires, else 0");
    alertFactor =
        GaugeRows.register(
            registry,
            "burnrate.slo.alert.factor",
            "The burn-rate threshold of the alert (both its windows must reach it)");
    objective = GaugeRows.register(registry, "burnrate.slo.objective", "The SLO's target ratio");
    events =
        GaugeRows.register(
            registry, "burnrate.slo.events", "Events in the SLO's window, by kind (good or total)");
  }

  void update(List<SloStatus> statuses) {
    for (SloStatus s : statuses) {
      Tags slo = Tags.of("slo", s.name(), "service", s.service());
      objective.add(slo, Rounding.round(s.objective()));
      events.add(slo.and("kind", "good"), Rounding.round(s.sli().good()));
      events.add(slo.and("kind", "total"), Rounding.round(s.sli().total()));
      if (Double.isFinite(s.sli().ratio())) {
        sliRatio.add(slo, Rounding.round(s.sli().ratio()));
      }
      if (Double.isFinite(s.errorBudget().remaining())) {
        budgetRemaining.add(slo, Rounding.round(s.errorBudget().remaining()));
      }
      for (Map.Entry<String, Double> e : s.burnRates().entrySet()) {
        if (Double.isFinite(e.getValue())) {
          burnRate.add(slo.and("window", e.getKey()), Rounding.round(e.getValue()));
        }
      }
      for (SloStatus.AlertStatus a : s.alerts()) {
        Tags alert = slo.and("alert", a.name(), "severity", a.severity().id());
        alertFiring.add(alert, a.state() == AlertState.FIRING ? 1 : 0);
        alertFactor.add(alert, Rounding.round(a.factor()));
      }
    }
    sliRatio.publish();
    budgetRemaining.publish();
    burnRate.publish();
    alertFiring.publish();
    alertFactor.publish();
    objective.publish();
    events.publish();
  }
}
