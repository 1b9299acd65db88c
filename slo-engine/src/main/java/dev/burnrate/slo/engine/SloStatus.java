package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluated state of one SLO at one instant; its shape is the API's SLO status contract.
 *
 * @param name the SLO's name
 * @param service its service
 * @param objective the target ratio
 * @param window the window label, such as {@code 30d}
 * @param evaluable false when the SLI cannot be computed by Burnrate
 * @param sli good and total events over the window, and their ratio
 * @param errorBudget the budget over the window
 * @param burnRates burn rate per window label ({@code 5m 30m 1h 2h 6h 1d 3d} and the SLO's window)
 * @param alerts every alert rule with its state
 * @param timeToExhaustion time until the budget is spent at the current (1h) burn, when it burns
 * @param noData whether the no-data condition holds
 * @param evaluatedAt when this status was computed
 */
public record SloStatus(
    String name,
    String service,
    double objective,
    String window,
    boolean evaluable,
    SliValue sli,
    ErrorBudget errorBudget,
    Map<String, Double> burnRates,
    List<AlertStatus> alerts,
    Optional<Duration> timeToExhaustion,
    boolean noData,
    Instant evaluatedAt) {

  /** Checks the status and copies its collections. */
  public SloStatus {
    requireNonNull(name, "name");
    requireNonNull(service, "service");
    requireNonNull(window, "window");
    requireNonNull(sli, "sli");
    requireNonNull(errorBudget, "errorBudget");
    requireNonNull(timeToExhaustion, "timeToExhaustion");
    requireNonNull(evaluatedAt, "evaluatedAt");
    burnRates = Map.copyOf(burnRates);
    alerts = List.copyOf(alerts);
  }

  /** Good and total events over the window and their ratio (NaN when there were none). */
  public record SliValue(double good, double total, double ratio) {}

  /**
   * The error budget over the window.
   *
   * @param remaining fraction of the budget left: {@code 1 - bad / ((1 - objective) * total)}
   * @param consumed fraction of the budget spent: {@code 1 - remaining}
   * @param totalEvents the budget in events: {@code (1 - objective) * total}
   * @param consumedEvents bad events so far
   * @param remainingEvents {@code totalEvents - consumedEvents}
   */
  public record ErrorBudget(
      double remaining,
      double consumed,
      double totalEvents,
      double consumedEvents,
      double remainingEvents) {}

  /** One alert rule's evaluated state. */
  public record AlertStatus(
      String name,
      Severity severity,
      AlertState state,
      Duration longWindow,
      Duration shortWindow,
      double factor,
      double longBurnRate,
      double shortBurnRate,
      Optional<Instant> since) {

    /** Checks the alert status. */
    public AlertStatus {
      requireNonNull(name, "name");
      requireNonNull(severity, "severity");
      requireNonNull(state, "state");
      requireNonNull(since, "since");
    }
  }
}
