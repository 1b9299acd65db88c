package dev.burnrate.slo.engine;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An event the engine emits when an SLO's alert changes state; the incident bridge consumes these.
 *
 * @param kind what happened
 * @param slo the SLO's name
 * @param service the SLO's service
 * @param alert the alert rule's name (for NO_DATA and DATA_RESUMED: {@code no-data})
 * @param severity the rule's severity (NO_DATA is a ticket)
 * @param at when the engine saw the change
 * @param factor the rule's burn-rate threshold (0 for the no-data events)
 * @param longWindow the rule's long window
 * @param shortWindow the rule's short window
 * @param longBurnRate the burn rate over the long window at {@code at}
 * @param shortBurnRate the burn rate over the short window at {@code at}
 * @param budgetRemaining the remaining budget of the SLO's window, as a fraction (negative when
 *     overspent)
 * @param labels the SLO's labels and the alert rule's own (the rule's win on a clash), for routing
 * @param annotations the alert rule's annotations, such as a runbook or a summary
 */
public record AlertTransition(
    Kind kind,
    String slo,
    String service,
    String alert,
    Severity severity,
    Instant at,
    double factor,
    Duration longWindow,
    Duration shortWindow,
    double longBurnRate,
    double shortBurnRate,
    double budgetRemaining,
    Map<String, String> labels,
    Map<String, String> annotations) {

  /** The kinds of transition. */
  public enum Kind {
    /** The alert started firing. */
    FIRING,
    /** A firing alert stopped: the burn is back under the factor. */
    RESOLVED,
    /** The SLO has seen no events for the configured no-data time. */
    NO_DATA,
    /** Events arrive again after NO_DATA. */
    DATA_RESUMED
  }

  /** Checks the transition and copies its labels and annotations. */
  public AlertTransition {
    requireNonNull(kind, "kind");
    requireNonNull(slo, "slo");
    requireNonNull(service, "service");
    requireNonNull(alert, "alert");
    requireNonNull(severity, "severity");
    requireNonNull(at, "at");
    requireNonNull(longWindow, "longWindow");
    requireNonNull(shortWindow, "shortWindow");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
