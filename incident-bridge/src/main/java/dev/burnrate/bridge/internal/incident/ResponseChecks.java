package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Entry;
import dev.burnrate.bridge.internal.incident.ResponseDecisions.Effects;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The response rules' shell: gives a new incident its assignment and targets, and on every tick
 * asks {@link ResponseDecisions} which active incidents breached a target, and writes it.
 */
public final class ResponseChecks {
  private final BridgeContext ctx;

  /** The checks over a context. */
  public ResponseChecks(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** Assigns a new incident and fixes its targets (its view shows both). */
  void onOpen(Connection c, Incident inc) throws SQLException {
    ResponseSql.insert(
        c,
        ResponseDecisions.open(
            inc.key(),
            inc.service(),
            inc.priority(),
            ctx.catalog().service(inc.service()),
            ctx.settings().response()));
  }

  /** Checks every active incident's targets at now; returns the keys that breached one. */
  public List<String> check() {
    Instant now = ctx.now();
    List<String> candidates = ctx.db().tx(c -> ResponseSql.overdue(c, now));
    List<String> breached = new ArrayList<>();
    for (String key : candidates) {
      boolean hit =
          ctx.tx(
              c -> {
                Incident inc = IncidentSql.incident(c, key, false).orElseThrow();
                Database.lock(c, inc.dedupKey());
                inc = IncidentSql.incident(c, key, true).orElseThrow();
                Optional<IncidentResponse> r = ResponseSql.of(c, key, true);
                if (r.isEmpty()) {
                  return false;
                }
                Optional<Effects> e =
                    ResponseDecisions.check(
                        inc, r.get(), now, ctx.settings().response().onBreach());
                if (e.isEmpty()) {
                  return false;
                }
                write(c, e.get(), now);
                return true;
              });
      if (hit) {
        breached.add(key);
      }
    }
    return breached;
  }

  private void write(Connection c, Effects e, Instant now) throws SQLException {
    String key = e.next().key();
    for (Entry t : e.timeline()) {
      TimelineSql.append(c, key, now, t.kind(), t.message(), t.actor(), t.details());
    }
    ResponseSql.update(c, e.response());
    IncidentSql.updateIncident(c, e.next());
    ctx.outbox().enqueue(c, IncidentSnapshots.of(c, e.next()), e.event(), e.message(), now);
  }
}
