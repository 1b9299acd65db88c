package dev.burnrate.bridge.internal.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.BridgeSettings.Match;
import dev.burnrate.bridge.internal.connector.ConnectorType;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Priority;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes outbox messages in the transaction that changes a record, so a record change and the
 * promise to tell the ITSM tools about it commit together or not at all.
 */
public final class Outbox {
  private final List<ConnectorSettings> connectors;
  private volatile Runnable listener = () -> {};

  /** An outbox writing for these connectors. */
  public Outbox(List<ConnectorSettings> connectors) {
    this.connectors = List.copyOf(connectors);
  }

  /** Called after a transaction that may have enqueued messages commits. */
  public void onCommit(Runnable r) {
    this.listener = r;
  }

  /** Wakes the delivery workers. */
  public void signal() {
    listener.run();
  }

  /** Whether a connector receives this record now, by its routing rule. */
  public static boolean matches(ConnectorSettings c, ObjectNode record) {
    String kind = record.path("kind").asText();
    Match m = c.match();
    if (!ConnectorType.of(c.type()).kinds().contains(kind)
        || (!m.kinds().isEmpty() && !m.kinds().contains(kind))) {
      return false;
    }
    if (!m.services().isEmpty()) {
      boolean any = m.services().contains(record.path("service").asText());
      for (var s : record.path("services")) {
        any |= m.services().contains(s.asText());
      }
      if (!any) {
        return false;
      }
    }
    if (!m.labels().isEmpty()) {
      Map<String, String> labels = new java.util.HashMap<>();
      record
          .path("labels")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      if (!m.labelsMatch(labels)) {
        return false;
      }
    }
    if (kind.equals("incident")) {
      if (!m.severities().isEmpty() && !m.severities().contains(record.path("severity").asText())) {
        return false;
      }
      int priority =
          Priority.parse(record.path("priority").asText("P4")).orElse(Priority.P4).number();
      return priority <= m.maxPriority();
    }
    return true;
  }

  /** As {@link #enqueue(Connection, ObjectNode, String, String, Instant)}, for a view record. */
  public void enqueue(Connection c, Object view, String event, String message, Instant now)
      throws SQLException {
    ObjectNode record = view instanceof ObjectNode o ? o : Json.MAPPER.valueToTree(view);
    enqueue(c, record, event, message, now);
  }

  /**
   * Enqueues one event about a record for every connector whose rule matches; a connector that
   * already received earlier events of the record keeps receiving them, so its copy never goes
   * stale.
   */
  public void enqueue(Connection c, ObjectNode record, String event, String message, Instant now)
      throws SQLException {
    String key = record.path("key").asText();
    for (ConnectorSettings conn : connectors) {
      boolean earlier =
          Database.scalar(
                  c,
                  "SELECT count(*) FROM (SELECT 1 FROM bridge_outbox WHERE connector = ? AND record_key = ?"
                      + " UNION ALL SELECT 1 FROM bridge_external_ref WHERE connector = ? AND record_key = ?"
                      + " LIMIT 1) x",
                  conn.name(),
                  key,
                  conn.name(),
                  key)
              > 0;
      if (!matches(conn, record) && !earlier) {
        continue;
      }
      ObjectNode payload = Json.object();
      payload.put("event", event);
      payload.put("message", message);
      payload.set("record", record);
      Database.update(
          c,
          "INSERT INTO bridge_outbox (connector, record_key, event, payload, created_at, available_at) VALUES (?,?,?,?,?,?)",
          conn.name(),
          key,
          event,
          new Jsonb(Json.write(payload)),
          now,
          now);
    }
  }
}
