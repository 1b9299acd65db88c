package dev.burnrate.bridge.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The bridge's records as read from the database. */
public final class Model {
  private Model() {}

  /** Incident states that still need work; one such incident per dedup key. */
  public static final List<String> ACTIVE = List.of("open", "acknowledged");

  /** An incident; {@code labels} are those of the alerts that fired into it, for routing. */
  public record Incident(
      long id,
      String key,
      String title,
      String service,
      String slo,
      String severity,
      int priority,
      String state,
      String source,
      String dedupKey,
      ObjectNode activeAlerts,
      List<String> impacted,
      boolean autoResolve,
      Instant recoveredAt,
      Instant openedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant resolvedAt,
      String resolvedBy,
      Instant closedAt,
      String closedBy,
      String resolution,
      Map<String, String> labels) {

    /** Copies the labels, sorted by name so that every view shows them in one order. */
    public Incident {
      labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** Whether the incident is open or acknowledged. */
    public boolean active() {
      return ACTIVE.contains(state);
    }
  }

  /** A problem. */
  public record Problem(
      long id,
      String key,
      String title,
      String scope,
      String slo,
      List<String> services,
      String state,
      String rootCause,
      String workaround,
      Instant openedAt,
      Instant knownErrorAt,
      Instant resolvedAt,
      Instant closedAt,
      String closedBy) {}

  /** A change. */
  public record Change(
      long id,
      String key,
      String title,
      String service,
      String kind,
      String state,
      String sourceSystem,
      String sourceCommit,
      String sourceVersion,
      String sourceUrl,
      String externalId,
      Instant startedAt,
      Instant endedAt,
      boolean flagged,
      Long gateDecisionId,
      Instant createdAt) {}

  /** A service request: a freeze exception or an error-budget reset. */
  public record ServiceRequest(
      long id,
      String key,
      String type,
      String service,
      String slo,
      String state,
      String reason,
      String requestedBy,
      Instant requestedAt,
      Instant validFrom,
      Instant validUntil,
      String decidedBy,
      Instant decidedAt,
      String decisionComment) {

    /** Whether it is approved and in force at {@code now}. */
    public boolean inForce(Instant now) {
      return state.equals("approved") && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
  }

  /** A change gate decision. */
  public record GateDecision(
      long id,
      String service,
      String kind,
      boolean allowed,
      boolean flagged,
      List<String> reasons,
      ObjectNode budgets,
      Instant evaluatedAt,
      String changeKey) {}

  /** One timeline entry. */
  public record TimelineEntry(
      long id,
      String recordKey,
      Instant at,
      String kind,
      String message,
      String actor,
      ObjectNode details) {}

  /** A link between two records, or to an external record (target is then the external id). */
  public record Link(
      long id,
      String sourceKey,
      String targetKey,
      String relation,
      String url,
      Instant createdAt,
      String createdBy) {}
}
