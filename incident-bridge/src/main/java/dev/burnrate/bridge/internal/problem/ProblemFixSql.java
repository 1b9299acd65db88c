package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of problems' fixes; every method runs in the caller's transaction. */
final class ProblemFixSql {
  private static final RecordTable<ProblemFix> FIXES =
      new RecordTable<>(
          "bridge_problem_fix",
          "problem_key, change_key, linked_at, linked_by, completed_at",
          rs ->
              new ProblemFix(
                  rs.getString("problem_key"),
                  rs.getString("change_key"),
                  Database.instant(rs, "linked_at"),
                  rs.getString("linked_by"),
                  Database.instant(rs, "completed_at")));

  private ProblemFixSql() {}

  /** The fix of a problem, if one is named. */
  static Optional<ProblemFix> of(Connection c, String problemKey) throws SQLException {
    return FIXES.by(c, "problem_key", problemKey, false);
  }

  /** Names a problem's fix, replacing an earlier one. */
  static void put(Connection c, ProblemFix f) throws SQLException {
    Database.update(
        c,
        Database.insertInto(FIXES.name(), FIXES.columns())
            + " ON CONFLICT (problem_key) DO UPDATE SET change_key = EXCLUDED.change_key,"
            + " linked_at = EXCLUDED.linked_at, linked_by = EXCLUDED.linked_by,"
            + " completed_at = EXCLUDED.completed_at",
        f.problemKey(),
        f.changeKey(),
        f.linkedAt(),
        f.linkedBy(),
        f.completedAt());
  }

  /** Drops a problem's fix. */
  static void delete(Connection c, String problemKey) throws SQLException {
    Database.update(c, "DELETE FROM bridge_problem_fix WHERE problem_key = ?", problemKey);
  }

  /** Problems still open or known errors that have a fix: what a check looks at. */
  static List<String> unresolvedWithFix(Connection c) throws SQLException {
    return Database.query(
        c,
        "SELECT p.key FROM bridge_problem p JOIN bridge_problem_fix f ON f.problem_key = p.key"
            + " WHERE p.state IN ('open','known_error') ORDER BY p.id",
        rs -> rs.getString(1));
  }

  /** When the newest incident linked to a problem opened, or null. */
  static Instant lastRecurrence(Connection c, String problemKey) throws SQLException {
    return Database.one(
            c,
            "SELECT max(i.opened_at) AS at FROM bridge_link l JOIN bridge_incident i ON i.key = l.source_key"
                + " WHERE l.target_key = ? AND l.relation = 'problem'",
            rs -> Optional.ofNullable(Database.instant(rs, "at")),
            problemKey)
        .flatMap(x -> x)
        .orElse(null);
  }
}
