package dev.burnrate.bridge.internal.incident;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of incidents' response records; every method runs in the caller's transaction. */
public final class ResponseSql {
  private ResponseSql() {}

  private static final RecordTable<IncidentResponse> RESPONSES =
      new RecordTable<>(
          "bridge_incident_response",
          "incident_key, assigned_group, assignee, acknowledge_target, resolve_target, held,"
              + " held_since, time_to_acknowledge, time_to_resolve, acknowledge_breached_at,"
              + " resolve_breached_at",
          ResponseSql::response);

  private static Duration millis(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Duration.ofMillis(v);
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  private static IncidentResponse response(ResultSet rs) throws SQLException {
    return new IncidentResponse(
        rs.getString("incident_key"),
        rs.getString("assigned_group"),
        rs.getString("assignee"),
        millis(rs, "acknowledge_target"),
        millis(rs, "resolve_target"),
        millis(rs, "held"),
        Database.instant(rs, "held_since"),
        millis(rs, "time_to_acknowledge"),
        millis(rs, "time_to_resolve"),
        Database.instant(rs, "acknowledge_breached_at"),
        Database.instant(rs, "resolve_breached_at"));
  }

  /** Stores the response record of a new incident. */
  public static void insert(Connection c, IncidentResponse r) throws SQLException {
    Database.update(
        c,
        Database.insertInto(RESPONSES.name(), RESPONSES.columns()),
        r.incidentKey(),
        r.group(),
        r.assignee(),
        millis(r.acknowledgeTarget()),
        millis(r.resolveTarget()),
        millis(r.held()),
        r.heldSince(),
        millis(r.timeToAcknowledge()),
        millis(r.timeToResolve()),
        r.acknowledgeBreachedAt(),
        r.resolveBreachedAt());
  }

  /** Writes the mutable fields of a response record. */
  public static void update(Connection c, IncidentResponse r) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_incident_response SET assigned_group=?, assignee=?, held=?, held_since=?,"
            + " time_to_acknowledge=?, time_to_resolve=?, acknowledge_breached_at=?,"
            + " resolve_breached_at=? WHERE incident_key=?",
        r.group(),
        r.assignee(),
        millis(r.held()),
        r.heldSince(),
        millis(r.timeToAcknowledge()),
        millis(r.timeToResolve()),
        r.acknowledgeBreachedAt(),
        r.resolveBreachedAt(),
        r.incidentKey());
  }

  /** The response record of an incident (none for incidents older than response records). */
  public static Optional<IncidentResponse> of(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return RESPONSES.by(c, "incident_key", key, forUpdate);
  }

  /**
   * Measures the response record of an incident against the incident as it now is; a target found
   * missed between two checks gets its {@code breached} timeline entry here, at the time it was
   * measured.
   */
  static void settle(Connection c, Incident i) throws SQLException {
    Optional<IncidentResponse> r = of(c, i.key(), true);
    if (r.isPresent()) {
      IncidentResponse next = r.get().settle(i);
      if (next != r.get()) {
        update(c, next);
        for (ResponseDecisions.Missed m : ResponseDecisions.missed(i, r.get(), next)) {
          IncidentDecisions.Entry e = m.entry();
          TimelineSql.append(c, i.key(), m.at(), e.kind(), e.message(), e.actor(), e.details());
        }
      }
    }
  }

  /**
   * Active incidents, not on hold, whose response time at {@code now} passed a target they have not
   * yet breached: what a check looks at ({@link ResponseDecisions#check} decides).
   */
  static List<String> overdue(Connection c, Instant now) throws SQLException {
    // An incident not on hold has no current hold: its response time is now - opened - held.
    String elapsed = "(EXTRACT(EPOCH FROM (?::timestamptz - i.opened_at)) * 1000 - r.held)";
    return Database.query(
        c,
        "SELECT i.key FROM bridge_incident i JOIN bridge_incident_response r ON r.incident_key = i.key"
            + " WHERE i.state IN ('open','acknowledged')"
            + " AND ((r.resolve_breached_at IS NULL AND "
            + elapsed
            + " > r.resolve_target)"
            + " OR (r.acknowledge_breached_at IS NULL AND i.acknowledged_at IS NULL AND "
            + elapsed
            + " > r.acknowledge_target))"
            + " ORDER BY i.id",
        rs -> rs.getString(1),
        now,
        now);
  }

  /**
   * One group of a report.
   *
   * @param name the service, team or priority
   * @param incidents incidents opened in the period
   * @param acknowledged of those, how many were acknowledged
   * @param resolved of those, how many were resolved
   * @param mtta the mean time to acknowledge, or null when none was
   * @param mttr the mean time to resolve, or null when none was
   * @param acknowledgeBreaches how many breached the acknowledge target
   * @param resolveBreaches how many breached the resolve target
   * @param insideTargets how many breached no target
   */
  public record Group(
      String name,
      long incidents,
      long acknowledged,
      long resolved,
      Duration mtta,
      Duration mttr,
      long acknowledgeBreaches,
      long resolveBreaches,
      long insideTargets) {}

  /** What a report groups by. */
  public enum By {
    /** The incident's service. */
    SERVICE("i.service"),
    /** The assignment group; incidents without one group as {@code unassigned}. */
    TEAM("coalesce(r.assigned_group, 'unassigned')"),
    /** The incident's priority. */
    PRIORITY("'P' || i.priority");

    private final String expression;

    By(String expression) {
      this.expression = expression;
    }

    /** The name as the API writes it: service, team, priority. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Incidents opened in {@code [from, to)} with a response record, grouped. */
  public static List<Group> report(Connection c, By by, Instant from, Instant to)
      throws SQLException {
    return Database.query(
        c,
        "SELECT "
            + by.expression
            + " AS g, count(*) AS n, count(r.time_to_acknowledge) AS acked,"
            + " count(r.time_to_resolve) AS res, avg(r.time_to_acknowledge) AS mtta,"
            + " avg(r.time_to_resolve) AS mttr, count(r.acknowledge_breached_at) AS ackb,"
            + " count(r.resolve_breached_at) AS resb,"
            + " count(*) FILTER (WHERE r.acknowledge_breached_at IS NULL"
            + " AND r.resolve_breached_at IS NULL) AS inside"
            + " FROM bridge_incident i JOIN bridge_incident_response r ON r.incident_key = i.key"
            + " WHERE i.opened_at >= ? AND i.opened_at < ? GROUP BY 1 ORDER BY 1",
        rs -> {
          double mtta = rs.getDouble("mtta");
          boolean noMtta = rs.wasNull();
          double mttr = rs.getDouble("mttr");
          boolean noMttr = rs.wasNull();
          return new Group(
              rs.getString("g"),
              rs.getLong("n"),
              rs.getLong("acked"),
              rs.getLong("res"),
              noMtta ? null : Duration.ofMillis(Math.round(mtta)),
              noMttr ? null : Duration.ofMillis(Math.round(mttr)),
              rs.getLong("ackb"),
              rs.getLong("resb"),
              rs.getLong("inside"));
        },
        from,
        to);
  }

  /** Every breach recorded, by target ({@code acknowledge}, {@code resolve}); never falls. */
  public static java.util.Map<String, Long> breachCounts(Connection c) throws SQLException {
    return Database.one(
            c,
            "SELECT count(acknowledge_breached_at), count(resolve_breached_at)"
                + " FROM bridge_incident_response",
            rs -> java.util.Map.of("acknowledge", rs.getLong(1), "resolve", rs.getLong(2)))
        .orElseThrow();
  }
}
