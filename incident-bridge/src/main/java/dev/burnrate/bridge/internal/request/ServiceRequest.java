package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.NextValue;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A service request of a catalog type: a freeze exception or an error-budget reset decided by a
 * second person, or a request such as a new employee's account that is then fulfilled.
 *
 * @param id the row id (0 before it is stored)
 * @param key such as {@code REQ-2} (empty before it is stored)
 * @param type the request type's name
 * @param service the service (built-in types), or null
 * @param slo the SLO, or null
 * @param state where it is
 * @param reason why it is asked for (empty when the type has no reason)
 * @param requestedBy who asked
 * @param requestedAt when
 * @param validFrom when it starts to apply (built-in types), or null
 * @param validUntil when it stops applying (built-in types), or null
 * @param decidedBy who decided, or null
 * @param decidedAt when, or null
 * @param decisionComment the decider's comment, or null
 * @param fields the submitted fields, checked against the type, in the order they are stored
 * @param dueAt when fulfilment is due by the type's target, or null
 * @param startedAt when automation claimed it, or null
 * @param executionId the automation's execution id once started, or null
 * @param finishedAt when it was fulfilled or failed, or null
 * @param fulfilledBy who or what fulfilled it, or null
 * @param outcome what fulfilment reported (a {@link FulfilmentOutcome} as JSON), or null
 * @param breachedAt when it was recorded as having missed its fulfilment target, or null
 */
