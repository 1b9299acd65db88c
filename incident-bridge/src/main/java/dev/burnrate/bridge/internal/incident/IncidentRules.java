package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.change.ChangeCorrelation;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Effects;
import dev.burnrate.bridge.internal.item.AlertImpact;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.problem.RecurringProblems;
import dev.burnrate.bridge.internal.record.TimelineSql;
import dev.burnrate.slo.engine.AlertTransition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident rules' shell: loads the incident of a signal, asks {@link IncidentDecisions} what
 * changes and writes it; a new incident names recent changes as suspected causes and joins or
 * raises a problem.
 */
public final class IncidentRules {
  private static final Logger log = LoggerFactory.getLogger(IncidentRules.class);

  private final BridgeContext ctx;
  private final ChangeCorrelation changes;
  private final RecurringProblems problems;
  private final ResponseChecks response;

  /** Rules over a context. */
  public IncidentRules(BridgeContext ctx) {
    this.ctx = ctx;
    this.changes = new ChangeCorrelation(ctx);
    this.problems = new RecurringProblems(ctx);
    this.response = new ResponseChecks(ctx);
  }

  /** The response checks: assignment, targets, breaches. */
  public ResponseChecks response() {
    return response;
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
    Database.lock(c, s.dedupKey());
    Instant now = ctx.now();
    Optional<Incident> active = IncidentSql.activeIncident(c, s.dedupKey());
    if (active.isEmpty()) {
      if (s.firing()) {
        return Optional.of(open(c, s, now).key());
      }
      log.debug("{} resolved with no active incident for {}", s.alertId(), s.dedupKey());
      return Optional.empty();
    }
    Incident inc = active.get();
    Optional<Effects> effects =
        s.firing()
            ? IncidentDecisions.fire(inc, s, now)
            : IncidentDecisions.stop(inc, s, now, ctx.settings().quietPeriod());
    if (effects.isPresent()) {
      write(c, effects.get(), now);
    }
    return Optional.of(inc.key());
  }

  private Incident open(Connection c, AlertSignal s, Instant now) throws SQLException {
    Map<String, Map<String, Object>> alerts =
        Map.of(s.alertId(), IncidentDecisions.alertEntry(s, now));
    AlertImpact impact = AlertImpact.of(ctx.catalog(), s);
    s = impact.signal();
    List<String> impacted = impact.services();
    Incident inc =
        IncidentSql.insertIncident(
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
    impact.record(c, inc.id());
    String msg = IncidentDecisions.openMessage(s, impacted) + impact.sentence();
    TimelineSql.append(c, inc.key(), now, "opened", msg, s.source(), s.details());
    response.onOpen(c, inc);
    changes.correlate(c, inc.key(), inc.title(), inc.service(), now);
    problems.raise(c, inc.key(), inc.title(), inc.service(), inc.slo(), now);
    ctx.outbox().enqueue(c, IncidentSnapshots.of(c, inc), "opened", msg, now);
    return inc;
  }

  private void write(Connection c, Effects e, Instant now) throws SQLException {
    LockedIncidents.write(ctx, c, e.next(), e.timeline(), e.event(), e.message(), now);
  }

  /** Resolves every recovered incident whose quiet period has passed; returns their keys. */
  public List<String> resolveQuiet() {
    Instant now = ctx.now();
    Duration quiet = ctx.settings().quietPeriod();
    List<String> candidates = ctx.db().tx(c -> IncidentSql.quietIncidents(c, now.minus(quiet)));
    return LockedIncidents.each(
        ctx,
        candidates,
        (c, inc) -> {
          Optional<Effects> e = IncidentDecisions.quietResolve(inc, now, quiet);
          if (e.isPresent()) {
            write(c, e.get(), now);
          }
          return e.isPresent();
        });
  }
}
