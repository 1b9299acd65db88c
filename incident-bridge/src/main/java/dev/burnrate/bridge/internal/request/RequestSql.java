package dev.burnrate.bridge.internal.request;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The SQL of service requests; every method runs in the caller's transaction. */
public final class RequestSql {
  private RequestSql() {}

  private static final RecordTable<ServiceRequest> REQUESTS =
      new RecordTable<>(
          "bridge_request",
          "id, key, type, service, slo, state, reason, requested_by, requested_at, valid_from,"
              + " valid_until, decided_by, decided_at, decision_comment, fields::text AS fields_json,"
              + " due_at, started_at, execution_id, finished_at, fulfilled_by,"
              + " outcome::text AS outcome_json, breached_at",
          RequestSql::request);

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  /** A JSON object the bridge stored, or null for SQL null. */
  private static Map<String, Object> object(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(json, JSON_OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bridge_request holds invalid JSON", e);
    }
  }

  private static ServiceRequest request(ResultSet rs) throws SQLException {
    return new ServiceRequest(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("type"),
        rs.getString("service"),
        rs.getString("slo"),
        RequestState.of(rs.getString("state")),
        rs.getString("reason"),
        rs.getString("requested_by"),
        Database.instant(rs, "requested_at"),
        Database.instant(rs, "valid_from"),
        Database.instant(rs, "valid_until"),
        rs.getString("decided_by"),
        Database.instant(rs, "decided_at"),
        rs.getString("decision_comment"),
        Objects.requireNonNullElse(object(rs.getString("fields_json")), Map.of()),
        Database.instant(rs, "due_at"),
        Database.instant(rs, "started_at"),
        rs.getString("execution_id"),
        Database.instant(rs, "finished_at"),
        rs.getString("fulfilled_by"),
        object(rs.getString("outcome_json")),
        Database.instant(rs, "breached_at"));
  }

  /** A request by key. */
  public static Optional<ServiceRequest> request(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return REQUESTS.byKey(c, key, forUpdate);
  }

  /** Inserts a request. */
  public static ServiceRequest insertRequest(Connection c, ServiceRequest r) throws SQLException {
    return REQUESTS.insertKeyed(
        c,
        RecordKeys.REQUEST,
        "type, service, slo, state, reason, requested_by, requested_at, valid_from, valid_until,"
            + " fields, due_at",
        r.type(),
        r.service(),
        r.slo(),
        r.state().wire(),
        r.reason(),
        r.requestedBy(),
        r.requestedAt(),
        r.validFrom(),
        r.validUntil(),
        new Jsonb(Json.write(r.fields())),
        r.dueAt());
  }

  /** Records a decision on a request. */
  public static void decideRequest(Connection c, ServiceRequest r) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_request SET state=?, decided_by=?, decided_at=?, decision_comment=? WHERE id=?",
        r.state().wire(),
        r.decidedBy(),
        r.decidedAt(),
        r.decisionComment(),
        r.id());
  }

  /** Records how fulfilment of a request goes: claimed, started, fulfilled or failed. */
  public static void updateFulfilment(Connection c, ServiceRequest r) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_request SET state=?, started_at=?, execution_id=?, finished_at=?, fulfilled_by=?,"
            + " outcome=? WHERE id=?",
        r.state().wire(),
        r.startedAt(),
        r.executionId(),
        r.finishedAt(),
        r.fulfilledBy(),
        r.outcome() == null ? null : new Jsonb(Json.write(r.outcome())),
        r.id());
  }

  /** The keys of requests that automation is fulfilling, oldest first. */
  public static List<String> fulfilling(Connection c, int limit) throws SQLException {
    return Database.query(
        c,
        "SELECT key FROM bridge_request WHERE state = 'fulfilling' ORDER BY id LIMIT ?",
        rs -> rs.getString("key"),
        limit);
  }

  /**
   * The keys of requests with a target not yet recorded as breached whose due time passed by {@code
   * now}, oldest due first: what a target check looks at ({@link RequestTargets} decides).
   */
  static List<String> overdue(Connection c, Instant now, int limit) throws SQLException {
    return Database.query(
        c,
        "SELECT key FROM bridge_request WHERE due_at IS NOT NULL AND breached_at IS NULL"
            + " AND state <> 'rejected' AND due_at < ? ORDER BY due_at, id LIMIT ?",
        rs -> rs.getString("key"),
        now,
        limit);
  }

  /** Records that a request breached its fulfilment target. */
  static void markBreached(Connection c, ServiceRequest r) throws SQLException {
    Database.update(
        c, "UPDATE bridge_request SET breached_at=? WHERE id=?", r.breachedAt(), r.id());
  }

  /** Approved requests of a type for a service that are in force at {@code now}. */
  public static List<ServiceRequest> requestsInForce(
      Connection c, String service, String type, Instant now) throws SQLException {
    return REQUESTS.list(
        c,
        "WHERE service = ? AND type = ? AND state = 'approved' AND valid_from <= ?"
            + " AND valid_until > ? ORDER BY id",
        service,
        type,
        now,
        now);
  }

  /** Requests matching a filter, newest first. */
  public static List<ServiceRequest> requests(Connection c, ListFilter f, String type)
      throws SQLException {
    Where where = new Where().andIf("state = ?", f.state()).andIf("type = ?", type);
    return REQUESTS.newestFirst(c, f.common(where, "requested_at"), f.limit());
  }
}
