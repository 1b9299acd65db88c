package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import dev.burnrate.bridge.internal.jdbc.Where;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.RecordKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of changes and change gate decisions; every method runs in the caller's transaction. */
public final class ChangeSql {
  private ChangeSql() {}

  private static final RecordTable<Change> CHANGES =
      new RecordTable<>(
          "bridge_change",
          "id, key, title, service, kind, state, source_system, source_commit, source_version,"
              + " source_url, external_id, started_at, ended_at, flagged, gate_decision_id, created_at,"
              + " window_start, window_end, rollback_plan, risk, template, approvals_required,"
              + " approvers::text AS approvers_json, requested_by, committed_at, suspect_incident",
          ChangeSql::change);

  private static final RecordTable<GateDecision> DECISIONS =
      new RecordTable<>(
          "bridge_gate_decision",
          "id, service, kind, allowed, flagged, reasons::text AS r, budgets::text AS b,"
              + " evaluated_at, change_key",
          rs ->
              new GateDecision(
                  rs.getLong("id"),
                  rs.getString("service"),
                  rs.getString("kind"),
                  rs.getBoolean("allowed"),
                  rs.getBoolean("flagged"),
                  Json.stringList(rs.getString("r")),
                  budgets(rs.getString("b")),
                  Database.instant(rs, "evaluated_at"),
                  rs.getString("change_key")));

