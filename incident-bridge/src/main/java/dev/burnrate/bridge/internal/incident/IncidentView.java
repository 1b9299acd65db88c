package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.item.ImpactSql;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;

/** The JSON shape of an incident, shared by the REST API and the outbox payloads. */
public final class IncidentView {
  private IncidentView() {}

  /** An incident; with {@code full}, its links and timeline too. */
  public static ObjectNode of(Connection c, Incident i, boolean full) throws SQLException {
    ObjectNode o = Json.object();
    o.put("kind", "incident");
    o.put("key", i.key());
    o.put("title", i.title());
    o.put("service", i.service());
    if (i.slo() == null) {
      o.putNull("slo");
    } else {
      o.put("slo", i.slo());
    }
    o.put("severity", i.severity());
    o.put("priority", Priority.format(i.priority()));
    o.put("state", i.state().wire());
    o.put("recovered", i.recoveredAt() != null && i.active());
    Json.put(o, "recoveredAt", i.recoveredAt());
    o.put("source", i.source());
    o.put("autoResolve", i.autoResolve());
    Json.put(o, "openedAt", i.openedAt());
    Json.put(o, "acknowledgedAt", i.acknowledgedAt());
    RecordViews.putNullable(o, "acknowledgedBy", i.acknowledgedBy());
    Json.put(o, "resolvedAt", i.resolvedAt());
    RecordViews.putNullable(o, "resolvedBy", i.resolvedBy());
    Json.put(o, "closedAt", i.closedAt());
    RecordViews.putNullable(o, "closedBy", i.closedBy());
    RecordViews.putNullable(o, "resolution", i.resolution());
    o.set("impactedServices", Json.strings(i.impacted()));
    ImpactSql.putInto(c, o, i.id());
    o.set("labels", Json.stringMap(i.labels()));
    ArrayNode alerts = Json.array();
    i.activeAlerts()
        .properties()
        .forEach(
            e -> {
              ObjectNode a = e.getValue().deepCopy();
              a.put("id", e.getKey());
              alerts.add(a);
            });
    o.set("activeAlerts", alerts);
    ResponseView.put(c, o, i);
    if (full) {
      o.set("links", RecordViews.links(LinkSql.of(c, i.key()), i.key()));
      o.set("timeline", RecordViews.timeline(TimelineSql.of(c, i.key())));
    }
    return o;
  }
}
