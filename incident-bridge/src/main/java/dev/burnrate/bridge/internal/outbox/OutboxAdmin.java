package dev.burnrate.bridge.internal.outbox;

import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.OutboxStats;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What operators do with the outbox: list what is stuck, retry a dead message, watch backlogs. */
public final class OutboxAdmin {
  private final BridgeContext ctx;

  /** The outbox of a context. */
  public OutboxAdmin(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /**
   * An outbox message as operators see it.
   *
   * @param id its id
   * @param connector the connector it goes to
   * @param recordKey the record it carries
   * @param event what happened to the record
   * @param state pending, delivered or dead
   * @param attempts the deliveries tried
   * @param createdAt when it was enqueued
   * @param availableAt when it is next due
   * @param lastAttemptAt when it was last tried, or null
   * @param lastError why the last try failed, or null
   */
  public record MessageView(
      long id,
      String connector,
      String recordKey,
      String event,
      String state,
      int attempts,
      Instant createdAt,
      Instant availableAt,
      Instant lastAttemptAt,
      String lastError) {}

  /** A page of outbox messages. */
  public record MessageList(List<MessageView> items) {}

  /** What a retry did: the message is pending again. */
  public record Retried(long id, String state) {}

  /** Outbox messages not yet delivered (pending or dead), oldest first. */
  public MessageList list(String state, String connector, int limit) {
    return ctx.db()
        .tx(
            c ->
                new MessageList(
                    Database.query(
                        c,
                        "SELECT id, connector, record_key, event, state, attempts, available_at, last_attempt_at, last_error, created_at"
                            + " FROM bridge_outbox WHERE state = ? AND (?::text IS NULL OR connector = ?) ORDER BY id LIMIT ?",
                        rs -> {
                          Instant created = Database.instant(rs, "created_at");
                          Instant available = Database.instant(rs, "available_at");
                          Instant lastAttempt = Database.instant(rs, "last_attempt_at");
                          return new MessageView(
                              rs.getLong("id"),
                              rs.getString("connector"),
                              rs.getString("record_key"),
                              rs.getString("event"),
                              rs.getString("state"),
                              rs.getInt("attempts"),
                              created,
                              available,
                              lastAttempt,
                              rs.getString("last_error"));
                        },
                        state,
                        connector,
                        connector,
                        limit)));
  }

  /** Puts a dead message back in line, due now. */
  public Retried retry(long id, String by) {
    return ctx.tx(
        c -> {
          List<String> st =
              Database.query(
                  c,
                  "SELECT state FROM bridge_outbox WHERE id = ? FOR UPDATE",
                  rs -> rs.getString(1),
                  id);
          if (st.isEmpty()) {
            throw BridgeException.notFound("no outbox message " + id);
          }
          if (!st.get(0).equals("dead")) {
            throw BridgeException.conflict(
                "outbox message " + id + " is " + st.get(0) + "; only a dead message is retried");
          }
          long later =
              Database.scalar(
                  c,
                  "SELECT count(*) FROM bridge_outbox o, bridge_outbox d WHERE d.id = ?"
                      + " AND o.connector = d.connector AND o.record_key = d.record_key AND o.id > d.id AND o.state = 'delivered'",
                  id);
          if (later > 0) {
            throw BridgeException.conflict(
                "a later event of the same record was already delivered to this connector;"
                    + " retrying message "
                    + id
                    + " would deliver events out of order");
          }
          Database.update(
              c,
              "UPDATE bridge_outbox SET state = 'pending', available_at = ?, claimed_until = NULL, attempts = 0,"
                  + " last_error = ? WHERE id = ?",
              ctx.now(),
              "retried by " + by,
              id);
          return new Retried(id, "pending");
        });
  }

  /** Deletes delivered messages older than the retention, a batch at a time. */
  public int purgeDelivered() {
    Instant cutoff = ctx.now().minus(ctx.settings().outbox().retention());
    return ctx.db()
        .tx(
            c ->
                Database.update(
                    c,
                    "DELETE FROM bridge_outbox WHERE id IN (SELECT id FROM bridge_outbox WHERE state = 'delivered'"
                        + " AND delivered_at < ? LIMIT 10000)",
                    cutoff));
  }

  /** The delivery backlog of every configured connector. */
  public List<OutboxStats> stats() {
    Instant now = ctx.now();
    return ctx.db()
        .tx(
            c -> {
              List<OutboxStats> out = new ArrayList<>();
              for (ConnectorSettings cs : ctx.settings().connectors()) {
                out.add(
                    Database.one(
                            c,
                            "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'dead'),"
                                + " count(*) FILTER (WHERE state = 'delivered'),"
                                + " min(created_at) FILTER (WHERE state = 'pending') AS oldest"
                                + " FROM bridge_outbox WHERE connector = ?",
                            rs -> {
                              Instant oldest = Database.instant(rs, "oldest");
                              Duration age =
                                  oldest == null || oldest.isAfter(now)
                                      ? Duration.ZERO
                                      : Duration.between(oldest, now);
                              return new OutboxStats(
                                  cs.name(), rs.getLong(1), rs.getLong(2), rs.getLong(3), age);
                            },
                            cs.name())
                        .orElseThrow());
              }
              return out;
            });
  }
}
