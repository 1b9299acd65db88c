package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.internal.Model.Change;
import dev.burnrate.bridge.internal.Model.Incident;
import dev.burnrate.bridge.internal.Model.Problem;
import dev.burnrate.bridge.record.Priority;
import dev.burnrate.slo.engine.AlertTransition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident rules: alerts open, update, escalate and recover incidents; a quiet period resolves
 * recovered ones; a new incident names recent changes as suspected causes and joins or raises a
 * problem.
 */
public final class IncidentRules {
  private static final Logger log = LoggerFactory.getLogger(IncidentRules.class);

  private final Context ctx;

  /** Rules over a context. */
  public IncidentRules(Context ctx) {
    this.ctx = ctx;
  }

  /** Applies one engine transition. */
  public void onTransition(AlertTransition t) {
    AlertSignal.from(t, ctx.settings().priorities()).ifPresent(this::apply);
  }

  /** Applies one alert signal in one transaction; returns the incident it touched, if any. */
  public Optional<String> apply(AlertSignal s) {
    return ctx.tx(c -> apply(c, s));
  }

  private Optional<String> apply(Connection c, AlertSignal s) throws SQLException {
    Db.lock(c, s.dedupKey());
    Instant now = ctx.clock().instant();
    Optional<Incident> active = Store.activeIncident(c, s.dedupKey());
    if (s.firing()) {
      if (active.isEmpty()) {
        return Optional.of(open(c, s, now).key());
      }
      return Optional.of(fire(c, active.get(), s, now));
    }
    if (active.isEmpty()) {
      log.debug("{} resolved with no active incident for {}", s.alertId(), s.dedupKey());
      return Optional.empty();
    }
    return Optional.of(stop(c, active.get(), s, now));
  }

  private ObjectNode alertEntry(AlertSignal s, Instant now) {
    ObjectNode a = s.details().deepCopy();
    a.put("source", s.source());
    a.put("severity", s.severity());
    a.put("priority", Priority.format(s.priority()));
    Json.put(a, "since", now);
    return a;
  }

  private Incident open(Connection c, AlertSignal s, Instant now) throws SQLException {
    ObjectNode alerts = Json.object();
    alerts.set(s.alertId(), alertEntry(s, now));
    List<String> impacted = List.copyOf(ctx.catalog().dependentsOf(s.service()));
    Incident inc =
        Store.insertIncident(
            c,
            s.title(),
            s.service(),
            s.slo(),
            s.severity(),
            s.priority(),
            s.source(),
            s.dedupKey(),
            alerts,
            impacted,
            ctx.settings().autoResolve(),
            s.labels(),
            now);
    String msg =
        "Opened P"
            + s.priority()
            + " ("
            + s.severity()
            + ") from "
            + s.source()
            + ": "
            + s.summary()
            + (impacted.isEmpty()
                ? ""
                : "; services depending on " + s.service() + ": " + String.join(", ", impacted));
    Store.timeline(c, inc.key(), now, "opened", msg, s.source(), s.details());
    correlateChanges(c, inc, now);
    raiseProblems(c, inc, now);
    ctx.outbox().enqueue(c, Views.incident(c, inc, true), "opened", msg, now);
    return inc;
  }

