package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.SloSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds an SLO's {@link SloStatus} from the numbers its state last evaluated. */
final class SloStatusReport {
  private SloStatusReport() {}

  /** The status of {@code s} as of its last evaluation. */
  static SloStatus of(SloState s) {
    if (s.notEvaluableReason.isPresent()) {
      return notEvaluable(s.spec, s.evaluatedAt);
    }
    Map<String, Double> burnRates = new HashMap<>();
    for (int k = 0; k < s.burnKeys.length; k++) {
      burnRates.put(s.burnKeys[k], s.burn(s.burnWindow[k]));
    }
    List<SloStatus.AlertStatus> alertStatuses = new ArrayList<>(s.rules.length);
    for (int r = 0; r < s.rules.length; r++) {
      AlertRule rule = s.rules[r];
      alertStatuses.add(
          new SloStatus.AlertStatus(
              rule.name(),
              rule.severity(),
              AlertTracker.state(s.alerts, r),
              rule.longWindow(),
              rule.shortWindow(),
              rule.factor(),
              s.burn(s.meta[2 * s.windowCount + 2 * r]),
              s.burn(s.meta[2 * s.windowCount + 2 * r + 1]),
              AlertTracker.since(s.alerts, r)));
    }
    return evaluated(
        s.spec,
        s.num[2 * (s.windowCount + s.sloWindow)],
        s.num[2 * (s.windowCount + s.sloWindow) + 1],
        s.errorBudget,
        s.budgetRemaining(),
        burnRates,
        alertStatuses,
        s.burn(s.oneHourWindow),
        s.snapPeriodSeconds,
        s.noData,
        s.evaluatedAt);
  }

  /** The status of an SLO the engine cannot evaluate: no numbers, a whole budget. */
  private static SloStatus notEvaluable(SloSpec spec, Instant evaluatedAt) {
    return new SloStatus(
        spec.name(),
        spec.service(),
        spec.objective(),
        spec.window().label(),
        false,
        new SloStatus.SliValue(0, 0, Double.NaN),
        new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
        Map.of(),
        List.of(),
        Optional.empty(),
        false,
        evaluatedAt);
  }

  /**
   * The status of an evaluated SLO whose window holds {@code good} of {@code total} events (or
   * slices), with {@code remaining} of its budget, burning at {@code oneHourBurn} over the last
   * hour in a window (or calendar period) of {@code windowSeconds}.
   */
  private static SloStatus evaluated(
      SloSpec spec,
      double good,
      double total,
      double errorBudget,
      double remaining,
      Map<String, Double> burnRates,
      List<SloStatus.AlertStatus> alerts,
      double oneHourBurn,
      long windowSeconds,
      boolean noData,
      Instant evaluatedAt) {
    double bad = total - good;
    double budgetEvents = errorBudget * total;
    return new SloStatus(
        spec.name(),
        spec.service(),
        spec.objective(),
        spec.window().label(),
        true,
        new SloStatus.SliValue(good, total, total == 0 ? Double.NaN : good / total),
        new SloStatus.ErrorBudget(remaining, 1 - remaining, budgetEvents, bad, budgetEvents - bad),
        burnRates,
        alerts,
        timeToExhaustion(remaining, oneHourBurn, windowSeconds),
        noData,
        evaluatedAt);
  }

  /**
   * How long until the budget is spent if the burn rate stays at {@code burn}: a burn of 1 spends a
   * whole budget in one window, so the remaining fraction lasts {@code remaining * window / burn}.
   */
  static Optional<Duration> timeToExhaustion(double remaining, double burn, long windowSeconds) {
    if (!(burn > 0)) {
      return Optional.empty();
    }
    if (remaining <= 0) {
      return Optional.of(Duration.ZERO);
    }
    return Optional.of(Duration.ofMillis(Math.round(remaining * windowSeconds * 1000 / burn)));
  }
}
