package dev.burnrate.bridge.internal.incident;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.NextValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An incident; its transitions return a new value and refuse what its state does not allow.
 *
 * @param id the row id
 * @param key such as {@code INC-12}
 * @param title the title
 * @param service the service it is about
 * @param slo the SLO that opened it, or null
 * @param severity {@code page} or {@code ticket}
 * @param priority 1 (most urgent) to 4
 * @param state where it is in its life
 * @param source what opened it: {@code slo}, {@code alertmanager}, {@code grafana}, {@code manual}
 * @param dedupKey the key that finds the active incident of an alert group
 * @param activeAlerts the firing alerts by id, each its signal's details with source, severity,
 *     priority and since
 * @param impacted the services that depend on its service
 * @param autoResolve whether a quiet period resolves it once recovered
 * @param recoveredAt when the burn stopped, or null while it burns
 * @param openedAt when it opened
 * @param acknowledgedAt when it was acknowledged, or null
 * @param acknowledgedBy who acknowledged it, or null
 * @param resolvedAt when it was resolved, or null
 * @param resolvedBy who resolved it, or null
 * @param closedAt when it was closed, or null
 * @param closedBy who closed it, or null
 * @param resolution how it was resolved, or null
 * @param labels the labels of the alerts that fired into it, sorted by name, for routing
 */
public record Incident(
    long id,
    String key,
    String title,
    String service,
    String slo,
    String severity,
    int priority,
    IncidentState state,
    String source,
    String dedupKey,
    Map<String, Map<String, Object>> activeAlerts,
    List<String> impacted,
    boolean autoResolve,
    Instant recoveredAt,
    Instant openedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    Instant closedAt,
    String closedBy,
    String resolution,
    Map<String, String> labels) {

  /** Checks the incident and copies its lists; labels sorted so every view shows one order. */
  public Incident {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
    activeAlerts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(activeAlerts));
    impacted = List.copyOf(impacted);
    labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
  }

  /** Whether the incident is open or acknowledged. */
  public boolean active() {
    return state.active();
  }

  /** Whether it opened from a person's request rather than an alert. */
  public boolean manual() {
    return source.equals("manual");
  }

  /** Acknowledged by {@code by}; only an open incident can be. */
  public Incident acknowledge(Instant now, String by) {
    allowedOnlyIf(state == IncidentState.OPEN, "only an open incident can be acknowledged");
    return edit(
        n -> {
          n.state = IncidentState.ACKNOWLEDGED;
          n.acknowledgedAt = now;
          n.acknowledgedBy = by;
        });
  }

  /** Resolved by a person; only an active incident can be. */
  public Incident resolveBy(Instant now, String by, String text) {
    if (!active()) {
      throw BridgeException.conflict(key + " is already " + state.wire());
    }
    return resolved(now, by, text);
  }

  /** Resolved, whatever its state (the rules check it first). */
  Incident resolved(Instant now, String by, String text) {
    return edit(
        n -> {
          n.state = IncidentState.RESOLVED;
          n.resolvedAt = now;
          n.resolvedBy = by;
          n.resolution = text;
        });
  }

  /** Closed by {@code by}; only a resolved incident can be. */
  public Incident close(Instant now, String by) {
    allowedOnlyIf(state == IncidentState.RESOLVED, "resolve it before closing it");
    return edit(
        n -> {
          n.state = IncidentState.CLOSED;
          n.closedAt = now;
          n.closedBy = by;
        });
  }

  /** On hold, waiting on someone outside; only an open or acknowledged incident can be. */
  public Incident hold() {
    allowedOnlyIf(
        state == IncidentState.OPEN || state == IncidentState.ACKNOWLEDGED,
        "only an open or acknowledged incident goes on hold");
    return edit(n -> n.state = IncidentState.ON_HOLD);
  }

  /** Off hold, back to acknowledged when it was, else open; only an incident on hold can be. */
  public Incident resume() {
    allowedOnlyIf(state == IncidentState.ON_HOLD, "it is not on hold");
    IncidentState back = acknowledgedAt != null ? IncidentState.ACKNOWLEDGED : IncidentState.OPEN;
    return edit(n -> n.state = back);
  }

  /** Refuses a transition its state does not allow: {@code INC-12 is closed; why}. */
  private void allowedOnlyIf(boolean allowed, String why) {
    if (!allowed) {
      throw BridgeException.conflict(key + " is " + state.wire() + "; " + why);
    }
  }

  /** With a priority one step more urgent (a P1 stays P1); P1 and P2 page. */
  public Incident escalated() {
    int p = Math.max(1, priority - 1);
    return withAlerting(title, p <= 2 ? "page" : severity, p, activeAlerts, recoveredAt);
  }

  /** With other firing alerts and recovery time. */
  Incident withAlerts(Map<String, Map<String, Object>> alerts, Instant recovered) {
    return withAlerting(title, severity, priority, alerts, recovered);
  }

  /** With what the alerts decide: title, severity, priority, firing alerts, recovery time. */
  Incident withAlerting(
      String newTitle,
      String newSeverity,
      int newPriority,
      Map<String, Map<String, Object>> alerts,
      Instant recovered) {
    return edit(
        n -> {
          n.title = newTitle;
          n.severity = newSeverity;
          n.priority = newPriority;
          n.activeAlerts = alerts;
          n.recoveredAt = recovered;
        });
  }

  /**
   * With the labels of a joining alert added; the labels it has keep their values, so the
   * connectors it was routed to by them stay right.
   */
  Incident withLabelsOf(Map<String, String> alertLabels) {
    Map<String, String> merged = new java.util.TreeMap<>(alertLabels);
    merged.putAll(labels);
    return edit(n -> n.labels = merged);
  }

  /** This incident with some fields changed: every transition copies through here, once. */
  private Incident edit(Consumer<Next> change) {
    return NextValue.edit(new Next(this), change);
  }

  /** The fields of the next value of an incident, starting as this one's. */
  private static final class Next extends NextValue<Incident> {
    String title;
    String severity;
    int priority;
    IncidentState state;
    Map<String, Map<String, Object>> activeAlerts;
    Instant recoveredAt;
    Instant acknowledgedAt;
    String acknowledgedBy;
    Instant resolvedAt;
    String resolvedBy;
    Instant closedAt;
    String closedBy;
    String resolution;
    Map<String, String> labels;
    private final Incident from;

    Next(Incident i) {
      this.from = i;
      this.title = i.title;
      this.severity = i.severity;
      this.priority = i.priority;
      this.state = i.state;
      this.activeAlerts = i.activeAlerts;
      this.recoveredAt = i.recoveredAt;
      this.acknowledgedAt = i.acknowledgedAt;
      this.acknowledgedBy = i.acknowledgedBy;
      this.resolvedAt = i.resolvedAt;
      this.resolvedBy = i.resolvedBy;
      this.closedAt = i.closedAt;
      this.closedBy = i.closedBy;
      this.resolution = i.resolution;
      this.labels = i.labels;
    }

    @Override
    protected Incident build() {
      return new Incident(
          from.id,
          from.key,
          title,
          from.service,
          from.slo,
          severity,
          priority,
          state,
          from.source,
          from.dedupKey,
          activeAlerts,
          from.impacted,
          from.autoResolve,
          recoveredAt,
          from.openedAt,
          acknowledgedAt,
          acknowledgedBy,
          resolvedAt,
          resolvedBy,
          closedAt,
          closedBy,
          resolution,
          labels);
    }
  }
}
