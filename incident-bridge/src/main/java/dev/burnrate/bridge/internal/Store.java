package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.Db.Jsonb;
import dev.burnrate.bridge.internal.Model.Change;
import dev.burnrate.bridge.internal.Model.GateDecision;
import dev.burnrate.bridge.internal.Model.Incident;
import dev.burnrate.bridge.internal.Model.Link;
import dev.burnrate.bridge.internal.Model.Problem;
import dev.burnrate.bridge.internal.Model.ServiceRequest;
import dev.burnrate.bridge.internal.Model.TimelineEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The SQL of the bridge's records; every method runs in the caller's transaction. */
public final class Store {
  private Store() {}

  // ---- incidents

  private static final String INCIDENT_COLUMNS =
      "id, key, title, service, slo, severity, priority, state, source, dedup_key, active_alerts::text AS aa,"
          + " impacted::text AS imp, auto_resolve, recovered_at, opened_at, acknowledged_at, acknowledged_by,"
          + " resolved_at, resolved_by, closed_at, closed_by, resolution, labels::text AS lbl";

  static Incident incident(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("service"),
        rs.getString("slo"),
        rs.getString("severity"),
        rs.getInt("priority"),
        rs.getString("state"),
        rs.getString("source"),
        rs.getString("dedup_key"),
        Json.readObject(rs.getString("aa")),
        strings(rs.getString("imp")),
        rs.getBoolean("auto_resolve"),
        Db.instant(rs, "recovered_at"),
        Db.instant(rs, "opened_at"),
        Db.instant(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"),
        Db.instant(rs, "resolved_at"),
        rs.getString("resolved_by"),
        Db.instant(rs, "closed_at"),
        rs.getString("closed_by"),
        rs.getString("resolution"),
        stringMap(rs.getString("lbl")));
  }

  static Map<String, String> stringMap(String json) {
    Map<String, String> out = new TreeMap<>();
    Json.read(json == null ? "{}" : json)
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static List<String> strings(String json) {
    List<String> out = new ArrayList<>();
    JsonNode n = Json.read(json == null ? "[]" : json);
    n.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  /** The active incident of a dedup key, locked for update. */
  public static Optional<Incident> activeIncident(Connection c, String dedupKey)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + INCIDENT_COLUMNS
            + " FROM bridge_incident WHERE dedup_key = ? AND state IN ('open','acknowledged') FOR UPDATE",
        Store::incident,
        dedupKey);
  }

  /** The key of the active incident of a dedup key, read without locking. */
  public static Optional<String> activeIncidentKey(Connection c, String dedupKey)
      throws SQLException {
    return Db.one(
        c,
        "SELECT key FROM bridge_incident WHERE dedup_key = ? AND state IN ('open','acknowledged')",
        rs -> rs.getString(1),
        dedupKey);
  }

