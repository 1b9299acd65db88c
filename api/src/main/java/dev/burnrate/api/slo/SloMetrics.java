package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-SLO gauges, replaced after every engine tick: an SLO that is removed disappears from {@code
 * /metrics}. Undefined values (no events yet) are not exported rather than exported as NaN.
 *
 * <p>Each series is registered once and then only has its value set: at 10,000 SLOs there are about
 * 200,000 series, and registering them all afresh at every tick took most of a core. An SLO's
 * series are kept in the order its status lists them, so an update that finds the same series as
 * the last one (nearly every update) only stores 20 numbers per SLO, with no lookup and no
 * allocation; a gauge rounds its value when it is read.
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

  /**
   * One series: its family, its tags beyond slo and service (none, one or two pairs), and its
   * value, which its gauge reads (rounded) at every scrape.
   */
  private static final class Cell {
    final Family family;
    final String k1;
    final String v1;
    final String k2;
    final String v2;
    volatile double value;
    Gauge gauge;

    Cell(Family family, String k1, String v1, String k2, String v2) {
      this.family = family;
      this.k1 = k1;
      this.v1 = v1;
      this.k2 = k2;
      this.v2 = v2;
    }

    boolean is(Family f, String key1, String value1, String key2, String value2) {
      return family == f
          && Objects.equals(v1, value1)
          && Objects.equals(v2, value2)
          && Objects.equals(k1, key1)
          && Objects.equals(k2, key2);
    }

    double value() {
      return Rounding.round(value);
    }
  }

  /** One SLO's series, in the order an update sets them. */
  private final class Series {
    final String slo;
    final String service;
    List<Cell> cells = new ArrayList<>();
    // During an update: the next cell expected, and the new order once one was not where expected.
    int next;
    List<Cell> reordered;
    long seen;

    Series(String slo, String service) {
      this.slo = slo;
      this.service = service;
    }

    /** Sets a series that is exported only while its value is defined. */
    void set(Family f, String k1, String v1, String k2, String v2, double value) {
      if (Double.isFinite(value)) {
        setAlways(f, k1, v1, k2, v2, value);
      }
    }

    /** Sets a series that is exported whatever its value. */
    void setAlways(Family f, String k1, String v1, String k2, String v2, double value) {
      Cell cell;
      if (reordered == null && next < cells.size() && cells.get(next).is(f, k1, v1, k2, v2)) {
        cell = cells.get(next++);
      } else {
        if (reordered == null) {
          reordered = new ArrayList<>(cells.subList(0, next));
        }
        cell = find(f, k1, v1, k2, v2);
        reordered.add(cell);
      }
      cell.value = value;
    }

    private Cell find(Family f, String k1, String v1, String k2, String v2) {
      for (int i = next; i < cells.size(); i++) {
        Cell c = cells.get(i);
        if (c != null && c.is(f, k1, v1, k2, v2)) {
          // Taken: the end of the update removes only the cells no one took.
          cells.set(i, null);
          return c;
        }
      }
      Cell fresh = new Cell(f, k1, v1, k2, v2);
      Tags tags = Tags.of("slo", slo, "service", service);
      if (k1 != null) {
        tags = tags.and(k1, v1);
      }
      if (k2 != null) {
        tags = tags.and(k2, v2);
      }
      fresh.gauge =
          Gauge.builder(f.meter, fresh, Cell::value)
              .description(f.description)
              .tags(tags)
              .strongReference(true)
              .register(registry);
      return fresh;
    }

    /** Ends an update: what it did not set (a value that became undefined) goes. */
    void end() {
      for (int i = next; i < cells.size(); i++) {
        Cell c = cells.get(i);
        if (c != null) {
          registry.remove(c.gauge);
        }
      }
      if (reordered != null) {
        cells = reordered;
        reordered = null;
      } else if (next < cells.size()) {
        cells = new ArrayList<>(cells.subList(0, next));
      }
      next = 0;
    }

    void removeAll() {
      for (Cell c : cells) {
        registry.remove(c.gauge);
      }
      cells = List.of();
    }
  }

  private final MeterRegistry registry;
  // Guarded by this.
  private final Map<String, Series> bySlo = new HashMap<>();
  private long generation;

  SloMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  synchronized void update(List<SloStatus> statuses) {
    long now = ++generation;
    for (SloStatus s : statuses) {
      Series series = bySlo.get(s.name());
      if (series == null || !series.service.equals(s.service())) {
        if (series != null) {
          series.removeAll();
        }
        series = new Series(s.name(), s.service());
        bySlo.put(s.name(), series);
      }
      series.seen = now;
      set(series, s);
      series.end();
    }
    // A removed SLO's series go.
    for (Iterator<Series> it = bySlo.values().iterator(); it.hasNext(); ) {
      Series series = it.next();
      if (series.seen != now) {
        series.removeAll();
        it.remove();
      }
    }
  }

  private static void set(Series series, SloStatus s) {
    series.setAlways(Family.OBJECTIVE, null, null, null, null, s.objective());
    series.setAlways(Family.EVENTS, "kind", "good", null, null, s.sli().good());
    series.setAlways(Family.EVENTS, "kind", "total", null, null, s.sli().total());
    series.set(Family.SLI_RATIO, null, null, null, null, s.sli().ratio());
    series.set(Family.BUDGET_REMAINING, null, null, null, null, s.errorBudget().remaining());
    for (Map.Entry<String, Double> e : s.burnRates().entrySet()) {
      series.set(Family.BURN_RATE, "window", e.getKey(), null, null, e.getValue());
    }
    for (SloStatus.AlertStatus a : s.alerts()) {
      String severity = a.severity().id();
      series.setAlways(
          Family.ALERT_FIRING,
          "alert",
          a.name(),
          "severity",
          severity,
          a.state() == AlertState.FIRING ? 1 : 0);
      series.setAlways(Family.ALERT_FACTOR, "alert", a.name(), "severity", severity, a.factor());
    }
  }
}