  private String fire(Connection c, Incident inc, AlertSignal s, Instant now) throws SQLException {
    ObjectNode alerts = inc.activeAlerts().deepCopy();
    boolean alreadyActive = alerts.has(s.alertId());
    if (alreadyActive && !s.source().equals("slo")) {
      // Alertmanager and Grafana repeat firing notifications; the same fingerprint changes nothing.
      return inc.key();
    }
    if (alreadyActive && inc.recoveredAt() == null && s.priority() >= inc.priority()) {
      // The engine's leader changed and the new one hands on a firing the old one already
      // applied: applying it again would only repeat the timeline and the deliveries.
      return inc.key();
    }
    alerts.set(s.alertId(), alertEntry(s, now));
    Instant recovered = inc.recoveredAt();
    String event = "updated";
    List<String> msgs = new ArrayList<>();
    if (recovered != null) {
      msgs.add(
          "Burn resumed during the quiet period: "
              + s.summary()
              + "; the incident is no longer recovered");
      Store.timeline(c, inc.key(), now, "refired", msgs.get(0), s.source(), s.details());
      recovered = null;
      event = "refired";
    }
    int priority = inc.priority();
    String severity = inc.severity();
    String title = inc.title();
    if (s.priority() < inc.priority()) {
      String m =
          "Escalated "
              + Priority.format(inc.priority())
              + " -> "
              + Priority.format(s.priority())
              + ": "
              + s.summary();
      msgs.add(m);
      Store.timeline(c, inc.key(), now, "escalated", m, s.source(), s.details());
      priority = s.priority();
      severity = priority <= 2 ? "page" : severity;
      event = "escalated";
      // The title names the alert that set the priority; a person's title is theirs to keep.
      if (!inc.source().equals("manual")) {
        title = s.title();
      }
    } else if (recovered == inc.recoveredAt()) {
      String m = (alreadyActive ? "Still firing: " : "Firing: ") + s.summary();
      msgs.add(m);
      Store.timeline(c, inc.key(), now, "firing", m, s.source(), s.details());
    }
    // Labels of alerts that join the incident add to its labels; those it has keep their values, so
    // the connectors it was routed to by them stay right.
    Map<String, String> labels = new TreeMap<>(s.labels());
    labels.putAll(inc.labels());
    Incident updated =
        new Incident(
            inc.id(),
            inc.key(),
            title,
            inc.service(),
            inc.slo(),
            severity,
            priority,
            inc.state(),
            inc.source(),
            inc.dedupKey(),
            alerts,
            inc.impacted(),
            inc.autoResolve(),
            recovered,
            inc.openedAt(),
            inc.acknowledgedAt(),
            inc.acknowledgedBy(),
            inc.resolvedAt(),
            inc.resolvedBy(),
            inc.closedAt(),
            inc.closedBy(),
            inc.resolution(),
            labels);
    Store.updateIncident(c, updated);
    ctx.outbox().enqueue(c, Views.incident(c, updated, true), event, String.join("; ", msgs), now);
    return inc.key();
  }

  private String stop(Connection c, Incident inc, AlertSignal s, Instant now) throws SQLException {
    ObjectNode alerts = inc.activeAlerts().deepCopy();
    if (!alerts.has(s.alertId())) {
      return inc.key();
    }
    alerts.remove(s.alertId());
    String m = "Resolved: " + s.summary();
    Store.timeline(c, inc.key(), now, "alert-resolved", m, s.source(), s.details());
    Incident next = withAlerts(inc, alerts, inc.recoveredAt());
    String event = "updated";
    String message = m;
    if (alerts.isEmpty()) {
      if (!inc.source().equals("slo") && !inc.source().equals("manual")) {
        // Alertmanager and Grafana already wait (resolve_timeout, pending periods) before they
        // send a resolved notification, so it resolves the incident at once.
        message = "Resolved: every alert of the group is resolved at " + s.source();
        next = resolved(next, now, s.source(), message);
        Store.timeline(c, inc.key(), now, "resolved", message, s.source(), Json.object());
        event = "resolved";
      } else {
        Duration quiet = ctx.settings().quietPeriod();
        message =
            inc.autoResolve()
                ? "Recovered: the burn stopped; resolves at "
                    + now.plus(quiet)
                    + " unless an alert fires again"
                : "Recovered: the burn stopped; waits for a person to resolve it (autoResolve: false)";
        next = withAlerts(inc, alerts, now);
        Store.timeline(c, inc.key(), now, "recovered", message, s.source(), s.details());
        event = "recovered";
      }
    }
    Store.updateIncident(c, next);
    ctx.outbox().enqueue(c, Views.incident(c, next, true), event, message, now);
    return inc.key();
  }

