package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.incident.IncidentDecisions.Entry;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell's steps on one incident at a time: the incident locked as the alert rules lock it, and
 * what a decision said written.
 */
final class LockedIncidents {
  private LockedIncidents() {}

  /** Work on one locked incident. */
  @FunctionalInterface
  interface Step {
    /** Does the work; whether it changed the incident. */
    boolean apply(Connection c, Incident locked) throws SQLException;
  }

  /**
   * The incident of {@code key}, locked: its dedup key first, so that its alert group's rules wait,
   * then its row.
   */
  static Incident locked(Connection c, String key) throws SQLException {
    Incident i = IncidentService.find(c, key, false);
    Database.lock(c, i.dedupKey());
    return IncidentService.find(c, key, true);
  }

  /** Runs {@code step} on each incident of {@code keys}, each in its own transaction. */
  static List<String> each(BridgeContext ctx, List<String> keys, Step step) {
    List<String> changed = new ArrayList<>();
    for (String key : keys) {
      if (ctx.tx(c -> step.apply(c, locked(c, key)))) {
        changed.add(key);
      }
    }
    return changed;
  }

  /** Writes what a decision said: its timeline entries, the incident and the outbox event. */
  static void write(
      BridgeContext ctx,
      Connection c,
      Incident next,
      List<Entry> timeline,
      String event,
      String message,
      Instant now)
      throws SQLException {
    for (Entry t : timeline) {
      TimelineSql.append(c, next.key(), now, t.kind(), t.message(), t.actor(), t.details());
    }
    IncidentSql.updateIncident(c, next);
    ctx.outbox().enqueue(c, IncidentSnapshots.of(c, next), event, message, now);
  }
}
