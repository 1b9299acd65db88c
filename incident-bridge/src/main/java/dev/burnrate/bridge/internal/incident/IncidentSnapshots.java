package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.item.Consumers;
import dev.burnrate.bridge.internal.item.ImpactSql;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot.Assignment;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot.Breach;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot.Response;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot.Targets;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.outbox.Snapshots;
import dev.burnrate.bridge.internal.record.Priority;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An incident's outbox snapshot, read in the transaction that changes it. */
public final class IncidentSnapshots {
  private IncidentSnapshots() {}

  /** What {@link ImpactSql} stored of an incident's item. */
  record StoredImpact(
      Map<String, Object> item, List<Map<String, Object>> items, Map<String, Object> consumers) {}

  /** The snapshot of an incident with its impact, response, links and timeline. */
  public static IncidentSnapshot of(Connection c, Incident i) throws SQLException {
    return of(
        c,
        i,
        ResponseSql.of(c, i.key(), false),
        Snapshots.links(c, i.key()),
        Snapshots.timeline(c, i.key()));
  }

  /** The snapshot of an incident with its impact, and the response, links and timeline given. */
  static IncidentSnapshot of(
      Connection c,
      Incident i,
      Optional<IncidentResponse> r,
      List<LinkLine> links,
      List<TimelineLine> timeline)
      throws SQLException {
    StoredImpact impact = impact(c, i.id());
    List<Map<String, Object>> alerts = new ArrayList<>();
    OutboxJson.object(i.activeAlerts())
        .forEach(
            (id, alert) -> {
              Map<String, Object> a = new LinkedHashMap<>(OutboxJson.object(alert));
              a.put("id", id);
              alerts.add(a);
            });
    return new IncidentSnapshot(
        i.key(),
        i.title(),
        i.service(),
        i.slo(),
        i.severity(),
        Priority.of(i.priority()),
        i.state(),
        i.recoveredAt() != null && i.active(),
        i.recoveredAt(),
        i.source(),
        i.autoResolve(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.resolvedAt(),
        i.closedAt(),
        i.acknowledgedBy(),
        i.resolvedBy(),
        i.closedBy(),
        i.resolution(),
        i.impacted(),
        impact.item(),
        impact.items(),
        impact.consumers(),
        i.labels(),
        alerts,
        r.map(x -> new Assignment(x.group(), x.assignee())).orElse(null),
        r.map(IncidentSnapshots::response).orElse(null),
        links,
        timeline);
  }

  private static StoredImpact impact(Connection c, long incidentId) throws SQLException {
    Optional<String> stored = ImpactSql.stored(c, incidentId);
    if (stored.isEmpty()) {
      return new StoredImpact(null, List.of(), OutboxJson.object(Consumers.NONE));
    }
    try {
      return OutboxJson.MAPPER.readValue(stored.get(), StoredImpact.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored impact of incident " + incidentId, e);
    }
  }

  /** An incident's targets, hold and breaches, as the outbox and the incident's view carry them. */
  static Response response(IncidentResponse r) {
    List<Breach> breaches = new ArrayList<>();
    if (r.acknowledgeBreachedAt() != null) {
      breaches.add(new Breach("acknowledge", r.acknowledgeBreachedAt()));
    }
    if (r.resolveBreachedAt() != null) {
      breaches.add(new Breach("resolve", r.resolveBreachedAt()));
    }
    return new Response(
        new Targets(AlertSignal.fmt(r.acknowledgeTarget()), AlertSignal.fmt(r.resolveTarget())),
        r.heldSince() != null,
        r.held().toSeconds(),
        r.heldSince(),
        seconds(r.timeToAcknowledge()),
        seconds(r.timeToResolve()),
        breaches,
        r.insideTargets());
  }

  static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