  /** Resolves every recovered incident whose quiet period has passed; returns their keys. */
  public List<String> resolveQuiet() {
    Instant now = ctx.clock().instant();
    Duration quiet = ctx.settings().quietPeriod();
    List<String> candidates = ctx.db().tx(c -> Store.quietIncidents(c, now.minus(quiet)));
    List<String> done = new ArrayList<>();
    for (String key : candidates) {
      boolean resolvedNow =
          ctx.tx(
              c -> {
                Incident inc = Store.incident(c, key, false).orElseThrow();
                Db.lock(c, inc.dedupKey());
                inc = Store.incident(c, key, true).orElseThrow();
                if (!inc.active()
                    || inc.recoveredAt() == null
                    || inc.recoveredAt().isAfter(now.minus(quiet))) {
                  return false;
                }
                String m =
                    "Resolved automatically: no alert fired for "
                        + AlertSignal.fmt(quiet)
                        + " after the burn stopped";
                Incident r = resolved(inc, now, "burnrate", m);
                Store.updateIncident(c, r);
                Store.timeline(c, key, now, "resolved", m, "burnrate", Json.object());
                ctx.outbox().enqueue(c, Views.incident(c, r, true), "resolved", m, now);
                return true;
              });
      if (resolvedNow) {
        done.add(key);
      }
    }
    return done;
  }

  static Incident withAlerts(Incident i, ObjectNode alerts, Instant recovered) {
    return new Incident(
        i.id(),
        i.key(),
        i.title(),
        i.service(),
        i.slo(),
        i.severity(),
        i.priority(),
        i.state(),
        i.source(),
        i.dedupKey(),
        alerts,
        i.impacted(),
        i.autoResolve(),
        recovered,
        i.openedAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.closedAt(),
        i.closedBy(),
        i.resolution(),
        i.labels());
  }

