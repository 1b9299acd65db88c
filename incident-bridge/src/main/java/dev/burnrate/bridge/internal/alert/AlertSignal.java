package dev.burnrate.bridge.internal.alert;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.PriorityRules;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One alert starting or stopping, from the SLO engine or a webhook, in the form the incident rules
 * use.
 *
 * @param source slo, alertmanager or grafana
 * @param dedupKey alerts with the same key share one active incident
 * @param alertId the alert's identity within the incident (rule name or fingerprint)
 * @param firing true when it starts, false when it stops
 * @param service the service it is about
 * @param slo the SLO, if any
 * @param severity page or ticket
 * @param priority 1..4
 * @param title a title for a new incident
 * @param summary one line for the timeline
 * @param details the numbers that caused it, as JSON values (text, numbers, maps), in the order
 *     they are written
 * @param labels the alert's labels (an SLO's and its rule's, or a webhook alert's), carried into
 *     the incident for routing
 */
public record AlertSignal(
    String source,
    String dedupKey,
    String alertId,
    boolean firing,
    String service,
    String slo,
    String severity,
    int priority,
    String title,
    String summary,
    Map<String, Object> details,
    Map<String, String> labels) {

  /** Checks the signal. */
  public AlertSignal {
    requireNonNull(source, "source");
    requireNonNull(dedupKey, "dedupKey");
    requireNonNull(alertId, "alertId");
    requireNonNull(service, "service");
    requireNonNull(severity, "severity");
    requireNonNull(title, "title");
    requireNonNull(summary, "summary");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    labels = Map.copyOf(labels);
    if (priority < 1 || priority > 4) {
      throw new IllegalArgumentException("priority must be 1..4, got " + priority);
    }
  }

  /** The dedup key of an SLO's incident. */
  public static String sloKey(String slo) {
    return "slo:" + slo;
  }

  /** The priority of an SLO alert rule, by the documented rule. */
  public static int priority(
      Severity severity, Duration longWindow, double factor, PriorityRules rules) {
    if (severity == Severity.PAGE) {
      return longWindow.compareTo(rules.p1MaxLongWindow()) <= 0 || factor >= rules.p1MinFactor()
          ? 1
          : 2;
    }
    return longWindow.compareTo(rules.p3MaxLongWindow()) <= 0 ? 3 : 4;
  }

  /** Turns an engine transition into a signal, or empty when the rules ignore it. */
  public static Optional<AlertSignal> from(AlertTransition t, PriorityRules rules) {
    boolean noData =
        t.kind() == AlertTransition.Kind.NO_DATA || t.kind() == AlertTransition.Kind.DATA_RESUMED;
    if (noData && !rules.noDataOpensIncident()) {
      return Optional.empty();
    }
    boolean firing =
        t.kind() == AlertTransition.Kind.FIRING || t.kind() == AlertTransition.Kind.NO_DATA;
    int priority = noData ? 4 : priority(t.severity(), t.longWindow(), t.factor(), rules);
    String severity = noData ? "ticket" : t.severity().id();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("transition", t.kind().name());
    d.put("alert", t.alert());
    d.put("severity", severity);
    d.put("priority", Priority.format(priority));
    d.put("factor", t.factor());
    d.put("longWindow", fmt(t.longWindow()));
    d.put("shortWindow", fmt(t.shortWindow()));
    d.put("longBurnRate", t.longBurnRate());
    d.put("shortBurnRate", t.shortBurnRate());
    d.put("budgetRemaining", t.budgetRemaining());
    d.put("labels", new LinkedHashMap<>(t.labels()));
    if (!t.annotations().isEmpty()) {
      d.put("annotations", new LinkedHashMap<>(t.annotations()));
    }
    d.put("at", t.at() == null ? null : t.at().toString());
    String summary;
    if (noData) {
      summary =
          firing
              ? "SLO " + t.slo() + " receives no events (no-data)"
              : "SLO " + t.slo() + " receives events again";
    } else {
      summary =
          String.format(
              Locale.ROOT,
              "alert %s (%s) %s on SLO %s: burn rate %.2fx over %s and %.2fx over %s, factor %.2f, %.1f%% of the error budget left",
              t.alert(),
              severity,
              firing ? "firing" : "resolved",
              t.slo(),
              t.longBurnRate(),
              fmt(t.longWindow()),
              t.shortBurnRate(),
              fmt(t.shortWindow()),
              t.factor(),
              t.budgetRemaining() * 100);
    }
    String title =
        noData
            ? "No data for SLO " + t.slo() + " of " + t.service()
            : String.format(
                Locale.ROOT,
                "%s is burning the error budget of SLO %s (%s at %.1fx)",
                t.service(),
                t.slo(),
                t.alert(),
                t.longBurnRate());
    return Optional.of(
        new AlertSignal(
            "slo",
            sloKey(t.slo()),
            t.alert(),
            firing,
            t.service(),
            t.slo(),
            severity,
            priority,
            title,
            summary,
            d,
            t.labels()));
  }

  /** A duration as the bridge writes it in messages, such as {@code 1h30m}. */
  public static String fmt(Duration d) {
    return dev.burnrate.yaml.Durations.format(d);
  }
}
