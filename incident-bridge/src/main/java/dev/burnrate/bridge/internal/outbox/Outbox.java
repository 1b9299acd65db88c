package dev.burnrate.bridge.internal.outbox;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.internal.connector.ConnectorType;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
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
  public static boolean matches(ConnectorSettings c, Snapshot record) {
    String kind = record.kind();
    Match m = c.match();
    if (!ConnectorType.of(c.type()).kinds().contains(kind)
        || (!m.kinds().isEmpty() && !m.kinds().contains(kind))) {
      return false;
    }
    if (!m.services().isEmpty()
        && record.routedServices().stream().noneMatch(m.services()::contains)) {
      return false;
    }
    Map<String, String> labels =
        record instanceof IncidentSnapshot i ? i.labels() : Map.<String, String>of();
    if (!m.labels().isEmpty() && !m.labelsMatch(labels)) {
      return false;
    }
    if (record instanceof IncidentSnapshot i) {
      if (!m.severities().isEmpty() && !m.severities().contains(i.severity())) {
        return false;
      }
      Priority priority = i.priority() == null ? Priority.P4 : i.priority();
      return priority.number() <= m.maxPriority();
    }
    return true;
  }

  /**
   * Enqueues one event about a record for every connector whose rule matches; a connector that
   * already received earlier events of the record keeps receiving them, so its copy never goes
   * stale.
   */
  public void enqueue(Connection c, Snapshot record, String event, String message, Instant now)
      throws SQLException {
    String key = record.key();
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
      Database.update(
          c,
          "INSERT INTO bridge_outbox (connector, record_key, event, payload, created_at, available_at) VALUES (?,?,?,?,?,?)",
          conn.name(),
          key,
          event,
          new Jsonb(OutboxJson.write(new OutboxMessage(event, message, record))),
          now,
          now);
    }
  }
}
