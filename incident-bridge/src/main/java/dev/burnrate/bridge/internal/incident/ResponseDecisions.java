package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.ResponseSettings;
import dev.burnrate.bridge.ResponseSettings.OnBreach;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Entry;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The response rules as functions of values: who a new incident is assigned to, which targets it
 * gets, and what a check at {@code now} finds breached. {@link ResponseChecks} loads, calls and
 * writes.
 */
public final class ResponseDecisions {
  private ResponseDecisions() {}

  /** Which target a breach missed. */
  public enum Target {
    /** Time to acknowledge. */
    ACKNOWLEDGE,
    /** Time to resolve. */
    RESOLVE;

    /** The target as the API writes it: {@code acknowledge} or {@code resolve}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What a check does to an incident.
   *
   * @param next the incident to store (escalated, or unchanged)
   * @param response the response record to store
   * @param breaches the targets breached now
   * @param timeline the entries to append, in order
   * @param event the outbox event: {@code escalated} or {@code breached}
   * @param message the outbox message
   */
  record Effects(
      Incident next,
      IncidentResponse response,
      List<Target> breaches,
      List<Entry> timeline,
      String event,
      String message) {
    Effects {
      breaches = List.copyOf(breaches);
      timeline = List.copyOf(timeline);
    }
  }

  /** The response record of a new incident: its assignment and the targets of its priority. */
  static IncidentResponse open(
      String key,
      String service,
      int priority,
      Optional<ServiceCatalog.Service> entry,
      ResponseSettings settings) {
    ResponseSettings.Assignment a =
        settings.assignmentOf(service, priority, entry.map(ServiceCatalog.Service::owner));
    ResponseSettings.Targets t =
        settings.targetsOf(priority, entry.map(ServiceCatalog.Service::tier).orElse(null));
    return new IncidentResponse(
        key,
        a.group() == null || a.group().isBlank() ? null : a.group(),
        a.assignee(),
        t.acknowledge(),
        t.resolve(),
        Duration.ZERO,
        null,
        null,
        null,
        null,
        null);
  }

  /** The timeline message of an assignment. */
  static String assignMessage(IncidentResponse r, String by, String reason) {
    String to =
        r.group() == null && r.assignee() == null
            ? "nobody"
            : (r.group() == null ? "" : r.group())
                + (r.group() != null && r.assignee() != null ? " / " : "")
                + (r.assignee() == null ? "" : r.assignee());
    return "Assigned to "
        + to
        + (by == null ? "" : " by " + by)
        + (reason == null ? "" : ": " + reason);
  }

  /**
   * Checks an incident's targets at {@code now}: an active incident not on hold whose response time
   * passed a target it has not yet breached breaches it, once; empty when nothing is breached now.
   */
  static Optional<Effects> check(Incident inc, IncidentResponse r, Instant now, OnBreach onBreach) {
    if (!inc.active() || inc.state() == IncidentState.ON_HOLD) {
      return Optional.empty();
    }
    Duration elapsed = r.elapsed(inc.openedAt(), now);
    List<Target> breaches = new ArrayList<>();
    if (inc.acknowledgedAt() == null
        && r.acknowledgeBreachedAt() == null
        && elapsed.compareTo(r.acknowledgeTarget()) > 0) {
      breaches.add(Target.ACKNOWLEDGE);
    }
    if (r.resolveBreachedAt() == null && elapsed.compareTo(r.resolveTarget()) > 0) {
      breaches.add(Target.RESOLVE);
    }
    if (breaches.isEmpty()) {
      return Optional.empty();
    }
    List<Entry> timeline = new ArrayList<>();
    for (Target t : breaches) {
      Duration target = t == Target.ACKNOWLEDGE ? r.acknowledgeTarget() : r.resolveTarget();
      timeline.add(
          breachEntry(
              t,
              inc.priority(),
              target,
              elapsed,
              AlertSignal.fmt(elapsed)
                  + (t == Target.ACKNOWLEDGE
                      ? " without acknowledgement"
                      : " without resolution")));
    }
    IncidentResponse next =
        r.breached(
            breaches.contains(Target.ACKNOWLEDGE) ? now : r.acknowledgeBreachedAt(),
            breaches.contains(Target.RESOLVE) ? now : r.resolveBreachedAt());
    Incident inc2 = inc;
    String event = "breached";
    if (onBreach == OnBreach.PRIORITY && inc.priority() > 1) {
      inc2 = inc.escalated();
      String missed = String.join(" and ", breaches.stream().map(Target::wire).toList());
      timeline.add(
          Entry.escalated(
              inc.priority(),
              inc2.priority(),
              "breached its " + missed + " target",
              "burnrate",
              Map.of()));
      event = "escalated";
    }
    String message = String.join("; ", timeline.stream().map(Entry::message).toList());
    return Optional.of(new Effects(inc2, next, breaches, timeline, event, message));
  }

  /**
   * The timeline entries of targets that {@code settled} records as breached and {@code before} did
   * not: targets missed between two checks, found when the incident was acknowledged or resolved
   * late. They escalate nothing: someone has already acted on the incident.
   */
  static List<Missed> missed(Incident inc, IncidentResponse before, IncidentResponse settled) {
    List<Missed> out = new ArrayList<>();
    if (before.acknowledgeBreachedAt() == null && settled.acknowledgeBreachedAt() != null) {
      out.add(
          new Missed(
              settled.acknowledgeBreachedAt(),
              missedEntry(
                  Target.ACKNOWLEDGE,
                  inc.priority(),
                  settled.acknowledgeTarget(),
                  settled.timeToAcknowledge(),
                  "acknowledged")));
    }
    if (before.resolveBreachedAt() == null && settled.resolveBreachedAt() != null) {
      out.add(
          new Missed(
              settled.resolveBreachedAt(),
              missedEntry(
                  Target.RESOLVE,
                  inc.priority(),
                  settled.resolveTarget(),
                  settled.timeToResolve(),
                  "resolved")));
    }
    return out;
  }

  /**
   * A target missed between two checks.
   *
   * @param at when it was measured: the acknowledgement or the resolution
   * @param entry its timeline entry
   */
  record Missed(Instant at, Entry entry) {}

  private static Entry missedEntry(
      Target t, int priority, Duration target, Duration measured, String how) {
    Entry e =
        breachEntry(
            t,
            priority,
            target,
            measured,
            how + " after " + AlertSignal.fmt(measured.withNanos(0)) + ", between two checks");
    e.details().put("betweenChecks", true);
    return e;
  }

  private static Entry breachEntry(
      Target t, int priority, Duration target, Duration elapsed, String what) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("target", t.wire());
    d.put("priority", Priority.format(priority));
    d.put("limit", AlertSignal.fmt(target));
    d.put("elapsed", AlertSignal.fmt(elapsed));
    return new Entry(
        "breached",
        "Breached the "
            + t.wire()
            + " target of "
            + Priority.format(priority)
            + " ("
            + AlertSignal.fmt(target)
            + "): "
            + what,
        "burnrate",
        d);
  }
}
