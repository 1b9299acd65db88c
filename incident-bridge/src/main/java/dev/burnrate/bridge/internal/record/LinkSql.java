package dev.burnrate.bridge.internal.record;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The SQL of links between records; every method runs in the caller's transaction. */
public final class LinkSql {
  private static final RecordTable<Link> LINKS =
      new RecordTable<>(
          "bridge_link",
          "id, source_key, target_key, relation, url, created_at, created_by",
          rs ->
              new Link(
                  rs.getLong("id"),
                  rs.getString("source_key"),
                  rs.getString("target_key"),
                  rs.getString("relation"),
                  rs.getString("url"),
                  Database.instant(rs, "created_at"),
                  rs.getString("created_by")));

  private LinkSql() {}

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
    return Database.update(
            c,
            Database.insertInto(
                    LINKS.name(), "source_key, target_key, relation, url, created_at, created_by")
                + " ON CONFLICT DO NOTHING",
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
    return Database.update(
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
  public static List<Link> of(Connection c, String key) throws SQLException {
    return LINKS.list(c, "WHERE source_key = ? OR target_key = ? ORDER BY id", key, key);
  }
}
