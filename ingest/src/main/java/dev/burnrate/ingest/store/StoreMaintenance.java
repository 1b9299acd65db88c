package dev.burnrate.ingest.store;

import dev.burnrate.ingest.store.internal.SeriesCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's periodic clean-up: expired keys, old change log rows, silent series, old buckets.
 */
final class StoreMaintenance {
  private static final Logger log = LoggerFactory.getLogger(BucketWriter.class);

  private StoreMaintenance() {}

  /** Runs {@link #deleteExpired} on a connection of {@code dataSource}; a failure is logged. */
  static void run(
      DataSource dataSource,
      long now,
      WriterSettings settings,
      SeriesCache seriesCache,
      HourlyTable hourlyTable) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      deleteExpired(c, now, settings, seriesCache, hourlyTable);
    } catch (SQLException e) {
      log.warn("store maintenance failed, will retry: {}", e.toString());
    }
  }

  /** Deletes what the retention settings let go of as of {@code now} (epoch millis). */
  static void deleteExpired(
      Connection c,
      long now,
      WriterSettings settings,
      SeriesCache seriesCache,
      HourlyTable hourlyTable)
      throws SQLException {
    int keys =
        update(
            c,
            "DELETE FROM sli_idempotency_keys WHERE expires_at < to_timestamp(?::float8 / 1000)",
            now);
    int changes =
        update(
            c,
            "DELETE FROM sli_changes WHERE recorded_at < now() - make_interval(secs => ?)",
            settings.changeLogRetention().toSeconds());
    int series =
        update(
            c,
            "WITH gone AS (DELETE FROM sli_series WHERE last_ts_ms < ? RETURNING series_hash)"
                + " DELETE FROM sli_series_keys WHERE series_hash IN (SELECT series_hash FROM gone)",
            now - settings.seriesRetention().toMillis());
    if (series > 0) {
      // Deleted states would only turn cached guesses stale.
      seriesCache.clear();
    }
    int buckets = 0;
    if (hourlyTable.isTable(c)) {
      // Plain PostgreSQL; with TimescaleDB the retention policy drops whole chunks instead.
      buckets =
          update(
              c,
              "DELETE FROM sli_buckets WHERE bucket_start < to_timestamp(?::float8 / 1000)",
              now - settings.bucketRetention().toMillis());
    }
    log.debug(
        "maintenance deleted {} keys, {} changes, {} series, {} buckets",
        keys,
        changes,
        series,
        buckets);
  }

  private static int update(Connection c, String sql, long parameter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, parameter);
      return ps.executeUpdate();
    }
  }
}
