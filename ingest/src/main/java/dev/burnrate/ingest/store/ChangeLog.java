package dev.burnrate.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The change log ({@code sli_changes}) as {@link EngineFeeder} reads and prunes it: what committed
 * after a snapshot, whether it was pruned past one, and the read-only snapshot transactions every
 * read runs in.
 */
final class ChangeLog {
  private ChangeLog() {}

  /** One change row: an increase of one SLO's bucket. */
  record Change(String slo, Instant bucketStart, double good, double bad, double total) {}

  /** The change rows of the transactions that committed after {@code snapshot}, as seen in c. */
  static List<Change> changesSince(Connection c, String snapshot) throws SQLException {
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT slo, bucket_start, good, bad, total FROM sli_changes"
                + " WHERE xid >= pg_snapshot_xmin(?::pg_snapshot)"
                + " AND NOT pg_visible_in_snapshot(xid, ?::pg_snapshot)"
                + " ORDER BY id")) {
      ps.setString(1, snapshot);
      ps.setString(2, snapshot);
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          changes.add(
              new Change(
                  rs.getString(1),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getDouble(5)));
        }
      }
    }
    return changes;
  }

  /**
   * Deletes change rows of transactions that every later poll of {@code snapshot}'s consumer sees
   * as consumed, and records the horizon so a feeder that is further behind rebuilds.
   */
  static void prune(DataSource dataSource, String snapshot) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sli_changes_horizon SET pruned_below ="
                    + " greatest(pruned_below, pg_snapshot_xmin(?::pg_snapshot))")) {
          ps.setString(1, snapshot);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM sli_changes WHERE xid < pg_snapshot_xmin(?::pg_snapshot)")) {
          ps.setString(1, snapshot);
          ps.executeUpdate();
        }
        c.commit();
      } finally {
        rollbackQuietly(c);
      }
    }
  }

  /**
   * A pooled connection in a new read-only REPEATABLE READ transaction: its first query, {@link
   * #currentSnapshot} or {@link #snapshotAndPruned}, takes the snapshot every later one reads. The
   * level is set for the transaction, not the session (a pool would reset a session's level at
   * every return, one more round trip on each of the feeder's polls).
   */
  static Connection snapshotConnection(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        // The driver sends BEGIN with this, so it is the transaction's first statement.
        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  static String currentSnapshot(Connection c) throws SQLException {
    // The first query of a REPEATABLE READ transaction takes its snapshot: this one.
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_current_snapshot()::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * A new snapshot, and whether the log was pruned past the snapshot a feeder consumed (it must
   * then rebuild from the buckets).
   */
  record SnapshotAndPruned(String snapshot, boolean pruned) {}

  /**
   * {@link #currentSnapshot} and whether the log was pruned past {@code consumed}, in one query
   * (one round trip fewer per poll), as the transaction's first query.
   */
  static SnapshotAndPruned snapshotAndPruned(Connection c, String consumed) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pg_current_snapshot()::text, coalesce((SELECT pruned_below >"
                + " pg_snapshot_xmin(?::pg_snapshot) FROM sli_changes_horizon), false)")) {
      ps.setString(1, consumed);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new SnapshotAndPruned(rs.getString(1), rs.getBoolean(2));
      }
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is closed next; the pool discards it if broken.
    }
  }
}
