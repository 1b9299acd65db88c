package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** What people do to incidents through the API: open, acknowledge, resolve, close, read. */
public final class IncidentService {
  private final BridgeContext ctx;
  private final IncidentRules rules;

  /** A service over a context. */
  public IncidentService(BridgeContext ctx, IncidentRules rules) {
    this.ctx = ctx;
    this.rules = rules;
  }

  /** A page of incidents. */
  public ObjectNode list(ListFilter f) {
    return ctx.page(f, c -> IncidentSql.incidents(c, f), (c, i) -> IncidentView.of(c, i, false));
  }

  /** One incident with links and timeline. */
  public ObjectNode incident(String key) {
    return ctx.db()
        .tx(c -> ExternalRecordSql.addTo(c, IncidentView.of(c, find(c, key, false), true), key));
  }

  /** The incident of a key; {@link BridgeException.NotFound} when there is none. */
  public static Incident find(Connection c, String key, boolean lock) throws SQLException {
    return IncidentSql.incident(c, key, lock)
        .orElseThrow(() -> BridgeException.notFound("no incident " + key));
  }

  /** Opens an incident by hand. */
  public ObjectNode openManual(
      String title, String service, String severity, int priority, String slo, String by) {
    ctx.checkService("service", service);
    String dedup = "manual:" + UUID.randomUUID();
    ObjectNode d = Json.object();
    d.put("openedBy", by);
    AlertSignal s =
        new AlertSignal(
            "manual",
            dedup,
            "manual",
            true,
            service,
            slo,
            severity,
            priority,
            title,
            "opened by " + by + ": " + title,
            d,
            java.util.Map.of());
    String key = rules.apply(s).orElseThrow();
    return incident(key);
  }

  /** Acknowledges an open incident. */
  public ObjectNode acknowledge(String key, String by) {
    return act(
        key, by, "acknowledged", (i, now) -> i.acknowledge(now, by), "Acknowledged by " + by);
  }

  /** Resolves an open or acknowledged incident. */
  public ObjectNode resolve(String key, String by, String resolution) {
    String text = resolution == null ? "resolved by " + by : resolution;
    return act(
        key,
        by,
        "resolved",
        (i, now) -> i.resolveBy(now, by, text),
        "Resolved by " + by + ": " + text);
  }

  /** Closes a resolved incident. */
  public ObjectNode close(String key, String by) {
    return act(key, by, "closed", (i, now) -> i.close(now, by), "Closed by " + by);
  }

  /** A person's transition of an incident. */
  @FunctionalInterface
  private interface Transition {
    Incident apply(Incident i, Instant now);
  }

  private ObjectNode act(String key, String by, String event, Transition t, String message) {
    return ctx.tx(
        c -> {
          Incident i = find(c, key, false);
          Database.lock(c, i.dedupKey());
          i = find(c, key, true);
          Instant now = ctx.now();
          Incident next = t.apply(i, now);
          IncidentSql.updateIncident(c, next);
          TimelineSql.append(c, key, now, event, message, by, Json.object());
          ObjectNode view = IncidentView.of(c, next, true);
          ctx.outbox().enqueue(c, view, event, message, now);
          return view;
        });
  }
}
