package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service level objective, as loaded from an OpenSLO or Sloth file.
 *
 * @param name unique name of the SLO (its id in the API and the store)
 * @param service the service it belongs to
 * @param description free text, possibly empty
 * @param objective the target ratio, in (0, 1)
 * @param window the compliance period
 * @param budgetingMethod how the budget is counted
 * @param timeSlices the slicing, present exactly for the time-slice methods
 * @param sli the indicator
 * @param alertRules the burn-rate alerts; empty means the defaults scaled to the window
 * @param labels free labels carried to alerts and records
 * @param source where the definition was read
 * @param grouping label names: one instance of the SLO per value of these labels in the matched
 *     series (see {@link SloGroups}); empty for an SLO that is not grouped
 * @param components the SLOs a composite SLO is made of, with their weights; empty for an SLO that
 *     is not composite
 */
public record SloSpec(
    String name,
    String service,
    String description,
    double objective,
    TimeWindow window,
    BudgetingMethod budgetingMethod,
    Optional<TimeSlices> timeSlices,
    Sli sli,
    Optional<List<AlertRule>> alertRules,
    Map<String, String> labels,
    SourceLocation source,
    List<String> grouping,
    List<Component> components) {

  /** One SLO of a composite SLO: its name and the weight its events are counted with. */
  public record Component(String slo, double weight) {
    /** Checks the component. */
    public Component {
      requireNonNull(slo, "slo");
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
      }
    }
  }

  /** Checks the SLO and copies its collections. */
  public SloSpec {
    requireNonNull(name, "name");
    requireNonNull(service, "service");
    requireNonNull(description, "description");
    requireNonNull(window, "window");
    requireNonNull(budgetingMethod, "budgetingMethod");
    requireNonNull(timeSlices, "timeSlices");
    requireNonNull(sli, "sli");
    requireNonNull(alertRules, "alertRules");
    requireNonNull(labels, "labels");
    requireNonNull(source, "source");
    if (!(objective > 0 && objective < 1)) {
      throw new IllegalArgumentException("objective must be in (0, 1), got " + objective);
    }
    if ((budgetingMethod == BudgetingMethod.OCCURRENCES) != timeSlices.isEmpty()) {
      throw new IllegalArgumentException(
          "timeSlices must be present exactly for the time-slice budgeting methods");
    }
    alertRules = alertRules.map(List::copyOf);
    labels = Map.copyOf(labels);
    grouping = List.copyOf(grouping);
    components = List.copyOf(components);
    if (!grouping.isEmpty() && !components.isEmpty()) {
      throw new IllegalArgumentException("an SLO may be grouped or composite, not both");
    }
  }

  /** This SLO, grouped by these label names (empty: not grouped). */
  public SloSpec withGrouping(List<String> labelNames) {
    return new SloSpec(
        name,
        service,
        description,
        objective,
        window,
        budgetingMethod,
        timeSlices,
        sli,
        alertRules,
        labels,
        source,
        labelNames,
        components);
  }

  /** Whether the SLO has one instance per value of its grouping labels. */
  public boolean grouped() {
    return !grouping.isEmpty();
  }

  /** Whether the SLO is computed from other SLOs' buckets. */
  public boolean composite() {
    return !components.isEmpty();
  }

  /** The alert rules the engine evaluates: the file's, or the defaults scaled to the window. */
  public List<AlertRule> effectiveAlertRules() {
    return alertRules.orElseGet(() -> DefaultAlertRules.forWindow(window));
  }

  /**
   * The labels an alert of this SLO carries into incidents: the SLO's labels, then the rule's own
   * (the rule's win on a clash); the SLO's labels alone for an unknown rule (such as no-data).
   */
  public Map<String, String> alertLabels(String rule) {
    Map<String, String> out = new java.util.LinkedHashMap<>(labels);
    for (AlertRule r : effectiveAlertRules()) {
      if (r.name().equals(rule)) {
        out.putAll(r.labels());
      }
    }
    return Map.copyOf(out);
  }

  /** The annotations of one alert rule (a runbook, a summary); empty for an unknown rule. */
  public Map<String, String> alertAnnotations(String rule) {
    for (AlertRule r : effectiveAlertRules()) {
      if (r.name().equals(rule)) {
        return r.annotations();
      }
    }
    return Map.of();
  }

  /** The error budget as a fraction of events: {@code 1 - objective}. */
  public double errorBudget() {
    return 1 - objective;
  }
}
