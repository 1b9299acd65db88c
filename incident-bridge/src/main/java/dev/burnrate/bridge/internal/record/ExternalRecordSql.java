package dev.burnrate.bridge.internal.record;

import dev.burnrate.bridge.internal.jdbc.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The records external tools hold for ours; every method runs in the caller's transaction. */
public final class ExternalRecordSql {
  private ExternalRecordSql() {}

  /** The external records of one of ours, oldest first. */
  public static List<ExternalRecord> of(Connection c, String key) throws SQLException {
    return Database.query(
        c,
        "SELECT connector, external_id, external_key, url, created_at FROM bridge_external_ref"
            + " WHERE record_key = ? ORDER BY created_at, connector",
        rs ->
            new ExternalRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Database.instant(rs, "created_at")),
        key);
  }
}
