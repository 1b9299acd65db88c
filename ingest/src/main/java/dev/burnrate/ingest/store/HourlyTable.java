package dev.burnrate.ingest.store;

import dev.burnrate.ingest.store.internal.StoreSql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether the hourly buckets are a plain table the writer fills (plain PostgreSQL) rather than a
 * continuous aggregate, asked of the database once. Writer thread only.
 */
final class HourlyTable {
  private Boolean table;

  boolean isTable(Connection c) throws SQLException {
    if (table == null) {
      table = StoreSql.hourlyIsTable(c);
    }
    return table;
  }
}
