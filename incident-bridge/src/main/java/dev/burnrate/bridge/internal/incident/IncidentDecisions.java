package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident rules as functions of values: given the incident, the signal and now, what changes.
 * Nothing here reads or writes the database; {@link IncidentRules} loads, calls and writes.
 */
final class IncidentDecisions {
  private IncidentDecisions() {}

  /** One timeline entry to write. */
  record Entry(String kind, String message, String actor, Map<String, Object> details) {
    /** An escalation from one priority to a more urgent one, and why. */
    static Entry escalated(
        int from, int to, String why, String actor, Map<String, Object> details) {
      return new Entry(
          "escalated",
          "Escalated " + Priority.format(from) + " -> " + Priority.format(to) + ": " + why,
          actor,
          details);
    }
  }

  /**
   * What a signal does to an incident.
   *
   * @param next the incident to store
   * @param timeline the entries to append, in order
   * @param event the outbox event
   * @param message the outbox message
   */
  record Effects(Incident next, List<Entry> timeline, String event, String message) {
    Effects {
      timeline = List.copyOf(timeline);
    }
  }

  /** The entry of a firing alert in an incident's active alerts. */
  static Map<String, Object> alertEntry(AlertSignal s, Instant now) {
    Map<String, Object> a = new LinkedHashMap<>(s.details());
    a.put("source", s.source());
    a.put("severity", s.severity());
    a.put("priority", Priority.format(s.priority()));
    a.put("since", now.toString());
    return a;
  }

  /** The timeline message of a new incident. */
  static String openMessage(AlertSignal s, List<String> impacted) {
    return "Opened "
        + Priority.format(s.priority())
        + " ("
        + s.severity()
        + ") from "
        + s.source()
        + ": "
        + s.summary()
        + (impacted.isEmpty()
            ? ""
            : "; services depending on " + s.service() + ": " + String.join(", ", impacted));
  }

  /** A firing signal on an active incident: refire, escalate or note it; empty when a repeat. */
  static Optional<Effects> fire(Incident inc, AlertSignal s, Instant now) {
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>(inc.activeAlerts());
    boolean alreadyActive = alerts.containsKey(s.alertId());
    if (alreadyActive && !s.source().equals("slo")) {
      // Alertmanager and Grafana repeat firing notifications; the same fingerprint changes nothing.
      return Optional.empty();
    }
    if (alreadyActive && inc.recoveredAt() == null && s.priority() >= inc.priority()) {
      // The engine's leader changed and the new one hands on a firing the old one already
      // applied: applying it again would only repeat the timeline and the deliveries.
      return Optional.empty();
    }
    alerts.put(s.alertId(), alertEntry(s, now));
    List<Entry> timeline = new ArrayList<>();
    boolean refired = inc.recoveredAt() != null;
    String event = "updated";
    if (refired) {
      timeline.add(
          new Entry(
              "refired",
              "Burn resumed during the quiet period: "
                  + s.summary()
                  + "; the incident is no longer recovered",
              s.source(),
              s.details()));
      event = "refired";
    }
    int priority = inc.priority();
    String severity = inc.severity();
    String title = inc.title();
    if (s.priority() < inc.priority()) {
      timeline.add(
          Entry.escalated(inc.priority(), s.priority(), s.summary(), s.source(), s.details()));
      priority = s.priority();
      severity = priority <= 2 ? "page" : severity;
      event = "escalated";
      // The title names the alert that set the priority; a person's title is theirs to keep.
      if (!inc.manual()) {
        title = s.title();
      }
    } else if (!refired) {
      timeline.add(
          new Entry(
              "firing",
              (alreadyActive ? "Still firing: " : "Firing: ") + s.summary(),
              s.source(),
              s.details()));
    }
    Incident next =
        inc.withAlerting(title, severity, priority, alerts, null).withLabelsOf(s.labels());
    String message = String.join("; ", timeline.stream().map(Entry::message).toList());
    return Optional.of(new Effects(next, timeline, event, message));
  }

  /**
   * A stopping signal on an active incident: the alert is gone; with none left, a webhook's
   * incident resolves at once and an SLO's (or a person's) recovers; empty when not firing.
   */
  static Optional<Effects> stop(Incident inc, AlertSignal s, Instant now, Duration quiet) {
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>(inc.activeAlerts());
    if (!alerts.containsKey(s.alertId())) {
      return Optional.empty();
    }
    alerts.remove(s.alertId());
    List<Entry> timeline = new ArrayList<>();
    String m = "Resolved: " + s.summary();
    timeline.add(new Entry("alert-resolved", m, s.source(), s.details()));
    Incident next = inc.withAlerts(alerts, inc.recoveredAt());
    String event = "updated";
    String message = m;
    if (alerts.isEmpty()) {
      if (!inc.source().equals("slo") && !inc.manual()) {
        // Alertmanager and Grafana already wait (resolve_timeout, pending periods) before they
        // send a resolved notification, so it resolves the incident at once.
        message = "Resolved: every alert of the group is resolved at " + s.source();
        next = next.resolved(now, s.source(), message);
        timeline.add(new Entry("resolved", message, s.source(), Map.of()));
        event = "resolved";
      } else {
        message =
            inc.autoResolve()
                ? "Recovered: the burn stopped; resolves at "
                    + now.plus(quiet)
                    + " unless an alert fires again"
                : "Recovered: the burn stopped; waits for a person to resolve it (autoResolve: false)";
        next = inc.withAlerts(alerts, now);
        timeline.add(new Entry("recovered", message, s.source(), s.details()));
        event = "recovered";
      }
    }
    return Optional.of(new Effects(next, timeline, event, message));
  }

  /** A recovered incident whose quiet period has passed resolves; empty when it has not. */
  static Optional<Effects> quietResolve(Incident inc, Instant now, Duration quiet) {
    if (!inc.active() || inc.recoveredAt() == null || inc.recoveredAt().isAfter(now.minus(quiet))) {
      return Optional.empty();
    }
    String m =
        "Resolved automatically: no alert fired for "
            + AlertSignal.fmt(quiet)
            + " after the burn stopped";
    return Optional.of(
        new Effects(
            inc.resolved(now, "burnrate", m),
            List.of(new Entry("resolved", m, "burnrate", Map.of())),
            "resolved",
            m));
  }
}