  private static final RecordTable<ChangeApproval> APPROVALS =
      new RecordTable<>(
          "bridge_change_approval",
          "change_key, actor, approved, comment, at",
          rs ->
              new ChangeApproval(
                  rs.getString("change_key"),
                  rs.getString("actor"),
                  rs.getBoolean("approved"),
                  rs.getString("comment"),
                  Database.instant(rs, "at")));

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
        Database.instant(rs, "created_at"),
        new ChangePlan(
            Database.instant(rs, "window_start"),
            Database.instant(rs, "window_end"),
            rs.getString("rollback_plan"),
            rs.getString("risk"),
            rs.getString("template")),
        new ApprovalRule(
            rs.getInt("approvals_required"), Json.stringList(rs.getString("approvers_json"))),
        rs.getString("requested_by"),
        Database.instant(rs, "committed_at"),
        rs.getString("suspect_incident"));
  }

  /** A change by key. */
  public static Optional<Change> change(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return CHANGES.byKey(c, key, forUpdate);
  }

  /** A change by its CI/CD system's id. */
  public static Optional<Change> changeByExternalId(Connection c, String system, String externalId)
      throws SQLException {
    return CHANGES.one(
        c, "WHERE source_system IS NOT DISTINCT FROM ? AND external_id = ?", system, externalId);
  }

  /** Inserts a change. */
  public static Change insertChange(Connection c, Change ch) throws SQLException {
    return CHANGES.insertKeyed(
        c,
        RecordKeys.CHANGE,
        "title, service, kind, state, source_system, source_commit, source_version, source_url,"
            + " external_id, started_at, ended_at, flagged, gate_decision_id, created_at, window_start,"
            + " window_end, rollback_plan, risk, template, approvals_required, approvers,"
            + " requested_by, committed_at",
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
        ch.createdAt(),
        ch.plan().windowStart(),
        ch.plan().windowEnd(),
        ch.plan().rollbackPlan(),
        ch.plan().risk(),
        ch.plan().template(),
        ch.approval().required(),
        new Jsonb(Json.write(ch.approval().approvers())),
        ch.requestedBy(),
        ch.committedAt());
  }

  /** Writes the mutable fields of a change. */
  public static void updateChange(Connection c, Change ch) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_change SET state=?, started_at=?, ended_at=?, flagged=? WHERE id=?",
        ch.state().wire(),
        ch.startedAt(),
        ch.endedAt(),
        ch.flagged(),
        ch.id());
  }

  /** Changes on any of the services that started within [from, to], newest first. */
  public static List<Change> changesBetween(
      Connection c, List<String> services, Instant from, Instant to) throws SQLException {
    return CHANGES.list(
        c,
        "WHERE service = ANY (?) AND started_at >= ? AND started_at <= ?"
            + " AND state NOT IN ('rejected','cancelled') ORDER BY started_at DESC, id DESC",
        c.createArrayOf("text", services.toArray()),
        from,
        to);
  }

  /** Changes matching a filter, newest first. */
  public static List<Change> changes(Connection c, ListFilter f) throws SQLException {
    Where where = f.common(new Where().andIf("state = ?", f.state()), "started_at");
    return CHANGES.newestFirst(c, where, f.limit());
  }

  /** Records a gate decision. */
  public static long insertDecision(
      Connection c, String service, String kind, GateRules.Verdict v, Instant at)
      throws SQLException {
    return Database.scalar(
        c,
        Database.insertInto(
                "bridge_gate_decision",
                "service, kind, allowed, flagged, reasons, budgets, evaluated_at")
            + " RETURNING id",
        service,
        kind,
        v.allowed(),
        v.flagged(),
        new Jsonb(Json.write(v.reasons())),
        new Jsonb(Json.write(v.budgets())),
        at);
  }

  /** Notes which change a decision let through. */
  public static void decisionChange(Connection c, long decisionId, String changeKey)
      throws SQLException {
    Database.update(
        c, "UPDATE bridge_gate_decision SET change_key = ? WHERE id = ?", changeKey, decisionId);
  }

  private static final TypeReference<LinkedHashMap<String, Object>> BUDGETS =
      new TypeReference<>() {};

  /** A gate decision by id. */
  public static Optional<GateDecision> decision(Connection c, long id) throws SQLException {
    return DECISIONS.by(c, "id", id, false);
  }

  /** The budgets column, a JSON object the bridge wrote itself, in the order it holds them. */
  private static Map<String, Object> budgets(String json) {
    try {
      Map<String, Object> budgets = json == null ? null : Json.MAPPER.readValue(json, BUDGETS);
      return budgets == null ? new LinkedHashMap<>() : budgets;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("gate decision budgets: " + e.getOriginalMessage(), e);
    }
  }

  /** Marks a change failed-suspect by its first suspected incident; false when it already was. */
  public static boolean markSuspect(Connection c, String changeKey, String incidentKey)
      throws SQLException {
    return Database.update(
            c,
            "UPDATE bridge_change SET suspect_incident = ? WHERE key = ? AND suspect_incident IS NULL",
            incidentKey,
            changeKey)
        > 0;
  }

  /** The approvals and rejections of a change, oldest first. */
  public static List<ChangeApproval> approvals(Connection c, String changeKey) throws SQLException {
    return APPROVALS.list(c, "WHERE change_key = ? ORDER BY id", changeKey);
  }

  /** Stores an approver's decision. */
  public static void insertApproval(Connection c, ChangeApproval a, String identity)
      throws SQLException {
    Database.update(
        c,
        Database.insertInto(
            "bridge_change_approval", "change_key, actor, identity, approved, comment, at"),
        a.changeKey(),
        a.actor(),
        identity,
        a.approved(),
        a.comment(),
        a.at());
  }

  /**
   * The deployments of a service that finished (completed or failed) within [from, to], by end time
   * (start time when no end was reported).
   */
  public static List<Change> deployments(Connection c, String service, Instant from, Instant to)
      throws SQLException {
    return CHANGES.list(
        c,
        "WHERE service = ? AND state IN ('completed','failed')"
            + " AND COALESCE(ended_at, started_at) >= ? AND COALESCE(ended_at, started_at) <= ?"
            + " ORDER BY COALESCE(ended_at, started_at), id",
        service,
        from,
        to);
  }

  /** The services with a change or an incident since {@code from}, sorted. */
  public static List<String> activeServices(Connection c, Instant from) throws SQLException {
    return Database.query(
        c,
        "SELECT service FROM bridge_change WHERE COALESCE(ended_at, started_at) >= ?"
            + " UNION SELECT service FROM bridge_incident WHERE opened_at >= ? ORDER BY 1",
        rs -> rs.getString(1),
        from,
        from);
  }

  /** How long each incident of a service resolved within [from, to] took to resolve, in order. */
  public static List<java.time.Duration> restoreTimes(
      Connection c, String service, Instant from, Instant to) throws SQLException {
    return Database.query(
        c,
        "SELECT opened_at, resolved_at FROM bridge_incident WHERE service = ?"
            + " AND resolved_at >= ? AND resolved_at <= ? ORDER BY resolved_at, id",
        rs ->
            java.time.Duration.between(
                Database.instant(rs, "opened_at"), Database.instant(rs, "resolved_at")),
        service,
        from,
        to);
  }
}
