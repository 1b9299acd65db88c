package dev.burnrate.bridge.internal.change;

import dev.burnrate.bridge.GatePolicy;
import dev.burnrate.bridge.ServiceGate;
import dev.burnrate.bridge.internal.request.ServiceRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;

/**
 * The change gate's policy as a function of values: given the change, the budgets, the major
 * incidents and the requests in force, whether it may go ahead and why. {@link ChangeGate} reads
 * the inputs and records the decision.
 */
final class GateRules {
  private GateRules() {}

  /**
   * A decision before it is recorded.
   *
   * @param allowed whether the change may go ahead
   * @param flagged whether it is flagged for review
   * @param reasons why, one line each
   * @param budgets the remaining error budget of each SLO (null when unknown), in SLO order
   */
  record Verdict(
      boolean allowed, boolean flagged, List<String> reasons, Map<String, Object> budgets) {
    Verdict {
      reasons = List.copyOf(reasons);
      budgets = Collections.unmodifiableMap(new LinkedHashMap<>(budgets));
    }
  }

  /**
   * Decides on a change of {@code kind} to {@code svc}.
   *
   * @param remaining the remaining budget of each SLO of the service, by name
   * @param majors the service's active P1/P2 incidents (empty when they do not freeze)
   * @param exceptions freeze exceptions in force, oldest first
   * @param resets error-budget resets in force, oldest first
   * @param blackouts the blackouts that stop the change now or in its window, one reason each
   */
  static Verdict decide(
      String svc,
      String kind,
      GatePolicy policy,
      ServiceGate sg,
      SortedMap<String, OptionalDouble> remaining,
      List<String> majors,
      List<ServiceRequest> exceptions,
      List<ServiceRequest> resets,
      List<String> blackouts) {
    Map<String, Object> budgets = new LinkedHashMap<>();
    List<String> spent = new ArrayList<>();
    List<String> healthy = new ArrayList<>();
    for (Map.Entry<String, OptionalDouble> e : remaining.entrySet()) {
      String slo = e.getKey();
      OptionalDouble r = e.getValue();
      if (r.isEmpty()) {
        budgets.put(slo, null);
        continue;
      }
      budgets.put(slo, r.getAsDouble());
      String line =
          String.format(
              Locale.ROOT,
              "SLO %s has %s of its error budget left (freeze at <= %s)",
              slo,
              pct(r.getAsDouble()),
              pct(sg.freezeBelow()));
      (r.getAsDouble() <= sg.freezeBelow() ? spent : healthy).add(line);
    }
    List<String> reasons = new ArrayList<>();
    boolean allowed;
    boolean flagged = false;
    List<String> freezes = new ArrayList<>();
    boolean budgetFreeze = !spent.isEmpty();
    if (budgetFreeze && !resets.isEmpty()) {
      ServiceRequest r = resets.get(0);
      reasons.add(
          "error-budget reset "
              + r.key()
              + " approved by "
              + r.decidedBy()
              + " is in force until "
              + r.validUntil()
              + ": the spent budget does not freeze changes ("
              + String.join("; ", spent)
              + ")");
      budgetFreeze = false;
    }
    if (budgetFreeze && kind.equals("standard") && policy.standardBypassesBudgetFreeze()) {
      reasons.add(
          "standard change: pre-approved and low-risk, it passes the budget freeze ("
              + String.join("; ", spent)
              + ")");
      budgetFreeze = false;
    }
    if (budgetFreeze) {
      spent.forEach(s -> freezes.add("budget freeze: " + s));
    }
    for (String k : majors) {
      freezes.add("major-incident freeze: " + k + " (P1/P2) is open on " + svc);
    }
    blackouts.forEach(b -> freezes.add(b));
    if (kind.equals("emergency")) {
      allowed = true;
      flagged = true;
      reasons.add("emergency change: allowed whatever the budget, recorded and flagged for review");
      freezes.forEach(f -> reasons.add("would otherwise be denied: " + f));
    } else if (!freezes.isEmpty() && !exceptions.isEmpty()) {
      ServiceRequest e = exceptions.get(0);
      allowed = true;
      reasons.add(
          "freeze exception "
              + e.key()
              + " approved by "
              + e.decidedBy()
              + " is in force until "
              + e.validUntil()
              + ": "
              + e.reason());
      freezes.forEach(f -> reasons.add("overridden: " + f));
    } else if (!freezes.isEmpty()) {
      allowed = false;
      reasons.addAll(freezes);
    } else {
      allowed = true;
      if (budgets.isEmpty()) {
        reasons.add("no SLO covers service " + svc + ": no error-budget policy applies");
      }
    }
    if (!kind.equals("emergency")) {
      healthy.forEach(reasons::add);
    }
    return new Verdict(allowed, flagged, reasons, budgets);
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
