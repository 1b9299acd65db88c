package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.RecordKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of changes and change gate decisions; every method runs in the caller's transaction. */
public final class ChangeSql {
  private ChangeSql() {}

  private static final String CHANGE_COLUMNS =
      "id, key, title, service, kind, state, source_system, source_commit, source_version, source_url, external_id,"
          + " started_at, ended_at, flagged, gate_decision_id, created_at";

  private static Change change(ResultSet rs) throws SQLException {
    long gate = rs.getLong("gate_decision_id");
    Long gateId = rs.wasNull() ? null : gate;
    return new Change(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("service"),
        rs.getString("kind"),
        ChangeState.of(rs.getString("state")),
        rs.getString("source_system"),
        rs.getString("source_commit"),
        rs.getString("source_version"),
        rs.getString("source_url"),
        rs.getString("external_id"),
        Database.instant(rs, "started_at"),
        Database.instant(rs, "ended_at"),
        rs.getBoolean("flagged"),
        gateId,
        Database.instant(rs, "created_at"));
  }

  /** A change by key. */
  public static Optional<Change> change(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return Database.one(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE key = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        ChangeSql::change,
        key);
  }

  /** A change by its CI/CD system's id. */
  public static Optional<Change> changeByExternalId(Connection c, String system, String externalId)
      throws SQLException {
    return Database.one(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE source_system IS NOT DISTINCT FROM ? AND external_id = ?",
        ChangeSql::change,
        system,
        externalId);
  }

  /** Inserts a change. */
  public static Change insertChange(Connection c, Change ch) throws SQLException {
    long id = Database.scalar(c, "SELECT nextval('bridge_change_seq')");
    String key = RecordKeys.CHANGE + id;
    Database.update(
        c,
        "INSERT INTO bridge_change (id, key, title, service, kind, state, source_system, source_commit, source_version,"
            + " source_url, external_id, started_at, ended_at, flagged, gate_decision_id, created_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        id,
        key,
        ch.title(),
        ch.service(),
        ch.kind(),
        ch.state().wire(),
        ch.sourceSystem(),
        ch.sourceCommit(),
        ch.sourceVersion(),
        ch.sourceUrl(),
        ch.externalId(),
        ch.startedAt(),
        ch.endedAt(),
        ch.flagged(),
        ch.gateDecisionId(),
        ch.createdAt());
    return change(c, key, false).orElseThrow();
  }

  /** Writes the mutable fields of a change. */
  public static void updateChange(Connection c, Change ch) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_change SET state=?, ended_at=?, flagged=? WHERE id=?",
        ch.state().wire(),
        ch.endedAt(),
        ch.flagged(),
        ch.id());
  }

  /** Changes on any of the services that started within [from, to], newest first. */
  public static List<Change> changesBetween(
      Connection c, List<String> services, Instant from, Instant to) throws SQLException {
    return Database.query(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE service = ANY (?) AND started_at >= ? AND started_at <= ?"
            + " AND state NOT IN ('rejected','cancelled') ORDER BY started_at DESC, id DESC",
        ChangeSql::change,
        c.createArrayOf("text", services.toArray()),
        from,
        to);
  }

  /** Changes matching a filter, newest first. */
  public static List<Change> changes(Connection c, ListFilter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + CHANGE_COLUMNS + " FROM bridge_change WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.state() != null) {
      sql.append(" AND state = ?");
      args.add(f.state());
    }
    f.appendCommon(sql, args, "started_at");
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(f.limit());
    return Database.query(c, sql.toString(), ChangeSql::change, args.toArray());
  }

  /** Records a gate decision. */
  public static long insertDecision(
      Connection c,
      String service,
      String kind,
      boolean allowed,
      boolean flagged,
      List<String> reasons,
      ObjectNode budgets,
      Instant at)
      throws SQLException {
    return Database.scalar(
        c,
        "INSERT INTO bridge_gate_decision (service, kind, allowed, flagged, reasons, budgets, evaluated_at)"
            + " VALUES (?,?,?,?,?,?,?) RETURNING id",
        service,
        kind,
        allowed,
        flagged,
        new Jsonb(Json.write(Json.strings(reasons))),
        new Jsonb(Json.write(budgets)),
        at);
  }

  /** Notes which change a decision let through. */
  public static void decisionChange(Connection c, long decisionId, String changeKey)
      throws SQLException {
    Database.update(
        c, "UPDATE bridge_gate_decision SET change_key = ? WHERE id = ?", changeKey, decisionId);
  }

  /** A gate decision by id. */
  public static Optional<GateDecision> decision(Connection c, long id) throws SQLException {
    return Database.one(
        c,
        "SELECT id, service, kind, allowed, flagged, reasons::text AS r, budgets::text AS b, evaluated_at, change_key"
            + " FROM bridge_gate_decision WHERE id = ?",
        rs ->
            new GateDecision(
                rs.getLong("id"),
                rs.getString("service"),
                rs.getString("kind"),
                rs.getBoolean("allowed"),
                rs.getBoolean("flagged"),
                Json.stringList(rs.getString("r")),
                Json.readObject(rs.getString("b")),
                Database.instant(rs, "evaluated_at"),
                rs.getString("change_key")),
        id);
  }
}
