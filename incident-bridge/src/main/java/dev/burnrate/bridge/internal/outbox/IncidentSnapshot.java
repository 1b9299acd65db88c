package dev.burnrate.bridge.internal.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident as the tools get it; the fields are those of the incident's REST view, written in its
 * order.
 *
 * @param configurationItem the item the incident is on, or null
 * @param impactedItems what breaks with it
 * @param impactedConsumers who is hurt, by group
 * @param activeAlerts the alerts firing on it, each with its {@code id}
 * @param assignment its group and assignee; null (and left out) without a response record
 * @param response its response targets and breaches; null (and left out) without one
 */
@JsonPropertyOrder({
  "key",
  "title",
  "service",
  "slo",
  "severity",
  "priority",
  "state",
  "recovered",
  "recoveredAt",
  "source",
  "autoResolve",
  "openedAt",
  "acknowledgedAt",
  "acknowledgedBy",
  "resolvedAt",
  "resolvedBy",
  "closedAt",
  "closedBy",
  "resolution"
})
public record IncidentSnapshot(
    String key,
    String title,
    String service,
    String slo,
    String severity,
    Priority priority,
    IncidentState state,
    boolean recovered,
    Instant recoveredAt,
    String source,
    boolean autoResolve,
    Instant openedAt,
    Instant acknowledgedAt,
    Instant resolvedAt,
    Instant closedAt,
    String acknowledgedBy,
    String resolvedBy,
    String closedBy,
    String resolution,
    List<String> impactedServices,
    Map<String, Object> configurationItem,
    List<Map<String, Object>> impactedItems,
    Map<String, Object> impactedConsumers,
    Map<String, String> labels,
    List<Map<String, Object>> activeAlerts,
    @JsonInclude(JsonInclude.Include.NON_NULL) Assignment assignment,
    @JsonInclude(JsonInclude.Include.NON_NULL) Response response,
    List<LinkLine> links,
    List<TimelineLine> timeline)
    implements Snapshot {

  /** Lists and maps left out of the JSON are empty. */
  public IncidentSnapshot {
    impactedServices = impactedServices == null ? List.of() : impactedServices;
    impactedItems = impactedItems == null ? List.of() : impactedItems;
    labels = labels == null ? Map.of() : labels;
    activeAlerts = activeAlerts == null ? List.of() : activeAlerts;
    links = links == null ? List.of() : links;
    timeline = timeline == null ? List.of() : timeline;
  }

  /**
   * Who works on an incident.
   *
   * @param group the assignment group, or null
   * @param assignee the person, or null
   */
  public record Assignment(String group, String assignee) {}

  /**
   * An incident's response targets and how it met them.
   *
   * @param targets the targets, as durations such as {@code 15m}
   * @param paused whether it is on hold now
   * @param heldSeconds the time on hold so far
   * @param onHoldSince since when it is on hold, or null
   * @param timeToAcknowledgeSeconds the time it took to acknowledge, or null
   * @param timeToResolveSeconds the time it took to resolve, or null
   * @param breaches the targets it missed
   * @param insideTargets whether it met every target so far
   */
  public record Response(
      Targets targets,
      boolean paused,
      long heldSeconds,
      Instant onHoldSince,
      Double timeToAcknowledgeSeconds,
      Double timeToResolveSeconds,
      List<Breach> breaches,
      boolean insideTargets) {}

  /**
   * An incident's response targets.
   *
   * @param acknowledge the time to acknowledge
   * @param resolve the time to resolve
   */
  public record Targets(String acknowledge, String resolve) {}

  /**
   * A missed target.
   *
   * @param target {@code acknowledge} or {@code resolve}
   * @param at when it was missed
   */
  public record Breach(String target, Instant at) {}
}
