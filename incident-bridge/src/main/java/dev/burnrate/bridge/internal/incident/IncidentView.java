package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.bridge.internal.item.ImpactSql;
import dev.burnrate.bridge.internal.record.ExternalRecordSql;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.record.RecordViews;
import dev.burnrate.bridge.internal.record.RecordViews.ExternalView;
import dev.burnrate.bridge.internal.record.RecordViews.LinkView;
import dev.burnrate.bridge.internal.record.RecordViews.TimelineView;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response shape of an incident, shared by the REST API and the outbox payloads. The parts that
 * only some answers carry (the response record, links and timeline, external records) are left out
 * when null; every other field is written, null or not.
 */
public record IncidentView(
    String kind,
    String key,
    String title,
    String service,
    String slo,
    String severity,
    String priority,
    String state,
    boolean recovered,
    Instant recoveredAt,
    String source,
    boolean autoResolve,
    Instant openedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    Instant closedAt,
    String closedBy,
    String resolution,
    List<String> impactedServices,
    Object configurationItem,
    Object impactedItems,
    Object impactedConsumers,
    Map<String, String> labels,
    List<Map<String, Object>> activeAlerts,
    @JsonInclude(Include.NON_NULL) ResponseView.Assignment assignment,
    @JsonInclude(Include.NON_NULL) ResponseView response,
    @JsonInclude(Include.NON_NULL) List<LinkView> links,
    @JsonInclude(Include.NON_NULL) List<TimelineView> timeline,
    @JsonInclude(Include.NON_NULL) List<ExternalView> externalRecords) {

  /** An incident as a write answers it and the outbox carries it: with links and timeline. */
  public static IncidentView of(Connection c, Incident i, boolean full) throws SQLException {
    return build(c, i, full, null, false);
  }

  /** An incident in a list: with the time left to its targets at {@code now}. */
  static IncidentView listed(Connection c, Incident i, Instant now) throws SQLException {
    return build(c, i, false, now, false);
  }

  /** An incident read by key: everything, the time left and its external records too. */
  static IncidentView read(Connection c, Incident i, Instant now) throws SQLException {
    return build(c, i, true, now, true);
  }

  private static IncidentView build(
      Connection c, Incident i, boolean full, Instant now, boolean external) throws SQLException {
    ImpactSql.StoredImpact impact = ImpactSql.of(c, i.id());
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (var e : i.activeAlerts().entrySet()) {
      Map<String, Object> a = new LinkedHashMap<>(e.getValue());
      a.put("id", e.getKey());
      alerts.add(a);
    }
    var response = ResponseSql.of(c, i.key(), false);
    return new IncidentView(
        "incident",
        i.key(),
        i.title(),
        i.service(),
        i.slo(),
        i.severity(),
        Priority.format(i.priority()),
        i.state().wire(),
        i.recoveredAt() != null && i.active(),
        i.recoveredAt(),
        i.source(),
        i.autoResolve(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.closedAt(),
        i.closedBy(),
        i.resolution(),
        List.copyOf(i.impacted()),
        impact.configurationItem(),
        impact.impactedItems(),
        impact.impactedConsumers(),
        i.labels(),
        alerts,
        response.map(ResponseView::assignment).orElse(null),
        response.map(r -> ResponseView.of(r, i, now)).orElse(null),
        full ? RecordViews.links(LinkSql.of(c, i.key()), i.key()) : null,
        full ? RecordViews.timeline(TimelineSql.of(c, i.key())) : null,
        external ? RecordViews.external(ExternalRecordSql.of(c, i.key())) : null);
  }
}
