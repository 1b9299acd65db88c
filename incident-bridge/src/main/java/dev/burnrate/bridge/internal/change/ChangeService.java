package dev.burnrate.bridge.internal.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What pipelines and people do to changes through the API: record, update, read. */
public final class ChangeService {
  private final BridgeContext ctx;

  /** A service over a context. */
  public ChangeService(BridgeContext ctx) {
    this.ctx = ctx;
  }

  /** The change of a key; {@link BridgeException.NotFound} when there is none. */
  public static Change find(Connection c, String key, boolean lock) throws SQLException {
    return ChangeSql.change(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no change " + key));
  }

  /** A page of changes. */
  public ObjectNode list(ListFilter f) {
    return ctx.page(f, c -> ChangeSql.changes(c, f), (c, ch) -> ChangeView.of(c, ch, false));
  }

  /** One change. */
  public ObjectNode change(String key) {
    return ctx.db()
        .tx(c -> ExternalRecordSql.addTo(c, ChangeView.of(c, find(c, key, false), true), key));
  }

  /**
   * Records a change; a change with the same source system and external id is returned as it is (CI
   * retries are safe). The boolean says whether it was created.
   */
  public Map.Entry<Boolean, ObjectNode> record(Change input, String by) {
    ctx.checkService("service", input.service());
    return ctx.tx(
        c -> {
          if (input.externalId() != null) {
            Database.lock(c, "change:" + input.sourceSystem() + ":" + input.externalId());
            Optional<Change> existing =
                ChangeSql.changeByExternalId(c, input.sourceSystem(), input.externalId());
            if (existing.isPresent()) {
              return Map.entry(false, ChangeView.of(c, existing.get(), true));
            }
          }
          Change ch = insert(c, input, by);
          return Map.entry(true, ChangeView.of(c, ch, true));
        });
  }

  /** Stores a change, notes it on its timeline and tells the tools. */
  Change insert(Connection c, Change input, String by) throws SQLException {
    Instant now = ctx.now();
    Change ch = ChangeSql.insertChange(c, input.recordedAt(now));
    String msg =
        "Recorded by "
            + by
            + ": "
            + ch.kind()
            + " change of "
            + ch.service()
            + (ch.sourceVersion() == null ? "" : " to " + ch.sourceVersion())
            + (ch.sourceSystem() == null ? "" : " from " + ch.sourceSystem())
            + (ch.flagged() ? "; emergency change, flagged for review" : "");
    TimelineSql.append(c, ch.key(), now, "recorded", msg, by, Json.object());
    ctx.outbox().enqueue(c, ChangeView.of(c, ch, true), "opened", msg, now);
    return ch;
  }

  /** Updates a change's state or end time (CI reports completion). */
  public ObjectNode update(String key, ChangeState state, Instant endedAt, String by) {
    return ctx.tx(
        c -> {
          Change next = find(c, key, true).update(state, endedAt);
          ChangeSql.updateChange(c, next);
          Instant now = ctx.now();
          String msg =
              "Updated by "
                  + by
                  + ": state "
                  + next.state().wire()
                  + (next.endedAt() == null ? "" : ", ended " + next.endedAt());
          TimelineSql.append(c, key, now, "updated", msg, by, Json.object());
          ObjectNode v = ChangeView.of(c, next, true);
          ctx.outbox().enqueue(c, v, "updated", msg, now);
          return v;
        });
  }
}
