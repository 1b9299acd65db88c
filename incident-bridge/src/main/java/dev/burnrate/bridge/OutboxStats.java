package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The delivery backlog of one connector, for metrics such as {@code
 * burnrate_bridge_outbox_pending{connector}}.
 *
 * @param connector the connector's name
 * @param pending messages waiting to be delivered
 * @param dead messages the tool refused for good (see {@code GET /api/v1/outbox})
 * @param delivered messages delivered so far
 * @param oldestPendingAge how long the oldest pending message has waited ({@link Duration#ZERO}
 *     when none)
 */
public record OutboxStats(
    String connector, long pending, long dead, long delivered, Duration oldestPendingAge) {
  /** Checks the numbers. */
  public OutboxStats {
    requireNonNull(connector, "connector");
    requireNonNull(oldestPendingAge, "oldestPendingAge");
  }
}
