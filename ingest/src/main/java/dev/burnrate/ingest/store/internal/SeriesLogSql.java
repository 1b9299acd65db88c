package dev.burnrate.ingest.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.postgresql.PGConnection;

/** The statements of the series log: append, claim the applier's turn, take rows, measure lag. */
public final class SeriesLogSql {
  private SeriesLogSql() {}

  /** A log row taken by the applier. */
  public record Row(long id, byte[] payload) {}

  /**
   * The rows a round took, in log order, and whether the log held more than the round's limits let
   * it take.
   */
  public record Taken(List<Row> rows, boolean more) {}

  /** Appends one row holding {@code samples} samples. */
  public static void append(Connection c, int samples, byte[] payload) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO sli_series_log (samples, payload) VALUES (?, ?)")) {
      ps.setInt(1, samples);
      ps.setBytes(2, payload);
      ps.executeUpdate();
    }
  }

  /**
   * Makes this transaction the applier's turn: takes the transaction-level advisory lock {@code
   * lockKey} without waiting, and renews {@code owner}'s lease, or takes it over when the owner has
   * not renewed within {@code leaseMs}. False when another instance applies; then the transaction
   * holds nothing worth keeping and should roll back.
   */
  public static boolean claim(Connection c, long lockKey, String owner, long leaseMs)
      throws SQLException {
    // One round trip. All three conditions hold only when each was evaluated: the timeout set
    // (a frozen applier's session ends after the lease, rolling its round back), the lock taken.
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sli_series_log_applier SET owner = ?, renewed_at = now()"
                + " WHERE set_config('idle_in_transaction_session_timeout', ?, true) IS NOT NULL"
                + " AND pg_try_advisory_xact_lock(?)"
                + " AND (owner = ? OR renewed_at < now() - make_interval(secs => ?::float8 / 1000))")) {
      ps.setString(1, owner);
      ps.setString(2, Long.toString(Math.max(1, leaseMs)));
      ps.setLong(3, lockKey);
      ps.setString(4, owner);
      ps.setLong(5, leaseMs);
      return ps.executeUpdate() == 1;
    }
  }

  /** Ends {@code owner}'s lease, so that another instance applies from its next round. */
  public static void release(Connection c, String owner) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sli_series_log_applier SET renewed_at = '-infinity' WHERE owner = ?")) {
      ps.setString(1, owner);
      ps.executeUpdate();
    }
  }

  /**
   * Deletes and returns the oldest rows, up to {@code maxRows} rows and {@code maxSamples} samples
   * (at least one row), in log order. A row another transaction took first is not returned.
   */
  public static Taken take(Connection c, int maxRows, long maxSamples) throws SQLException {
    List<Long> ids = new ArrayList<>();
    boolean more = false;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, samples FROM sli_series_log ORDER BY id LIMIT ?")) {
      // One row past the limit tells whether the round leaves rows behind.
      ps.setInt(1, maxRows + 1);
      long samples = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          samples += rs.getInt(2);
          if (ids.size() == maxRows || (!ids.isEmpty() && samples > maxSamples)) {
            more = true;
            break;
          }
          ids.add(rs.getLong(1));
        }
      }
    }
    List<Row> rows = new ArrayList<>(ids.size());
    if (ids.isEmpty()) {
      return new Taken(rows, false);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM sli_series_log WHERE id = ANY(?::int8[]) RETURNING id, payload")) {
      long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
      ps.setArray(1, c.unwrap(PGConnection.class).createArrayOf("int8", idArray));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getBytes(2)));
        }
      }
    }
    rows.sort(Comparator.comparingLong(Row::id));
    return new Taken(rows, more);
  }

  /** How long ago the oldest row still in the log was appended, in ms; 0 when it is empty. */
  public static long oldestAgeMs(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT (extract(epoch FROM clock_timestamp() - appended_at) * 1000)::int8"
                    + " FROM sli_series_log ORDER BY id LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Math.max(0, rs.getLong(1)) : 0;
    }
  }
}
