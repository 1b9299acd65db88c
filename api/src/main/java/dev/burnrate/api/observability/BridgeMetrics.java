package dev.burnrate.api.observability;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BridgeGauges;
import dev.burnrate.bridge.OutboxStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * Gauges of the incident bridge's records and outbox, asked of the bridge after every engine tick:
 * open incidents by priority, open problems, and per connector the messages by state and the age of
 * the oldest undelivered one.
 */
public final class BridgeMetrics {
  private static final int PRIORITIES = BridgeGauges.PRIORITIES.size();

  private final Supplier<BridgeGauges> gauges;
  private final Supplier<List<OutboxStats>> outbox;
  // [0..3] open incidents P1..P4, [4] open problems
  private final AtomicLongArray values = new AtomicLongArray(PRIORITIES + 1);
  private final GaugeRows messages;
  private final GaugeRows oldestPending;

  /**
   * Registers the gauges; they read 0 until the first {@link #refresh()}.
   *
   * @param gauges the bridge's record counts ({@code IncidentBridge::gauges})
   * @param outbox the bridge's per-connector backlog ({@code IncidentBridge::outboxStats})
   * @param registry where to register
   */
  public BridgeMetrics(
      Supplier<BridgeGauges> gauges, Supplier<List<OutboxStats>> outbox, MeterRegistry registry) {
    this.gauges = requireNonNull(gauges, "gauges");
    this.outbox = requireNonNull(outbox, "outbox");
    for (int p = 0; p < PRIORITIES; p++) {
      int index = p;
      Gauge.builder("burnrate.bridge.incidents.open", values, v -> v.get(index))
          .description("Open or acknowledged incidents, by priority")
          .tag("priority", BridgeGauges.PRIORITIES.get(p))
          .register(registry);
    }
    Gauge.builder("burnrate.bridge.problems.open", values, v -> v.get(PRIORITIES))
        .description("Problems not yet resolved (open or known error)")
        .register(registry);
    messages =
        GaugeRows.register(
            registry,
            "burnrate.bridge.outbox.messages",
            "Messages to each ITSM tool, by state (pending, dead, delivered)");
    oldestPending =
        GaugeRows.register(
            registry,
            "burnrate.bridge.outbox.oldest.pending",
            "Age of the oldest undelivered message to each ITSM tool",
            "seconds");
  }

  /** Reads the counts again; blocks on the bridge's database. */
  public void refresh() {
    BridgeGauges g = gauges.get();
    for (int i = 0; i < PRIORITIES; i++) {
      values.set(i, g.activeIncidents().get(BridgeGauges.PRIORITIES.get(i)));
    }
    values.set(PRIORITIES, g.openProblems());
    for (OutboxStats s : outbox.get()) {
      Tags connector = Tags.of("connector", s.connector());
      messages.add(connector.and("state", "pending"), s.pending());
      messages.add(connector.and("state", "dead"), s.dead());
      messages.add(connector.and("state", "delivered"), s.delivered());
      oldestPending.add(connector, s.oldestPendingAge().toMillis() / 1000.0);
    }
    messages.publish();
    oldestPending.publish();
  }
}
