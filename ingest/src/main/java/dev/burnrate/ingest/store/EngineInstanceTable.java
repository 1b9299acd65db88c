package dev.burnrate.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's row in {@code engine_instances}, where every instance reports whether it leads,
 * whether its engine is current and how far it lags. {@link #report} runs on the feed thread only.
 */
final class EngineInstanceTable {
  private static final Logger log = LoggerFactory.getLogger(EngineInstanceTable.class);
  private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final DataSource dataSource;
  private final String instanceId;
  private final OffsetDateTime startedAt;
  // Feed thread only.
  private long reportedNanos;
  private boolean reportedLeads;
  private boolean reportedCurrent;

  EngineInstanceTable(DataSource dataSource, String instanceId, OffsetDateTime startedAt) {
    this.dataSource = dataSource;
    this.instanceId = instanceId;
    this.startedAt = startedAt;
  }

  /**
   * Reports this instance at most once a second, and at once on a change of {@code leads} or {@code
   * current}; a failure waits for the next report.
   *
   * @param lag how far the engine lags behind the store; null while it rebuilds
   */
  void report(boolean leads, boolean current, Duration lag) {
    long now = System.nanoTime();
    if (now - reportedNanos < REPORT_EVERY_NANOS
        && leads == reportedLeads
        && current == reportedCurrent
        && reportedNanos != 0) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO engine_instances"
                    + " (instance_id, started_at, seen_at, leads, current, consumed_at)"
                    + " VALUES (?, ?, now(), ?, ?, now() - ? * interval '1 microsecond')"
                    + " ON CONFLICT (instance_id) DO UPDATE SET seen_at = excluded.seen_at,"
                    + " leads = excluded.leads, current = excluded.current,"
                    + " consumed_at = excluded.consumed_at")) {
      c.setAutoCommit(true);
      ps.setString(1, instanceId);
      ps.setObject(2, startedAt);
      ps.setBoolean(3, leads);
      ps.setBoolean(4, current);
      if (lag == null) {
        ps.setNull(5, Types.BIGINT);
      } else {
        ps.setLong(5, lag.toNanos() / 1_000);
      }
      ps.executeUpdate();
      reportedNanos = now;
      reportedLeads = leads;
      reportedCurrent = current;
    } catch (SQLException e) {
      log.debug("cannot report this instance in engine_instances: {}", e.toString());
    }
  }

  /** Removes this instance's row, so that it no longer counts among the running instances. */
  void withdraw() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM engine_instances WHERE instance_id = ?")) {
      ps.setString(1, instanceId);
      ps.executeUpdate();
    } catch (SQLException e) {
      log.debug("cannot withdraw this instance from engine_instances: {}", e.toString());
    }
  }

  /** The instances that reported within {@code within}, ordered by id. */
  List<EngineInstance> read(Duration within) throws SQLException {
    List<EngineInstance> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT instance_id, leads, current,"
                    + " extract(epoch FROM now() - consumed_at), seen_at FROM engine_instances"
                    + " WHERE seen_at > now() - ? * interval '1 millisecond'"
                    + " ORDER BY instance_id")) {
      ps.setLong(1, within.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double lag = rs.getDouble(4);
          boolean noLag = rs.wasNull();
          out.add(
              new EngineInstance(
                  rs.getString(1),
                  rs.getBoolean(2),
                  rs.getBoolean(3),
                  noLag
                      ? Optional.empty()
                      : Optional.of(Duration.ofNanos((long) (Math.max(0, lag) * 1e9))),
                  rs.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return out;
  }
}
