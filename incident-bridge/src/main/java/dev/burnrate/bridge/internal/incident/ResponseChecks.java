package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.ResponseDecisions.Effects;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
    return LockedIncidents.each(
        ctx,
        candidates,
        (c, inc) -> {
          Optional<IncidentResponse> r = ResponseSql.of(c, inc.key(), true);
          if (r.isEmpty()) {
            return false;
          }
          Optional<Effects> e =
              ResponseDecisions.check(inc, r.get(), now, ctx.settings().response().onBreach());
          if (e.isEmpty()) {
            return false;
          }
          write(c, e.get(), now);
          return true;
        });
  }

  private void write(Connection c, Effects e, Instant now) throws SQLException {
    ResponseSql.update(c, e.response());
    LockedIncidents.write(ctx, c, e.next(), e.timeline(), e.event(), e.message(), now);
  }
}
