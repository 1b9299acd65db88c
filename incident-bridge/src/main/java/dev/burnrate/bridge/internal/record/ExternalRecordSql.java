package dev.burnrate.bridge.internal.record;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The records external tools hold for ours; every method runs in the caller's transaction. */
public final class ExternalRecordSql {
  private static final RecordTable<ExternalRecord> EXTERNAL =
      new RecordTable<>(
          "bridge_external_ref",
          "connector, external_id, external_key, url, created_at",
          rs ->
              new ExternalRecord(
                  rs.getString("connector"),
                  rs.getString("external_id"),
                  rs.getString("external_key"),
                  rs.getString("url"),
                  Database.instant(rs, "created_at")));

  private ExternalRecordSql() {}

  /** The external records of one of ours, oldest first. */
  public static List<ExternalRecord> of(Connection c, String key) throws SQLException {
    return EXTERNAL.list(c, "WHERE record_key = ? ORDER BY created_at, connector", key);
  }
}
