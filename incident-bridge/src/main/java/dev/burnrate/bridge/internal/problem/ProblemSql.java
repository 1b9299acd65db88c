package dev.burnrate.bridge.internal.problem;

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
import java.util.Optional;

/** The SQL of problems; every method runs in the caller's transaction. */
public final class ProblemSql {
  private ProblemSql() {}

  private static final RecordTable<Problem> PROBLEMS =
      new RecordTable<>(
          "bridge_problem",
          "id, key, title, scope, slo, services::text AS svc, state, root_cause, workaround,"
              + " opened_at, known_error_at, resolved_at, closed_at, closed_by",
          ProblemSql::problem);

  /** The condition on {@code state} that holds for a problem not yet resolved. */
  private static final String UNRESOLVED = "state IN ('open','known_error')";

  private static Problem problem(ResultSet rs) throws SQLException {
    return new Problem(
        rs.getLong("id"),
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("scope"),
        rs.getString("slo"),
        Json.stringList(rs.getString("svc")),
        ProblemState.of(rs.getString("state")),
        rs.getString("root_cause"),
        rs.getString("workaround"),
        Database.instant(rs, "opened_at"),
        Database.instant(rs, "known_error_at"),
        Database.instant(rs, "resolved_at"),
        Database.instant(rs, "closed_at"),
        rs.getString("closed_by"));
  }

  /** A problem by key. */
  public static Optional<Problem> problem(Connection c, String key, boolean forUpdate)
      throws SQLException {
    return PROBLEMS.byKey(c, key, forUpdate);
  }

  /** The open (or known-error) problem about an SLO. */
  public static Optional<Problem> openProblemForSlo(Connection c, String slo) throws SQLException {
    return PROBLEMS.one(
        c, "WHERE scope = 'slo' AND slo = ? AND " + UNRESOLVED + " ORDER BY id DESC LIMIT 1", slo);
  }

  /** The open (or known-error) service-wide problem of a service. */
  public static Optional<Problem> openProblemForService(Connection c, String service)
      throws SQLException {
    return PROBLEMS.one(
        c,
        "WHERE scope = 'service' AND services @> ?::jsonb AND "
            + UNRESOLVED
            + " ORDER BY id DESC LIMIT 1",
        Json.write(List.of(service)));
  }

  /** Inserts a problem. */
  public static Problem insertProblem(
      Connection c, String title, String scope, String slo, List<String> services, Instant now)
      throws SQLException {
    return PROBLEMS.insertKeyed(
        c,
        RecordKeys.PROBLEM,
        "title, scope, slo, services, state, opened_at",
        title,
        scope,
        slo,
        new Jsonb(Json.write(services)),
        ProblemState.OPEN.wire(),
        now);
  }

  /** Writes the mutable fields of a problem. */
  public static void updateProblem(Connection c, Problem p) throws SQLException {
    Database.update(
        c,
        "UPDATE bridge_problem SET title=?, services=?, state=?, root_cause=?, workaround=?, known_error_at=?,"
            + " resolved_at=?, closed_at=?, closed_by=? WHERE id=?",
        p.title(),
        new Jsonb(Json.write(p.services())),
        p.state().wire(),
        p.rootCause(),
        p.workaround(),
        p.knownErrorAt(),
        p.resolvedAt(),
        p.closedAt(),
        p.closedBy(),
        p.id());
  }

  /** Problems matching a filter (service matches any of the problem's services), newest first. */
  public static List<Problem> problems(Connection c, ListFilter f) throws SQLException {
    Where where =
        new Where()
            .andIf("state = ?", f.state())
            .andIf(
                "services @> ?::jsonb",
                f.service() == null ? null : Json.write(List.of(f.service())))
            .andIf("slo = ?", f.slo())
            .andIf("opened_at >= ?", f.since())
            .andIf("id < ?", f.before());
    return PROBLEMS.newestFirst(c, where, f.limit());
  }

  /** How many problems are not yet resolved (open or known error). */
  public static long countUnresolved(Connection c) throws SQLException {
    return Database.scalar(c, "SELECT count(*) FROM bridge_problem WHERE " + UNRESOLVED);
  }
}
