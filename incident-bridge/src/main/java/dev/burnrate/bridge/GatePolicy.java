package dev.burnrate.bridge;

import java.util.Map;

/**
 * The change gate's error-budget policy.
 *
 * @param freezeBelow normal changes are denied when an SLO's remaining budget is at or below this
 *     fraction (0: when the budget is spent)
 * @param freezeOnMajorIncident normal changes are denied while the service has an open P1/P2
 *     incident
 * @param standardBypassesBudgetFreeze standard (pre-approved) changes pass a budget freeze; they
 *     are still denied during a major incident
 * @param services per-service overrides of {@code freezeBelow} and {@code freezeOnMajorIncident}
 */
public record GatePolicy(
    double freezeBelow,
    boolean freezeOnMajorIncident,
    boolean standardBypassesBudgetFreeze,
    Map<String, ServiceGate> services) {
  /** Checks the policy and copies the overrides. */
  public GatePolicy {
    services = Map.copyOf(services);
    if (!Double.isFinite(freezeBelow) || freezeBelow > 1) {
      throw new IllegalArgumentException("freezeBelow must be a fraction <= 1, got " + freezeBelow);
    }
  }

  /** Freeze at 0 remaining, freeze on P1/P2, standard changes pass a budget freeze. */
  public static GatePolicy defaults() {
    return new GatePolicy(0, true, true, Map.of());
  }

  /** The effective policy of one service. */
  public ServiceGate forService(String service) {
    return services.getOrDefault(service, new ServiceGate(freezeBelow, freezeOnMajorIncident));
  }
}
