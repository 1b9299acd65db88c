package dev.burnrate.bridge.internal.request;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON shape of a service request, shared by the REST API and the webhook deliveries: the
 * built-in types as they always were, catalog types with their fields, fulfilment and target.
 */
public sealed interface RequestView {
  /** The request's key, such as {@code REQ-2}. */
  String key();

  /** A request of a catalog type. */
  record Catalog(
      String kind,
      String key,
      String type,
      String state,
      Map<String, Object> fields,
      String requestedBy,
      Instant requestedAt,
      @JsonUnwrapped Decision decision,
      FulfilmentView fulfilment,
      TargetView target)
      implements RequestView {}

  /** A freeze exception or a budget reset. */
  record BuiltIn(
      String kind,
      String key,
      String type,
      String service,
      String slo,
      String state,
      boolean inForce,
      boolean expired,
      String reason,
      String requestedBy,
      Instant requestedAt,
      Instant validFrom,
      Instant validUntil,
      @JsonUnwrapped Decision decision)
      implements RequestView {}

  /** Who decided, when and why; written in line with the request's other fields. */
  record Decision(String decidedBy, Instant decidedAt, String decisionComment) {}

  /** How fulfilment went: its outcome is what fulfilment reported, as it was stored. */
  record FulfilmentView(
      Instant startedAt,
      String executionId,
      Instant finishedAt,
      String by,
      Map<String, Object> outcome) {}

  /** The fulfilment target: when it is due, the time left and whether it was breached. */
  record TargetView(Instant dueAt, String timeLeft, boolean breached, Instant breachedAt) {}

  /** A service request as answered at {@code now}. */
  static RequestView of(ServiceRequest r, Instant now) {
    if (r.type().equals(RequestCatalog.FREEZE_EXCEPTION)
        || r.type().equals(RequestCatalog.BUDGET_RESET)) {
      return new BuiltIn(
          "request",
          r.key(),
          r.type(),
          r.service(),
          r.slo(),
          r.state().wire(),
          r.inForce(now),
          !now.isBefore(r.validUntil()),
          r.reason(),
          r.requestedBy(),
          r.requestedAt(),
          r.validFrom(),
          r.validUntil(),
          decision(r));
    }
    return new Catalog(
        "request",
        r.key(),
        r.type(),
        r.state().wire(),
        r.fields(),
        r.requestedBy(),
        r.requestedAt(),
        decision(r),
        new FulfilmentView(
            r.startedAt(), r.executionId(), r.finishedAt(), r.fulfilledBy(), r.outcome()),
        target(r, now));
  }

  private static Decision decision(ServiceRequest r) {
    return new Decision(r.decidedBy(), r.decidedAt(), r.decisionComment());
  }

  /** The fulfilment target at {@code now}. */
  static TargetView target(ServiceRequest r, Instant now) {
    if (r.dueAt() == null || r.state() == RequestState.REJECTED) {
      return new TargetView(r.dueAt(), null, false, r.breachedAt());
    }
    Instant end = r.finishedAt() != null ? r.finishedAt() : now;
    boolean breached = end.isAfter(r.dueAt());
    String timeLeft =
        r.finishedAt() != null || breached
            ? null
            : Durations.format(Duration.between(now, r.dueAt()).withNanos(0));
    return new TargetView(r.dueAt(), timeLeft, breached, r.breachedAt());
  }
}
