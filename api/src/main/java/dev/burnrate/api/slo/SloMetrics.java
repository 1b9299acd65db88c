package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.SloStatus;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-SLO series of {@code /metrics}, read at scrape time from the statuses of the last
 * refresh: an SLO that is removed disappears, and undefined values (no events yet) are not exported
 * rather than exported as NaN.
 *
 * <p>At 10,000 SLOs there are about 200,000 series. Registered as one Micrometer gauge each they
 * held 115 to 135 MiB of heap (meters, ids, tags and the registry's maps; BENCHMARKS.md); here a
 * refresh publishes one small immutable row per SLO (about 300 bytes), swapped in as a whole, and a
 * scrape builds the data points from the rows it finds. So a scrape during a refresh sees one
 * refresh's rows, never half of two, and cannot see a series twice. Values are rounded when a
 * scrape reads them, as the API rounds them.
 */
final class SloMetrics implements MultiCollector {
  private enum Family {
    SLI_RATIO("burnrate_slo_sli_ratio", "Good events over all events in the SLO's window"),
    BUDGET_REMAINING(
        "burnrate_slo_error_budget_remaining",
        "Fraction of the error budget left in the window (negative when overspent)"),
    BURN_RATE(
        "burnrate_slo_burn_rate",
        "Error ratio over the window divided by the error budget (1 - objective)",
        "window"),
    ALERT_FIRING(
        "burnrate_slo_alert_firing",
        "1 while the burn-rate alert fires, else 0",
        "alert",
        "severity"),
    ALERT_FACTOR(
        "burnrate_slo_alert_factor",
        "The burn-rate threshold of the alert (both its windows must reach it)",
        "alert",
        "severity"),
    OBJECTIVE("burnrate_slo_objective", "The SLO's target ratio"),
    EVENTS("burnrate_slo_events", "Events in the SLO's window, by kind (good or total)", "kind");

    final MetricMetadata metadata;
    final MetricFamilyDescriptor descriptor;

    Family(String name, String help, String... labels) {
      this.metadata = new MetricMetadata(name, help);
      List<String> names = new ArrayList<>(List.of("slo", "service"));
      names.addAll(List.of(labels));
      this.descriptor = MetricFamilyDescriptor.of(MetricType.GAUGE, metadata, names);
    }
  }

  private static final List<MetricFamilyDescriptor> DESCRIPTORS =
      Arrays.stream(Family.values()).map(f -> f.descriptor).toList();
  private static final Labels GOOD = Labels.of("kind", "good");
  private static final Labels TOTAL = Labels.of("kind", "total");
  private static final Comparator<Row> BY_LABELS =
      Comparator.comparing((Row r) -> r.service).thenComparing(r -> r.slo);
  private static final Comparator<Map.Entry<String, Double>> BY_WINDOW = Map.Entry.comparingByKey();

  /**
   * One SLO's numbers as of one refresh. The window and alert labels are shared by every row that
   * has them; a burn rate that is undefined has no entry.
   */
  private record Row(
      String slo,
      String service,
      double objective,
      double good,
      double total,
      double ratio,
      double remaining,
      Labels[] windows,
      double[] burnRates,
      Labels[] alerts,
      boolean[] firing,
      double[] factors) {}

  /** An alert's labels beyond the SLO's. */
  private record AlertKey(String name, Severity severity) {}

  /** The label sets that rows share, built once per refresh: a few distinct ones at any size. */
  private static final class Shared {
    final Map<String, Labels> windows = new HashMap<>();
    final Map<AlertKey, Labels> alerts = new HashMap<>();
  }

  /** The rows of one refresh, in the order of their labels (service, then SLO). */
  private volatile List<Row> rows = List.of();

  /** Makes {@code statuses} what the next scrapes read. */
  synchronized void publish(List<SloStatus> statuses) {
    requireNonNull(statuses, "statuses");
    Shared shared = new Shared();
    List<Row> next = new ArrayList<>(statuses.size());
    for (SloStatus s : statuses) {
      next.add(row(s, shared));
    }
    // In label order, the data points a scrape builds are sorted already, and the snapshot's sort
    // of them is one pass.
    next.sort(BY_LABELS);
    // One series twice would fail the whole scrape (DuplicateLabelsException): the last status
    // of an SLO listed twice counts, as it did when it set the same gauges again.
    List<Row> unique = new ArrayList<>(next.size());
    for (Row r : next) {
      if (unique.isEmpty() || BY_LABELS.compare(unique.getLast(), r) != 0) {
        unique.add(r);
      } else {
        unique.set(unique.size() - 1, r);
      }
    }
    rows = Collections.unmodifiableList(unique);
  }

  private static Row row(SloStatus s, Shared shared) {
    List<Map.Entry<String, Double>> burn = new ArrayList<>(s.burnRates().size());
    for (Map.Entry<String, Double> e : s.burnRates().entrySet()) {
      if (Double.isFinite(e.getValue())) {
        burn.add(e);
      }
    }
    burn.sort(BY_WINDOW);
    Labels[] windows = new Labels[burn.size()];
    double[] burnRates = new double[burn.size()];
    for (int i = 0; i < windows.length; i++) {
      String window = burn.get(i).getKey();
      windows[i] = shared.windows.computeIfAbsent(window, w -> Labels.of("window", w));
      burnRates[i] = burn.get(i).getValue();
    }
    List<SloStatus.AlertStatus> alertStatuses = s.alerts();
    Labels[] alerts = new Labels[alertStatuses.size()];
    boolean[] firing = new boolean[alerts.length];
    double[] factors = new double[alerts.length];
    int kept = 0;
    for (SloStatus.AlertStatus a : alertStatuses) {
      Labels labels =
          shared.alerts.computeIfAbsent(
              new AlertKey(a.name(), a.severity()),
              k -> Labels.of("alert", k.name(), "severity", k.severity().id()));
      // An alert listed twice (same name and severity) would be one series twice: the last counts.
      int i = 0;
      while (i < kept && alerts[i] != labels) {
        i++;
      }
      if (i == kept) {
        kept++;
      }
      alerts[i] = labels;
      firing[i] = a.state() == AlertState.FIRING;
      factors[i] = a.factor();
    }
    if (kept < alerts.length) {
      alerts = Arrays.copyOf(alerts, kept);
      firing = Arrays.copyOf(firing, kept);
      factors = Arrays.copyOf(factors, kept);
    }
    return new Row(
        s.name(),
        s.service(),
        s.objective(),
        s.sli().good(),
        s.sli().total(),
        s.sli().ratio(),
        s.errorBudget().remaining(),
        windows,
        burnRates,
        alerts,
        firing,
        factors);
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return DESCRIPTORS;
  }

  @Override
  public MetricSnapshots collect() {
    List<Row> rows = this.rows;
    int n = rows.size();
    List<GaugeDataPointSnapshot> ratio = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> remaining = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> objective = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> good = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> total = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> burn = new ArrayList<>(8 * n);
    // By an alert's place in its SLO's list: SLOs with the same alerts then list them in order.
    List<List<GaugeDataPointSnapshot>> firing = new ArrayList<>();
    List<List<GaugeDataPointSnapshot>> factor = new ArrayList<>();
    for (Row r : rows) {
      Labels slo = Labels.of("service", r.service, "slo", r.slo);
      objective.add(point(r.objective, slo));
      good.add(point(r.good, slo.merge(GOOD)));
      total.add(point(r.total, slo.merge(TOTAL)));
      if (Double.isFinite(r.ratio)) {
        ratio.add(point(r.ratio, slo));
      }
      if (Double.isFinite(r.remaining)) {
        remaining.add(point(r.remaining, slo));
      }
      for (int i = 0; i < r.windows.length; i++) {
        burn.add(point(r.burnRates[i], slo.merge(r.windows[i])));
      }
      for (int i = 0; i < r.alerts.length; i++) {
        if (firing.size() == i) {
          firing.add(new ArrayList<>(n));
          factor.add(new ArrayList<>(n));
        }
        Labels labels = slo.merge(r.alerts[i]);
        firing.get(i).add(point(r.firing[i] ? 1 : 0, labels));
        factor.get(i).add(point(r.factors[i], labels));
      }
    }
    good.addAll(total);
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    add(out, Family.SLI_RATIO, ratio);
    add(out, Family.BUDGET_REMAINING, remaining);
    add(out, Family.BURN_RATE, burn);
    add(out, Family.ALERT_FIRING, flatten(firing));
    add(out, Family.ALERT_FACTOR, flatten(factor));
    add(out, Family.OBJECTIVE, objective);
    add(out, Family.EVENTS, good);
    return out.build();
  }

  private static GaugeDataPointSnapshot point(double value, Labels labels) {
    return new GaugeDataPointSnapshot(Rounding.round(value), labels, null);
  }

  private static List<GaugeDataPointSnapshot> flatten(List<List<GaugeDataPointSnapshot>> lists) {
    if (lists.size() == 1) {
      return lists.getFirst();
    }
    List<GaugeDataPointSnapshot> out = new ArrayList<>();
    for (List<GaugeDataPointSnapshot> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  /** A family without series is left out, as a meter family without meters was. */
  private static void add(
      MetricSnapshots.Builder out, Family family, List<GaugeDataPointSnapshot> points) {
    if (!points.isEmpty()) {
      MetricSnapshot snapshot = new GaugeSnapshot(family.metadata, points);
      out.metricSnapshot(snapshot);
    }
  }
}
