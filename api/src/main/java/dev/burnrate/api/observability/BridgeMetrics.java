package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;

/**
 * Gauges of the incident bridge's records and outbox, read from its tables after every engine tick:
 * open incidents by priority, open problems, and messages waiting for or given up by the ITSM
 * tools.
 */
public final class BridgeMetrics {
  private static final int PRIORITIES = 4;

  private final DataSource dataSource;
  // [0..3] open incidents P1..P4, [4] open problems, [5] outbox pending, [6] outbox dead,
  // [7] age in seconds of the oldest pending outbox message
  private final AtomicLongArray values = new AtomicLongArray(PRIORITIES + 4);

  /** Registers the gauges; they read 0 until the first {@link #refresh()}. */
  public BridgeMetrics(DataSource dataSource, MeterRegistry registry) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    for (int p = 1; p <= PRIORITIES; p++) {
      int index = p - 1;
      Gauge.builder("burnrate.bridge.incidents.open", values, v -> v.get(index))
          .description("Open or acknowledged incidents, by priority")
          .tag("priority", "P" + p)
          .register(registry);
    }
    Gauge.builder("burnrate.bridge.problems.open", values, v -> v.get(PRIORITIES))
        .description("Problems not yet resolved (open or known error)")
        .register(registry);
    Gauge.builder("burnrate.bridge.outbox.pending", values, v -> v.get(PRIORITIES + 1))
        .description("Messages to ITSM tools not yet delivered")
        .register(registry);
    Gauge.builder("burnrate.bridge.outbox.dead", values, v -> v.get(PRIORITIES + 2))
        .description("Messages to ITSM tools given up after every retry")
        .register(registry);
    Gauge.builder("burnrate.bridge.outbox.oldest.pending", values, v -> v.get(PRIORITIES + 3))
        .description("Age of the oldest undelivered message to an ITSM tool")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Reads the counts again; blocks on JDBC. */
  public void refresh() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long[] open = new long[PRIORITIES];
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT priority, count(*) FROM bridge_incident"
                      + " WHERE state IN ('open', 'acknowledged') GROUP BY priority");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int p = rs.getInt(1);
          if (p >= 1 && p <= PRIORITIES) {
            open[p - 1] = rs.getLong(2);
          }
        }
      }
      for (int i = 0; i < PRIORITIES; i++) {
        values.set(i, open[i]);
      }
      values.set(
          PRIORITIES,
          count(c, "SELECT count(*) FROM bridge_problem WHERE state IN ('open', 'known_error')"));
      values.set(
          PRIORITIES + 1, count(c, "SELECT count(*) FROM bridge_outbox WHERE state = 'pending'"));
      values.set(
          PRIORITIES + 2, count(c, "SELECT count(*) FROM bridge_outbox WHERE state = 'dead'"));
      values.set(
          PRIORITIES + 3,
          count(
              c,
              "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::bigint"
                  + " FROM bridge_outbox WHERE state = 'pending'"));
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
