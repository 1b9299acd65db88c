package dev.burnrate.bridge.internal.incident;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The SQL of incidents; every method runs in the caller's transaction. */
public final class IncidentSql {
  private IncidentSql() {}

  private static final RecordTable<Incident> INCIDENTS =
      new RecordTable<>(
          "bridge_incident",
          "id, key, title, service, slo, severity, priority, state, source, dedup_key,"
              + " active_alerts::text AS aa, impacted::text AS imp, auto_resolve, recovered_at,"
              + " opened_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, closed_at,"
              + " closed_by, resolution, labels::text AS lbl",
          IncidentSql::incident);

  /** The condition on {@code state} that holds for an active incident. */
  private static final String ACTIVE =
      Arrays.stream(IncidentState.values())
          .filter(IncidentState::active)
          .map(s -> "'" + s.wire() + "'")
          .collect(Collectors.joining(",", "state IN (", ")"));

  /** The firing alerts of an incident as stored: by id, each a JSON object. */
  private static final TypeReference<Map<String, Map<String, Object>>> ALERTS =
      new TypeReference<>() {};

  private static Incident incident(ResultSet rs) throws SQLException {
    return new Incident(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("service"),
        rs.getString("slo"),
        rs.getString("severity"),
        rs.getInt("priority"),
        IncidentState.of(rs.getString("state")),
        rs.getString("source"),
        rs.getString("dedup_key"),
        Json.readAs(rs.getString("aa") == null ? "{}" : rs.getString("aa"), ALERTS),
        Json.stringList(rs.getString("imp")),
        rs.getBoolean("auto_resolve"),
        Database.instant(rs, "recovered_at"),
        Database.instant(rs, "opened_at"),
        Database.instant(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"),
        Database.instant(rs, "resolved_at"),
        rs.getString("resolved_by"),
        Database.instant(rs, "closed_at"),
        rs.getString("closed_by"),
        rs.getString("resolution"),
        Json.stringMapOf(rs.getString("lbl")));
  }

  /** The active incident of a dedup key, locked for update. */
  public static Optional<Incident> activeIncident(Connection c, String dedupKey)
      throws SQLException {
    return INCIDENTS.one(c, "WHERE dedup_key = ? AND " + ACTIVE + " FOR UPDATE", dedupKey);
  }

  /** The key of the active incident of a dedup key, read without locking. */
  public static Optional<String> activeIncidentKey(Connection c, String dedupKey)
      throws SQLException {
    return Database.one(
        c,
        "SELECT key FROM bridge_incident WHERE dedup_key = ? AND " + ACTIVE,
        rs -> rs.getString(1),
        dedupKey);
  }

  /** An incident by key. */
  public static Optional<Incident> incident(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return INCIDENTS.byKey(c, key, forUpdate);
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
      Map<String, Map<String, Object>> activeAlerts,
      List<String> impacted,
      boolean autoResolve,
      Map<String, String> labels,
      Instant now)
      throws SQLException {
    return INCIDENTS.insertKeyed(
        c,
        RecordKeys.INCIDENT,
        "title, service, slo, severity, priority, state, source, dedup_key, active_alerts, impacted,"
            + " auto_resolve, labels, opened_at",
        title,
        service,
        slo,
        severity,
        priority,
        IncidentState.OPEN.wire(),
        source,
        dedupKey,
        new Jsonb(Json.write(activeAlerts)),
        new Jsonb(Json.write(impacted)),
        autoResolve,
        new Jsonb(Json.write(labels)),
        now);
  }

  /** Writes the mutable fields of an incident. */
  public static void updateIncident(Connection c, Incident i) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_incident SET title=?, severity=?, priority=?, state=?, active_alerts=?, recovered_at=?,"
            + " acknowledged_at=?, acknowledged_by=?, resolved_at=?, resolved_by=?, closed_at=?, closed_by=?,"
            + " resolution=?, labels=? WHERE id=?",
        i.title(),
        i.severity(),
        i.priority(),
        i.state().wire(),
        new Jsonb(Json.write(i.activeAlerts())),
        i.recoveredAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.closedAt(),
        i.closedBy(),
        i.resolution(),
        new Jsonb(Json.write(i.labels())),
        i.id());
    ResponseSql.settle(c, i);
  }

  /** Incidents matching a filter, newest first. */
  public static List<Incident> incidents(Connection c, ListFilter f) throws SQLException {
    Where where = new Where();
    if (f.state() != null) {
      // Besides the states, the API filters by two views of them: active, and recovered.
      switch (f.state()) {
        case "recovered" -> where.and("recovered_at IS NOT NULL AND " + ACTIVE);
        case "active" -> where.and(ACTIVE);
        default -> where.andIf("state = ?", IncidentState.of(f.state()).wire());
      }
    }
    f.common(where, "opened_at").andIf("severity = ?", f.severity()).andIf("slo = ?", f.slo());
    return INCIDENTS.newestFirst(c, where, f.limit());
  }

  /**
   * Active incidents whose burn stopped at or before {@code cutoff} and that resolve themselves.
   */
  public static List<String> quietIncidents(Connection c, Instant cutoff) throws SQLException {
    return Database.query(
        c,
        "SELECT key FROM bridge_incident WHERE "
            + ACTIVE
            + " AND auto_resolve AND recovered_at IS NOT NULL AND recovered_at <= ? ORDER BY id",
        rs -> rs.getString(1),
        cutoff);
  }

  /** Whether a service has an active incident of priority {@code maxPriority} or more urgent. */
  public static List<String> activeMajorIncidents(Connection c, String service, int maxPriority)
      throws SQLException {
    return Database.query(
        c,
        "SELECT key FROM bridge_incident WHERE service = ? AND "
            + ACTIVE
            + " AND priority <= ? ORDER BY id",
        rs -> rs.getString(1),
        service,
        maxPriority);
  }

  /**
   * Incidents of an SLO (or, with a null SLO, of a service) since a time that no problem links yet.
   */
  public static List<String> unlinkedIncidents(
      Connection c, String slo, String service, Instant since) throws SQLException {
    String where = slo != null ? "i.slo = ?" : "i.service = ?";
    return Database.query(
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

  /** The alert rules that active SLO incidents hold as firing, by SLO. */
  public static Map<String, Set<String>> activeSloAlerts(Connection c) throws SQLException {
    Map<String, Set<String>> out = new HashMap<>();
    for (String[] row :
        Database.query(
            c,
            "SELECT a.slo, k FROM bridge_incident a,"
                + " jsonb_object_keys(a.active_alerts) AS k"
                + " WHERE a.source = 'slo' AND a.slo IS NOT NULL"
                + " AND "
                + ACTIVE,
            rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      out.computeIfAbsent(row[0], x -> new HashSet<>()).add(row[1]);
    }
    return out;
  }

  /** The newest active incident of each SLO that has one. */
  public static List<Incident> activeBySlo(Connection c) throws SQLException {
    return Database.query(
        c,
        "SELECT DISTINCT ON (slo) "
            + INCIDENTS.columns()
            + " FROM bridge_incident WHERE slo IS NOT NULL AND "
            + ACTIVE
            + " ORDER BY slo, opened_at DESC",
        IncidentSql::incident);
  }

  /** Active incidents by priority number (1 to 4; missing when none). */
  public static Map<Integer, Long> activeByPriority(Connection c) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    Database.query(
        c,
        "SELECT priority, count(*) FROM bridge_incident"
            + " WHERE "
            + ACTIVE
            + " GROUP BY priority",
        rs -> out.put(rs.getInt(1), rs.getLong(2)));
    return out;
  }

  /** The incidents of a service opened in {@code [from, to)}, oldest first. */
  public static List<Incident> openedBetween(Connection c, String service, Instant from, Instant to)
      throws SQLException {
    return INCIDENTS.list(
        c,
        "WHERE service = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at, key",
        service,
        from,
        to);
  }
}
