package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/** What people do to incidents through the API: open, acknowledge, resolve, close, read. */
public final class IncidentService {
  private final BridgeContext ctx;
  private final IncidentRules rules;

  /** A service over a context. */
  public IncidentService(BridgeContext ctx, IncidentRules rules) {
    this.ctx = ctx;
    this.rules = rules;
  }

  /** A page of incidents. */
  public Page<IncidentView> list(ListFilter f) {
    Instant now = ctx.now();
    return ctx.page(
        f,
        c -> IncidentSql.incidents(c, f),
        Incident::key,
        (c, i) -> IncidentView.listed(c, i, now));
  }

  /** One incident with links and timeline. */
  public IncidentView incident(String key) {
    Instant now = ctx.now();
    return ctx.db().tx(c -> IncidentView.read(c, find(c, key, false), now));
  }

  /** The incident of a key; {@link BridgeException.NotFound} when there is none. */
  public static Incident find(Connection c, String key, boolean lock) throws SQLException {
    return IncidentSql.incident(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no incident " + key));
  }

  /** Opens an incident by hand. */
  public IncidentView openManual(
      String title, String service, String severity, int priority, String slo, String by) {
    ctx.checkService("service", service);
    String dedup = "manual:" + UUID.randomUUID();
    Map<String, Object> d = java.util.Collections.singletonMap("openedBy", by);
    AlertSignal s =
        new AlertSignal(
            "manual",
            dedup,
            "manual",
            true,
            service,
            slo,
            severity,
            priority,
            title,
            "opened by " + by + ": " + title,
            d,
            java.util.Map.of());
    String key = rules.apply(s).orElseThrow();
    return incident(key);
  }

  /** Acknowledges an open incident. */
  public IncidentView acknowledge(String key, String by) {
    return act(
        key, by, "acknowledged", (i, now) -> i.acknowledge(now, by), "Acknowledged by " + by);
  }

  /** Resolves an open or acknowledged incident. */
  public IncidentView resolve(String key, String by, String resolution) {
    String text = resolution == null ? "resolved by " + by : resolution;
    return act(
        key,
        by,
        "resolved",
        (i, now) -> i.resolveBy(now, by, text),
        "Resolved by " + by + ": " + text);
  }

  /** Closes a resolved incident. */
  public IncidentView close(String key, String by) {
    return act(key, by, "closed", (i, now) -> i.close(now, by), "Closed by " + by);
  }

  /**
   * Assigns an active incident to another group or person (null: unchanged), with the reason on its
   * timeline.
   */
  public IncidentView assign(String key, String group, String assignee, String reason, String by) {
    if (group == null && assignee == null) {
      throw BridgeException.invalid("group", "give a group or an assignee");
    }
    return ctx.tx(
        c -> {
          Incident i = LockedIncidents.locked(c, key);
          if (!i.active()) {
            throw BridgeException.conflict(
                key + " is " + i.state().wire() + "; only an active incident is reassigned");
          }
          IncidentResponse r =
              ResponseSql.of(c, key, true)
                  .orElseThrow(() -> BridgeException.conflict(key + " has no response record"));
          IncidentResponse next =
              r.assigned(
                  group != null ? group : r.group(), assignee != null ? assignee : r.assignee());
          ResponseSql.update(c, next);
          Instant now = ctx.now();
          String message = ResponseDecisions.assignMessage(next, by, reason);
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("fromGroup", r.group());
          d.put("fromAssignee", r.assignee());
          d.put("reason", reason);
          return recorded(c, i, "assigned", message, by, d, now);
        });
  }

  /** Puts an incident on hold, waiting on someone outside: its response timers pause. */
  public IncidentView hold(String key, String reason, String by) {
    String message = "On hold, set by " + by + (reason == null ? "" : ": " + reason);
    return timed(key, by, "on_hold", Incident::hold, IncidentResponse::hold, (r, held) -> message);
  }

  /** Takes an incident off hold: its response timers run again. */
  public IncidentView resume(String key, String by) {
    return timed(
        key,
        by,
        "resumed",
        Incident::resume,
        IncidentResponse::resume,
        (r, held) ->
            "Resumed by "
                + by
                + (r.isEmpty() ? "" : " after " + AlertSignal.fmt(held) + " on hold"));
  }

  /** What a hold or its end says, given the response record before and the time it was held. */
  @FunctionalInterface
  private interface HoldMessage {
    String of(Optional<IncidentResponse> before, Duration held);
  }

  /** A transition that pauses or restarts the incident's response timers too. */
  private IncidentView timed(
      String key,
      String by,
      String event,
      UnaryOperator<Incident> t,
      BiFunction<IncidentResponse, Instant, IncidentResponse> timers,
      HoldMessage message) {
    return ctx.tx(
        c -> {
          Incident i = LockedIncidents.locked(c, key);
          Instant now = ctx.now();
          Incident next = t.apply(i);
          Optional<IncidentResponse> before = ResponseSql.of(c, key, true);
          Duration held = Duration.ZERO;
          if (before.isPresent()) {
            IncidentResponse after = timers.apply(before.get(), now);
            ResponseSql.update(c, after);
            held = after.held().minus(before.get().held());
          }
          IncidentSql.updateIncident(c, next);
          return recorded(c, next, event, message.of(before, held), by, Map.of(), now);
        });
  }

  /** MTTA, MTTR and the share inside targets of incidents opened in {@code [from, to)}. */
  public ResponseReports.Report report(ResponseSql.By by, Instant from, Instant to) {
    return new ResponseReports(ctx).report(by, from, to);
  }

  /** A person's transition of an incident. */
  @FunctionalInterface
  private interface Transition {
    Incident apply(Incident i, Instant now);
  }

  private IncidentView act(String key, String by, String event, Transition t, String message) {
    return ctx.tx(
        c -> {
          Incident i = LockedIncidents.locked(c, key);
          Instant now = ctx.now();
          Incident next = t.apply(i, now);
          IncidentSql.updateIncident(c, next);
          return recorded(c, next, event, message, by, Map.of(), now);
        });
  }

  /** What a person did, on the incident's timeline and in the outbox; the answer to them. */
  private IncidentView recorded(
      Connection c,
      Incident i,
      String event,
      String message,
      String by,
      Map<String, Object> details,
      Instant now)
      throws SQLException {
    TimelineSql.append(c, i.key(), now, event, message, by, details);
    IncidentView view = IncidentView.of(c, i, true);
    ctx.outbox().enqueue(c, IncidentSnapshots.of(c, i), event, message, now);
    return view;
  }
}
