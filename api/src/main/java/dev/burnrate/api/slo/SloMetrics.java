package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Per-SLO gauges, replaced after every engine tick: an SLO that is removed disappears from {@code
 * /metrics}. Undefined values (no events yet) are not exported rather than exported as NaN.
 *
 * <p>Each series is registered once and then only has its value set: at 10,000 SLOs there are about
 * 200,000 series, and registering them all afresh at every tick took most of a core.
 */
final class SloMetrics {
  private enum Family {
    SLI_RATIO("burnrate.slo.sli.ratio", "Good events over all events in the SLO's window"),
    BUDGET_REMAINING(
        "burnrate.slo.error.budget.remaining",
        "Fraction of the error budget left in the window (negative when overspent)"),
    BURN_RATE(
        "burnrate.slo.burn.rate",
        "Error ratio over the window divided by the error budget (1 - objective)"),
    ALERT_FIRING("burnrate.slo.alert.firing", "1 while the burn-rate alert fires, else 0"),
    ALERT_FACTOR(
        "burnrate.slo.alert.factor",
        "The burn-rate threshold of the alert (both its windows must reach it)"),
    OBJECTIVE("burnrate.slo.objective", "The SLO's target ratio"),
    EVENTS("burnrate.slo.events", "Events in the SLO's window, by kind (good or total)");

    final String meter;
    final String description;

    Family(String meter, String description) {
      this.meter = meter;
      this.description = description;
    }
  }

  /** One series: its family and its tags beyond slo and service (none, one or two pairs). */
  private record Key(
      Family family, String slo, String service, String k1, String v1, String k2, String v2) {
    Tags tags() {
      Tags tags = Tags.of("slo", slo, "service", service);
      if (k1 != null) {
        tags = tags.and(k1, v1);
      }
      if (k2 != null) {
        tags = tags.and(k2, v2);
      }
      return tags;
    }
  }

  /** A series' value, which its gauge reads at every scrape. */
  private static final class Cell {
    volatile double value;
    long seen;
    Gauge gauge;

    double value() {
      return value;
    }
  }

  private final MeterRegistry registry;
  // Guarded by this.
  private final Map<Key, Cell> cells = new HashMap<>();
  private long generation;

  SloMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  synchronized void update(List<SloStatus> statuses) {
    long now = ++generation;
    for (SloStatus s : statuses) {
      String slo = s.name();
      String service = s.service();
      setAlways(
          new Key(Family.OBJECTIVE, slo, service, null, null, null, null), s.objective(), now);
      setAlways(
          new Key(Family.EVENTS, slo, service, "kind", "good", null, null), s.sli().good(), now);
      setAlways(
          new Key(Family.EVENTS, slo, service, "kind", "total", null, null), s.sli().total(), now);
      set(new Key(Family.SLI_RATIO, slo, service, null, null, null, null), s.sli().ratio(), now);
      set(
          new Key(Family.BUDGET_REMAINING, slo, service, null, null, null, null),
          s.errorBudget().remaining(),
          now);
      for (Map.Entry<String, Double> e : s.burnRates().entrySet()) {
        set(
            new Key(Family.BURN_RATE, slo, service, "window", e.getKey(), null, null),
            e.getValue(),
            now);
      }
      for (SloStatus.AlertStatus a : s.alerts()) {
        String severity = a.severity().id();
        setAlways(
            new Key(Family.ALERT_FIRING, slo, service, "alert", a.name(), "severity", severity),
            a.state() == AlertState.FIRING ? 1 : 0,
            now);
        setAlways(
            new Key(Family.ALERT_FACTOR, slo, service, "alert", a.name(), "severity", severity),
            a.factor(),
            now);
      }
    }
    // What this update did not set (a removed SLO, a value that became undefined) goes.
    for (Iterator<Cell> it = cells.values().iterator(); it.hasNext(); ) {
      Cell cell = it.next();
      if (cell.seen != now) {
        registry.remove(cell.gauge);
        it.remove();
      }
    }
  }

  /** Sets a series that is exported only while its value is defined. */
  private void set(Key key, double value, long now) {
    if (Double.isFinite(value)) {
      setAlways(key, value, now);
    }
  }

  /** Sets a series that is exported whatever its value. */
  private void setAlways(Key key, double value, long now) {
    Cell cell = cells.get(key);
    if (cell == null) {
      Cell fresh = new Cell();
      fresh.gauge =
          Gauge.builder(key.family().meter, fresh, Cell::value)
              .description(key.family().description)
              .tags(key.tags())
              .strongReference(true)
              .register(registry);
      cells.put(key, fresh);
      cell = fresh;
    }
    cell.value = Rounding.round(value);
    cell.seen = now;
  }
}