  /** An incident by key. */
  public static Optional<Incident> incident(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + INCIDENT_COLUMNS
            + " FROM bridge_incident WHERE key = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        Store::incident,
        key);
  }

  /** Inserts a new incident and returns it. */
  public static Incident insertIncident(
      Connection c,
      String title,
      String service,
      String slo,
      String severity,
      int priority,
      String source,
      String dedupKey,
      ObjectNode activeAlerts,
      List<String> impacted,
      boolean autoResolve,
      Map<String, String> labels,
      Instant now)
      throws SQLException {
    long id = Db.scalar(c, "SELECT nextval('bridge_incident_seq')");
    String key = "INC-" + id;
    Db.update(
        c,
        "INSERT INTO bridge_incident (id, key, title, service, slo, severity, priority, state, source, dedup_key,"
            + " active_alerts, impacted, auto_resolve, labels, opened_at) VALUES (?,?,?,?,?,?,?,'open',?,?,?,?,?,?,?)",
        id,
        key,
        title,
        service,
        slo,
        severity,
        priority,
        source,
        dedupKey,
        new Jsonb(Json.write(activeAlerts)),
        new Jsonb(Json.write(Json.strings(impacted))),
        autoResolve,
        new Jsonb(Json.write(Json.stringMap(labels))),
        now);
    return incident(c, key, false).orElseThrow();
  }

  /** Writes the mutable fields of an incident. */
  public static void updateIncident(Connection c, Incident i) throws SQLException {
    Db.update(
        c,
        "UPDATE bridge_incident SET title=?, severity=?, priority=?, state=?, active_alerts=?, recovered_at=?,"
            + " acknowledged_at=?, acknowledged_by=?, resolved_at=?, resolved_by=?, closed_at=?, closed_by=?,"
            + " resolution=?, labels=? WHERE id=?",
        i.title(),
        i.severity(),
        i.priority(),
        i.state(),
        new Jsonb(Json.write(i.activeAlerts())),
        i.recoveredAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.closedAt(),
        i.closedBy(),
        i.resolution(),
        new Jsonb(Json.write(Json.stringMap(i.labels()))),
        i.id());
  }

  /** Filters of a list request. */
  public record Filter(
      String state,
      String service,
      String severity,
      String slo,
      Instant since,
      Long before,
      int limit) {}

  /** Incidents matching a filter, newest first. */
  public static List<Incident> incidents(Connection c, Filter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + INCIDENT_COLUMNS + " FROM bridge_incident WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.state() != null) {
      if (f.state().equals("recovered")) {
        sql.append(" AND recovered_at IS NOT NULL AND state IN ('open','acknowledged')");
      } else if (f.state().equals("active")) {
        sql.append(" AND state IN ('open','acknowledged')");
      } else {
        sql.append(" AND state = ?");
        args.add(f.state());
      }
    }
    filterCommon(f, sql, args, "opened_at");
    if (f.severity() != null) {
      sql.append(" AND severity = ?");
      args.add(f.severity());
    }
    if (f.slo() != null) {
      sql.append(" AND slo = ?");
      args.add(f.slo());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(f.limit());
    return Db.query(c, sql.toString(), Store::incident, args.toArray());
  }

  private static void filterCommon(
      Filter f, StringBuilder sql, List<Object> args, String timeColumn) {
    if (f.service() != null) {
      sql.append(" AND service = ?");
      args.add(f.service());
    }
    if (f.since() != null) {
      sql.append(" AND ").append(timeColumn).append(" >= ?");
      args.add(f.since());
    }
    if (f.before() != null) {
      sql.append(" AND id < ?");
      args.add(f.before());
    }
  }

  /**
   * Active incidents whose burn stopped at or before {@code cutoff} and that resolve themselves.
   */
  public static List<String> quietIncidents(Connection c, Instant cutoff) throws SQLException {
    return Db.query(
        c,
        "SELECT key FROM bridge_incident WHERE state IN ('open','acknowledged') AND auto_resolve"
            + " AND recovered_at IS NOT NULL AND recovered_at <= ? ORDER BY id",
        rs -> rs.getString(1),
        cutoff);
  }

  /** Whether a service has an active incident of priority {@code maxPriority} or more urgent. */
  public static List<String> activeMajorIncidents(Connection c, String service, int maxPriority)
      throws SQLException {
    return Db.query(
        c,
        "SELECT key FROM bridge_incident WHERE service = ? AND state IN ('open','acknowledged') AND priority <= ? ORDER BY id",
        rs -> rs.getString(1),
        service,
        maxPriority);
  }

  // ---- timeline and links

  /** Appends a timeline entry. */
  public static void timeline(
      Connection c,
      String recordKey,
      Instant at,
      String kind,
      String message,
      String actor,
      ObjectNode details)
      throws SQLException {
    Db.update(
        c,
        "INSERT INTO bridge_timeline (record_key, at, kind, message, actor, details) VALUES (?,?,?,?,?,?)",
        recordKey,
        at,
        kind,
        message,
        actor,
        new Jsonb(Json.write(details == null ? Json.object() : details)));
  }

  /** The timeline of a record, oldest first. */
  public static List<TimelineEntry> timeline(Connection c, String recordKey) throws SQLException {
    return Db.query(
        c,
        "SELECT id, record_key, at, kind, message, actor, details::text AS d FROM bridge_timeline WHERE record_key = ? ORDER BY id",
        rs ->
            new TimelineEntry(
                rs.getLong("id"),
                rs.getString("record_key"),
                Db.instant(rs, "at"),
                rs.getString("kind"),
                rs.getString("message"),
                rs.getString("actor"),
                Json.readObject(rs.getString("d"))),
        recordKey);
  }

  /** Adds a link; false when it already existed. */
  public static boolean link(
      Connection c,
      String source,
      String target,
      String relation,
      String url,
      Instant at,
      String by)
      throws SQLException {
    return Db.update(
            c,
            "INSERT INTO bridge_link (source_key, target_key, relation, url, created_at, created_by)"
                + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            source,
            target,
            relation,
            url,
            at,
            by)
        == 1;
  }

  /** Removes a link in either direction; false when there was none. */
  public static boolean unlink(Connection c, String a, String b, String relation)
      throws SQLException {
    return Db.update(
            c,
            "DELETE FROM bridge_link WHERE relation = ? AND ((source_key = ? AND target_key = ?) OR (source_key = ? AND target_key = ?))",
            relation,
            a,
            b,
            b,
            a)
        > 0;
  }

  /** Every link from or to a record. */
  public static List<Link> links(Connection c, String key) throws SQLException {
    return Db.query(
        c,
        "SELECT id, source_key, target_key, relation, url, created_at, created_by FROM bridge_link"
            + " WHERE source_key = ? OR target_key = ? ORDER BY id",
        rs ->
            new Link(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Db.instant(rs, "created_at"),
                rs.getString(7)),
        key,
        key);
  }

  // ---- problems

  private static final String PROBLEM_COLUMNS =
      "id, key, title, scope, slo, services::text AS svc, state, root_cause, workaround, opened_at, known_error_at,"
          + " resolved_at, closed_at, closed_by";

  static Problem problem(ResultSet rs) throws SQLException {
    return new Problem(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("scope"),
        rs.getString("slo"),
        strings(rs.getString("svc")),
        rs.getString("state"),
        rs.getString("root_cause"),
        rs.getString("workaround"),
        Db.instant(rs, "opened_at"),
        Db.instant(rs, "known_error_at"),
        Db.instant(rs, "resolved_at"),
        Db.instant(rs, "closed_at"),
        rs.getString("closed_by"));
  }

  /** A problem by key. */
  public static Optional<Problem> problem(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + PROBLEM_COLUMNS
            + " FROM bridge_problem WHERE key = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        Store::problem,
        key);
  }

  /** The open (or known-error) problem about an SLO. */
  public static Optional<Problem> openProblemForSlo(Connection c, String slo) throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + PROBLEM_COLUMNS
            + " FROM bridge_problem WHERE scope = 'slo' AND slo = ?"
            + " AND state IN ('open','known_error') ORDER BY id DESC LIMIT 1",
        Store::problem,
        slo);
  }

  /** The open (or known-error) service-wide problem of a service. */
  public static Optional<Problem> openProblemForService(Connection c, String service)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + PROBLEM_COLUMNS
            + " FROM bridge_problem WHERE scope = 'service' AND services @> ?::jsonb"
            + " AND state IN ('open','known_error') ORDER BY id DESC LIMIT 1",
        Store::problem,
        Json.write(Json.strings(List.of(service))));
  }

  /**
   * Incidents of an SLO (or, with a null SLO, of a service) since a time that no problem links yet.
   */
  public static List<String> unlinkedIncidents(
      Connection c, String slo, String service, Instant since) throws SQLException {
    String where = slo != null ? "i.slo = ?" : "i.service = ?";
    return Db.query(
        c,
        "SELECT i.key FROM bridge_incident i WHERE "
            + where
            + " AND i.opened_at >= ?"
            + " AND NOT EXISTS (SELECT 1 FROM bridge_link l WHERE l.source_key = i.key AND l.relation = 'problem')"
            + " ORDER BY i.id",
        rs -> rs.getString(1),
        slo != null ? slo : service,
        since);
  }

  /** Inserts a problem. */
  public static Problem insertProblem(
      Connection c, String title, String scope, String slo, List<String> services, Instant now)
      throws SQLException {
    long id = Db.scalar(c, "SELECT nextval('bridge_problem_seq')");
    String key = "PRB-" + id;
    Db.update(
        c,
        "INSERT INTO bridge_problem (id, key, title, scope, slo, services, state, opened_at) VALUES (?,?,?,?,?,?,'open',?)",
        id,
        key,
        title,
        scope,
        slo,
        new Jsonb(Json.write(Json.strings(services))),
        now);
    return problem(c, key, false).orElseThrow();
  }

  /** Writes the mutable fields of a problem. */
  public static void updateProblem(Connection c, Problem p) throws SQLException {
    Db.update(
        c,
        "UPDATE bridge_problem SET title=?, services=?, state=?, root_cause=?, workaround=?, known_error_at=?,"
            + " resolved_at=?, closed_at=?, closed_by=? WHERE id=?",
        p.title(),
        new Jsonb(Json.write(Json.strings(p.services()))),
        p.state(),
        p.rootCause(),
        p.workaround(),
        p.knownErrorAt(),
        p.resolvedAt(),
        p.closedAt(),
        p.closedBy(),
        p.id());
  }

  /** Problems matching a filter (service matches any of the problem's services), newest first. */
  public static List<Problem> problems(Connection c, Filter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + PROBLEM_COLUMNS + " FROM bridge_problem WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.state() != null) {
      sql.append(" AND state = ?");
      args.add(f.state());
    }
    if (f.service() != null) {
      sql.append(" AND services @> ?::jsonb");
      args.add(Json.write(Json.strings(List.of(f.service()))));
    }
    if (f.slo() != null) {
      sql.append(" AND slo = ?");
      args.add(f.slo());
    }
    if (f.since() != null) {
      sql.append(" AND opened_at >= ?");
      args.add(f.since());
    }
    if (f.before() != null) {
      sql.append(" AND id < ?");
      args.add(f.before());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(f.limit());
    return Db.query(c, sql.toString(), Store::problem, args.toArray());
  }

  // ---- changes and gate decisions

  private static final String CHANGE_COLUMNS =
      "id, key, title, service, kind, state, source_system, source_commit, source_version, source_url, external_id,"
          + " started_at, ended_at, flagged, gate_decision_id, created_at";

  static Change change(ResultSet rs) throws SQLException {
    long gate = rs.getLong("gate_decision_id");
    Long gateId = rs.wasNull() ? null : gate;
    return new Change(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("service"),
        rs.getString("kind"),
        rs.getString("state"),
        rs.getString("source_system"),
        rs.getString("source_commit"),
        rs.getString("source_version"),
        rs.getString("source_url"),
        rs.getString("external_id"),
        Db.instant(rs, "started_at"),
        Db.instant(rs, "ended_at"),
        rs.getBoolean("flagged"),
        gateId,
        Db.instant(rs, "created_at"));
  }

  /** A change by key. */
  public static Optional<Change> change(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE key = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        Store::change,
        key);
  }

  /** A change by its CI/CD system's id. */
  public static Optional<Change> changeByExternalId(Connection c, String system, String externalId)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE source_system IS NOT DISTINCT FROM ? AND external_id = ?",
        Store::change,
        system,
        externalId);
  }

  /** Inserts a change. */
  public static Change insertChange(Connection c, Change ch) throws SQLException {
    long id = Db.scalar(c, "SELECT nextval('bridge_change_seq')");
    String key = "CHG-" + id;
    Db.update(
        c,
        "INSERT INTO bridge_change (id, key, title, service, kind, state, source_system, source_commit, source_version,"
            + " source_url, external_id, started_at, ended_at, flagged, gate_decision_id, created_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        id,
        key,
        ch.title(),
        ch.service(),
        ch.kind(),
        ch.state(),
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
    Db.update(
        c,
        "UPDATE bridge_change SET state=?, ended_at=?, flagged=? WHERE id=?",
        ch.state(),
        ch.endedAt(),
        ch.flagged(),
        ch.id());
  }

  /** Changes on any of the services that started within [from, to], newest first. */
  public static List<Change> changesBetween(
      Connection c, List<String> services, Instant from, Instant to) throws SQLException {
    return Db.query(
        c,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM bridge_change WHERE service = ANY (?) AND started_at >= ? AND started_at <= ?"
            + " AND state NOT IN ('rejected','cancelled') ORDER BY started_at DESC, id DESC",
        Store::change,
        c.createArrayOf("text", services.toArray()),
        from,
        to);
  }

  /** Changes matching a filter, newest first. */
  public static List<Change> changes(Connection c, Filter f) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + CHANGE_COLUMNS + " FROM bridge_change WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.state() != null) {
      sql.append(" AND state = ?");
      args.add(f.state());
    }
    filterCommon(f, sql, args, "started_at");
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(f.limit());
    return Db.query(c, sql.toString(), Store::change, args.toArray());
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
    return Db.scalar(
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
    Db.update(
        c, "UPDATE bridge_gate_decision SET change_key = ? WHERE id = ?", changeKey, decisionId);
  }

  /** A gate decision by id. */
  public static Optional<GateDecision> decision(Connection c, long id) throws SQLException {
    return Db.one(
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
                strings(rs.getString("r")),
                Json.readObject(rs.getString("b")),
                Db.instant(rs, "evaluated_at"),
                rs.getString("change_key")),
        id);
  }

  // ---- service requests

  private static final String REQUEST_COLUMNS =
      "id, key, type, service, slo, state, reason, requested_by, requested_at, valid_from, valid_until, decided_by,"
          + " decided_at, decision_comment";

  static ServiceRequest request(ResultSet rs) throws SQLException {
    return new ServiceRequest(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("type"),
        rs.getString("service"),
        rs.getString("slo"),
        rs.getString("state"),
        rs.getString("reason"),
        rs.getString("requested_by"),
        Db.instant(rs, "requested_at"),
        Db.instant(rs, "valid_from"),
        Db.instant(rs, "valid_until"),
        rs.getString("decided_by"),
        Db.instant(rs, "decided_at"),
        rs.getString("decision_comment"));
  }

  /** A request by key. */
  public static Optional<ServiceRequest> request(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return Db.one(
        c,
        "SELECT "
            + REQUEST_COLUMNS
            + " FROM bridge_request WHERE key = ?"
            + (forUpdate ? " FOR UPDATE" : ""),
        Store::request,
        key);
  }

  /** Inserts a request. */
  public static ServiceRequest insertRequest(Connection c, ServiceRequest r) throws SQLException {
    long id = Db.scalar(c, "SELECT nextval('bridge_request_seq')");
    String key = "REQ-" + id;
    Db.update(
        c,
        "INSERT INTO bridge_request (id, key, type, service, slo, state, reason, requested_by, requested_at, valid_from,"
            + " valid_until) VALUES (?,?,?,?,?,'pending',?,?,?,?,?)",
        id,
        key,
        r.type(),
        r.service(),
        r.slo(),
        r.reason(),
        r.requestedBy(),
        r.requestedAt(),
        r.validFrom(),
        r.validUntil());
    return request(c, key, false).orElseThrow();
  }

  /** Records a decision on a request. */
  public static void decideRequest(Connection c, ServiceRequest r) throws SQLException {
    Db.update(
        c,
        "UPDATE bridge_request SET state=?, decided_by=?, decided_at=?, decision_comment=? WHERE id=?",
        r.state(),
        r.decidedBy(),
        r.decidedAt(),
        r.decisionComment(),
        r.id());
  }

  /** Approved requests of a type for a service that are in force at {@code now}. */
  public static List<ServiceRequest> requestsInForce(
      Connection c, String service, String type, Instant now) throws SQLException {
    return Db.query(
        c,
        "SELECT "
            + REQUEST_COLUMNS
            + " FROM bridge_request WHERE service = ? AND type = ? AND state = 'approved'"
            + " AND valid_from <= ? AND valid_until > ? ORDER BY id",
        Store::request,
        service,
        type,
        now,
        now);
  }

  /** Requests matching a filter, newest first. */
  public static List<ServiceRequest> requests(Connection c, Filter f, String type)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + REQUEST_COLUMNS + " FROM bridge_request WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.state() != null) {
      sql.append(" AND state = ?");
      args.add(f.state());
    }
    if (type != null) {
      sql.append(" AND type = ?");
      args.add(type);
    }
    filterCommon(f, sql, args, "requested_at");
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(f.limit());
    return Db.query(c, sql.toString(), Store::request, args.toArray());
  }
}