public record ServiceRequest(
    long id,
    String key,
    String type,
    String service,
    String slo,
    RequestState state,
    String reason,
    String requestedBy,
    Instant requestedAt,
    Instant validFrom,
    Instant validUntil,
    String decidedBy,
    Instant decidedAt,
    String decisionComment,
    Map<String, Object> fields,
    Instant dueAt,
    Instant startedAt,
    String executionId,
    Instant finishedAt,
    String fulfilledBy,
    Map<String, Object> outcome,
    Instant breachedAt) {

  /** Checks the request. */
  public ServiceRequest {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(state, "state");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields")));
    outcome = outcome == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outcome));
  }

  /** A built-in request (freeze exception, budget reset) before it is stored. */
  static ServiceRequest builtIn(
      String type,
      String service,
      String slo,
      String reason,
      String by,
      Instant now,
      Instant from,
      Instant until) {
    return fresh(
        type, service, slo, RequestState.PENDING, reason, by, now, from, until, Map.of(), null);
  }

  /** A catalog request before it is stored: pending, or approved at once when nobody decides. */
  static ServiceRequest submitted(
      RequestType t, Map<String, Object> fields, String by, Instant now) {
    RequestState first =
        t.approval().required()
            ? RequestState.PENDING
            : t.fulfilment().automated() ? RequestState.FULFILLING : RequestState.APPROVED;
    return fresh(
        t.name(),
        null,
        null,
        first,
        RequestFields.text(fields, "reason"),
        by,
        now,
        null,
        null,
        fields,
        t.target().map(now::plus).orElse(null));
  }

  /** A request before it is stored: nobody has decided, started or finished it yet. */
  private static ServiceRequest fresh(
      String type,
      String service,
      String slo,
      RequestState state,
      String reason,
      String by,
      Instant now,
      Instant from,
      Instant until,
      Map<String, Object> fields,
      Instant dueAt) {
    return new ServiceRequest(
        0, "", type, service, slo, state, reason, by, now, from, until, null, null, null, fields,
        dueAt, null, null, null, null, null, null);
  }

  /** Whether it is approved and in force at {@code now} (built-in types). */
  public boolean inForce(Instant now) {
    return state == RequestState.APPROVED
        && validFrom != null
        && validUntil != null
        && !now.isBefore(validFrom)
        && now.isBefore(validUntil);
  }

  /**
   * Approved or rejected by {@code by}: only a pending request is decided, an expired one is not
   * approved, nobody approves their own, and a type with approvers takes only theirs. An approved
   * request of an automated type goes on to fulfilling.
   */
  ServiceRequest decide(RequestType t, boolean approve, String by, Instant now, String comment) {
    if (state != RequestState.PENDING) {
      throw BridgeException.conflict(key + " is already " + state.wire());
    }
    if (approve && validUntil != null && !now.isBefore(validUntil)) {
      throw BridgeException.conflict(key + " expired at " + validUntil + "; file a new request");
    }
    if (approve && Actors.same(requestedBy, by)) {
      throw BridgeException.conflict(
          "the requester cannot approve their own request; another person must");
    }
    if (!t.approval().approvers().isEmpty()
        && t.approval().approvers().stream().noneMatch(a -> Actors.same(a, by))) {
      throw BridgeException.conflict(
          by + " may not decide " + t.name() + " requests; approvers: " + t.approval().approvers());
    }
    RequestState next =
        !approve
            ? RequestState.REJECTED
            : t.fulfilment().automated() ? RequestState.FULFILLING : RequestState.APPROVED;
    return with(next, by, now, comment);
  }

  private ServiceRequest with(RequestState next, String by, Instant now, String comment) {
    return edit(
        n -> {
          n.state = next;
          n.decidedBy = by;
          n.decidedAt = now;
          n.decisionComment = comment;
        });
  }

  /** Fulfilled (or failed) by a person: only an approved request of a manual type. */
  ServiceRequest fulfilledByHand(
      RequestType t, boolean success, String by, FulfilmentOutcome result, Instant now) {
    if (!(t.fulfilment() instanceof Fulfilment.Manual)) {
      throw BridgeException.conflict(
          t.name() + " requests are fulfilled by " + t.fulfilment().mode() + ", not by hand");
    }
    if (state != RequestState.APPROVED) {
      throw BridgeException.conflict(
          key + " is " + state.wire() + "; only an approved request is fulfilled");
    }
    return finished(success, by, result, now);
  }

  /** Claimed by automation at {@code now}, before the action starts. */
  ServiceRequest claimed(Instant now) {
    if (state != RequestState.FULFILLING || startedAt != null) {
      throw new IllegalStateException(key + " is not waiting for automation");
    }
    return edit(n -> n.startedAt = now);
  }

  /** The automation's execution started with {@code id}. */
  ServiceRequest started(String execution) {
    return edit(n -> n.executionId = execution);
  }

  /** Fulfilled or failed, with what fulfilment reported. */
  ServiceRequest finished(boolean success, String by, FulfilmentOutcome result, Instant now) {
    return edit(
        n -> {
          n.state = success ? RequestState.FULFILLED : RequestState.FAILED;
          n.finishedAt = now;
          n.fulfilledBy = by;
          n.outcome = result.json();
        });
  }

  /** Recorded at {@code now} as having missed its fulfilment target. */
  ServiceRequest breached(Instant now) {
    return edit(n -> n.breachedAt = now);
  }

  /** This request with some fields changed: every transition copies through here, once. */
  private ServiceRequest edit(Consumer<Next> change) {
    return NextValue.edit(new Next(this), change);
  }

  /** The fields of the next value of a request, starting as this one's. */
  private static final class Next extends NextValue<ServiceRequest> {
    RequestState state;
    String decidedBy;
    Instant decidedAt;
    String decisionComment;
    Instant startedAt;
    String executionId;
    Instant finishedAt;
    String fulfilledBy;
    Map<String, Object> outcome;
    Instant breachedAt;
    private final ServiceRequest from;

    Next(ServiceRequest r) {
      this.from = r;
      this.state = r.state;
      this.decidedBy = r.decidedBy;
      this.decidedAt = r.decidedAt;
      this.decisionComment = r.decisionComment;
      this.startedAt = r.startedAt;
      this.executionId = r.executionId;
      this.finishedAt = r.finishedAt;
      this.fulfilledBy = r.fulfilledBy;
      this.outcome = r.outcome;
      this.breachedAt = r.breachedAt;
    }

    @Override
    protected ServiceRequest build() {
      return new ServiceRequest(
          from.id,
          from.key,
          from.type,
          from.service,
          from.slo,
          state,
          from.reason,
          from.requestedBy,
          from.requestedAt,
          from.validFrom,
          from.validUntil,
          decidedBy,
          decidedAt,
          decisionComment,
          from.fields,
          from.dueAt,
          startedAt,
          executionId,
          finishedAt,
          fulfilledBy,
          outcome,
          breachedAt);
    }
  }
}
