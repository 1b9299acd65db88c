package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.Sli;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.SourceLocation;
import dev.burnrate.slo.definition.TimeSlices;
import dev.burnrate.slo.definition.TimeWindow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields an OpenSLO SLO's objectives share (v1 and v1alpha), as read: each objective adds its
 * name, target, time slices and indicator to make one {@link SloSpec}.
 */
record SloFields(
    Optional<String> service,
    String description,
    Optional<TimeWindow> window,
    Optional<BudgetingMethod> method,
    Optional<List<AlertRule>> alerts,
    Map<String, String> labels,
    List<String> grouping) {

  /** One objective's SLO; empty when a part is missing, whose error is already reported. */
  Optional<SloSpec> objective(
      String name,
      Optional<Double> target,
      Optional<TimeSlices> slices,
      Optional<Sli> sli,
      SourceLocation source) {
    if (service.isEmpty()
        || window.isEmpty()
        || method.isEmpty()
        || target.isEmpty()
        || sli.isEmpty()
        || (method.get() != BudgetingMethod.OCCURRENCES && slices.isEmpty())) {
      return Optional.empty();
    }
    // The SLO's own fields through their accessors, the objective's as parameters.
    return Optional.of(
        new SloSpec(
            name,
            service().orElseThrow(),
            description(),
            target.orElseThrow(),
            window().orElseThrow(),
            method().orElseThrow(),
            slices,
            sli.orElseThrow(),
            alerts(),
            labels(),
            source,
            grouping(),
            List.of()));
  }
}
