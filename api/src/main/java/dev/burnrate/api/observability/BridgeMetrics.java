package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.OutboxStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Gauges of the incident bridge's records and outbox, read after every engine tick: open incidents
 * by priority, open problems, and per connector the messages by state and the age of the oldest
 * undelivered one.
 */
public final class BridgeMetrics {
  private static final int PRIORITIES = 4;

  private final DataSource dataSource;
  private final Supplier<List<OutboxStats>> outbox;
  // [0..3] open incidents P1..P4, [4] open problems
  private final AtomicLongArray values = new AtomicLongArray(PRIORITIES + 1);
  private final MultiGauge messages;
  private final MultiGauge oldestPending;

  /**
   * Registers the gauges; they read 0 until the first {@link #refresh()}.
   *
   * @param dataSource the bridge's database
   * @param outbox the bridge's per-connector backlog ({@code IncidentBridge::outboxStats})
   * @param registry where to register
   */
  public BridgeMetrics(
      DataSource dataSource, Supplier<List<OutboxStats>> outbox, MeterRegistry registry) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.outbox = requireNonNull(outbox, "outbox");
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
    messages =
        MultiGauge.builder("burnrate.bridge.outbox.messages")
            .description("Messages to each ITSM tool, by state (pending, dead, delivered)")
            .register(registry);
    oldestPending =
        MultiGauge.builder("burnrate.bridge.outbox.oldest.pending")
            .description("Age of the oldest undelivered message to each ITSM tool")
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
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM bridge_problem WHERE state IN ('open', 'known_error')");
          ResultSet rs = ps.executeQuery()) {
        values.set(PRIORITIES, rs.next() ? rs.getLong(1) : 0);
      }
    }
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    for (OutboxStats s : outbox.get()) {
      Tags connector = Tags.of("connector", s.connector());
      counts.add(MultiGauge.Row.of(connector.and("state", "pending"), s.pending()));
      counts.add(MultiGauge.Row.of(connector.and("state", "dead"), s.dead()));
      counts.add(MultiGauge.Row.of(connector.and("state", "delivered"), s.delivered()));
      ages.add(MultiGauge.Row.of(connector, s.oldestPendingAge().toMillis() / 1000.0));
    }
    messages.register(counts, true);
    oldestPending.register(ages, true);
  }
}
