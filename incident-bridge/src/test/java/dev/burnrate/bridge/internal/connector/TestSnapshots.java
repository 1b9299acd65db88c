package dev.burnrate.bridge.internal.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.outbox.Snapshot;

/** The connector tests write records as JSON, as outbox rows hold them; this reads them back. */
final class TestSnapshots {
  private TestSnapshots() {}

  /** The snapshot of a record's JSON, read as the outbox worker reads a row. */
  static Snapshot of(ObjectNode record) {
    try {
      return OutboxJson.MAPPER.treeToValue(record, Snapshot.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
