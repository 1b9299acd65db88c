package dev.burnrate.bridge.internal.outbox;

import static java.util.Objects.requireNonNull;

/**
 * What one outbox row carries in its {@code payload} column.
 *
 * @param event what happened, such as {@code opened}
 * @param message the timeline line of the event
 * @param record the record as it was when the event happened
 */
public record OutboxMessage(String event, String message, Snapshot record) {
  /** Checks the message. */
  public OutboxMessage {
    requireNonNull(event, "event");
    requireNonNull(record, "record");
  }
}
