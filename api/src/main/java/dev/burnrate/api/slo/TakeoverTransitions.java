package dev.burnrate.api.slo;

import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertState;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a new engine leader hands the bridge before anything else: the difference between the alert
 * states its engine holds and the alerts the bridge holds as firing.
 *
 * <p>The old leader may have died between evaluating a transition and the bridge committing it, and
 * the new leader's engine, fed from the same store, has already moved to that state without
 * emitting anything the bridge saw. Comparing states instead of replaying transitions loses none
 * and applies none twice: a firing the bridge has is not handed on again, a resolve is handed on
 * only for an alert the bridge still holds. A pending alert is left as the bridge has it until it
 * decides.
 */
final class TakeoverTransitions {
  static final String NO_DATA_ALERT = "no-data";

  private TakeoverTransitions() {}

  /**
   * The transitions that bring the bridge to the engine's states.
   *
   * @param statuses the engine's statuses, just evaluated
   * @param bridgeFiring the alert rules the bridge's active incidents hold, by SLO
   * @param specs an SLO's definition by name, for the labels and annotations its alerts carry
   * @param at when the new leader saw the states
   */
  static List<AlertTransition> between(
      List<SloStatus> statuses,
      Map<String, Set<String>> bridgeFiring,
      Function<String, Optional<SloSpec>> specs,
      Instant at) {
    List<AlertTransition> out = new ArrayList<>();
    for (SloStatus s : statuses) {
      if (!s.evaluable()) {
        continue;
      }
      Set<String> held = bridgeFiring.getOrDefault(s.name(), Set.of());
      Optional<SloSpec> spec = specs.apply(s.name());
      for (SloStatus.AlertStatus a : s.alerts()) {
        boolean firing = a.state() == AlertState.FIRING;
        if (firing == held.contains(a.name()) || a.state() == AlertState.PENDING) {
          // A pending alert (freshly loaded, waiting out its alertAfter) has not decided yet.
          continue;
        }
        out.add(
            new AlertTransition(
                firing ? AlertTransition.Kind.FIRING : AlertTransition.Kind.RESOLVED,
                s.name(),
                s.service(),
                a.name(),
                a.severity(),
                at,
                a.factor(),
                a.longWindow(),
                a.shortWindow(),
                a.longBurnRate(),
                a.shortBurnRate(),
                s.errorBudget().remaining(),
                spec.map(d -> d.alertLabels(a.name())).orElse(Map.of()),
                spec.map(d -> d.alertAnnotations(a.name())).orElse(Map.of())));
      }
      if (s.noData() != held.contains(NO_DATA_ALERT)) {
        java.time.Duration none = java.time.Duration.ZERO;
        out.add(
            new AlertTransition(
                s.noData() ? AlertTransition.Kind.NO_DATA : AlertTransition.Kind.DATA_RESUMED,
                s.name(),
                s.service(),
                NO_DATA_ALERT,
                Severity.TICKET,
                at,
                0,
                none,
                none,
                0,
                0,
                s.errorBudget().remaining(),
                spec.map(SloSpec::labels).orElse(Map.of()),
                Map.of()));
      }
    }
    return out;
  }
}