  static Incident resolved(Incident i, Instant now, String by, String resolution) {
    return new Incident(
        i.id(),
        i.key(),
        i.title(),
        i.service(),
        i.slo(),
        i.severity(),
        i.priority(),
        "resolved",
        i.source(),
        i.dedupKey(),
        i.activeAlerts(),
        i.impacted(),
        i.autoResolve(),
        i.recoveredAt(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        now,
        by,
        i.closedAt(),
        i.closedBy(),
        resolution,
        i.labels());
  }

  /** Links changes on the incident's service, or a service it depends on, as suspected causes. */
  void correlateChanges(Connection c, Incident inc, Instant now) throws SQLException {
    Set<String> services = new LinkedHashSet<>();
    services.add(inc.service());
    services.addAll(ctx.catalog().dependenciesOf(inc.service()));
    Duration window = ctx.settings().changeCorrelationWindow();
    for (Change ch : Store.changesBetween(c, List.copyOf(services), now.minus(window), now)) {
      if (!Store.link(c, inc.key(), ch.key(), "suspected-cause", null, now, "burnrate")) {
        continue;
      }
      long minutes = Duration.between(ch.startedAt(), now).toMinutes();
      String where =
          ch.service().equals(inc.service())
              ? "on " + ch.service()
              : "on " + ch.service() + ", which " + inc.service() + " depends on";
      String what =
          ch.kind()
              + " change '"
              + ch.title()
              + "'"
              + (ch.sourceVersion() == null ? "" : " (version " + ch.sourceVersion() + ")");
      ObjectNode d = Json.object();
      d.put("change", ch.key());
      d.put("minutesBefore", minutes);
      Store.timeline(
          c,
          inc.key(),
          now,
          "suspected-cause",
          "Suspected cause: "
              + ch.key()
              + ", "
              + what
              + " "
              + where
              + ", started "
              + minutes
              + " min before the incident",
          "burnrate",
          d);
      ObjectNode d2 = Json.object();
      d2.put("incident", inc.key());
      Store.timeline(
          c,
          ch.key(),
          now,
          "suspected-cause",
          "Suspected cause of "
              + inc.key()
              + " ("
              + inc.title()
              + "), opened "
              + minutes
              + " min after it started",
          "burnrate",
          d2);
    }
  }

  /**
   * Links the incident to the open problem of its SLO or service, or raises one at the threshold.
   */
  void raiseProblems(Connection c, Incident inc, Instant now) throws SQLException {
    Db.lock(c, "problem:" + inc.service());
    if (inc.slo() != null) {
      Db.lock(c, "problem-slo:" + inc.slo());
    }
    Optional<Problem> open =
        inc.slo() != null ? Store.openProblemForSlo(c, inc.slo()) : Optional.empty();
    if (open.isEmpty()) {
      open = Store.openProblemForService(c, inc.service());
    }
    if (open.isPresent()) {
      Problem p = open.get();
      linkToProblem(
          c,
          inc.key(),
          p,
          now,
          "Recurs: " + inc.key() + " (" + inc.title() + ") joins the open problem");
      if (!p.services().contains(inc.service())) {
        List<String> svc = new ArrayList<>(p.services());
        svc.add(inc.service());
        p =
            new Problem(
                p.id(),
                p.key(),
                p.title(),
                p.scope(),
                p.slo(),
                svc,
                p.state(),
                p.rootCause(),
                p.workaround(),
                p.openedAt(),
                p.knownErrorAt(),
                p.resolvedAt(),
                p.closedAt(),
                p.closedBy());
        Store.updateProblem(c, p);
      }
      ctx.outbox().enqueue(c, Views.problem(c, p, true), "linked", inc.key() + " linked", now);
      return;
    }
    BridgeSettings.ProblemRules rules = ctx.settings().problems();
    Instant since = now.minus(rules.window());
    String scope = null;
    List<String> keys = List.of();
    if (inc.slo() != null) {
      keys = Store.unlinkedIncidents(c, inc.slo(), null, since);
      scope = keys.size() >= rules.threshold() ? "slo" : null;
    }
    if (scope == null) {
      keys = Store.unlinkedIncidents(c, null, inc.service(), since);
      scope = keys.size() >= rules.threshold() ? "service" : null;
    }
    if (scope == null) {
      return;
    }
    String subject = scope.equals("slo") ? "SLO " + inc.slo() : "service " + inc.service();
    String window = AlertSignal.fmt(rules.window());
    Problem p =
        Store.insertProblem(
            c,
            "Recurring incidents on " + subject + " (" + keys.size() + " within " + window + ")",
            scope,
            scope.equals("slo") ? inc.slo() : null,
            List.of(inc.service()),
            now);
    String msg =
        "Opened: "
            + keys.size()
            + " incidents on "
            + subject
            + " within "
            + window
            + ": "
            + String.join(", ", keys);
    ObjectNode d = Json.object();
    d.set("incidents", Json.strings(keys));
    d.put("threshold", rules.threshold());
    d.put("window", window);
    Store.timeline(c, p.key(), now, "opened", msg, "burnrate", d);
    for (String k : keys) {
      linkToProblem(c, k, p, now, null);
    }
    ctx.outbox().enqueue(c, Views.problem(c, p, true), "opened", msg, now);
  }

  private void linkToProblem(
      Connection c, String incidentKey, Problem p, Instant now, String problemMessage)
      throws SQLException {
    if (Store.link(c, incidentKey, p.key(), "problem", null, now, "burnrate")) {
      Store.timeline(
          c,
          incidentKey,
          now,
          "problem",
          "Linked to problem " + p.key() + " (" + p.title() + ")",
          "burnrate",
          Json.object());
      if (problemMessage != null) {
        Store.timeline(c, p.key(), now, "linked", problemMessage, "burnrate", Json.object());
      }
    }
  }
}
