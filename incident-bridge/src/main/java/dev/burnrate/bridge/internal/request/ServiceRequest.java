package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.Actors;
import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Instant;

/**
 * A service request: a freeze exception or an error-budget reset, decided by a second person.
 *
 * @param id the row id (0 before it is stored)
 * @param key such as {@code REQ-2} (empty before it is stored)
 * @param type {@code freeze_exception} or {@code budget_reset}
 * @param service the service
 * @param slo the SLO, or null
 * @param state where it is
 * @param reason why it is asked for
 * @param requestedBy who asked
 * @param requestedAt when
 * @param validFrom when it starts to apply
 * @param validUntil when it stops applying
 * @param decidedBy who decided, or null
 * @param decidedAt when, or null
 * @param decisionComment the decider's comment, or null
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
    String decisionComment) {

  /** Checks the request. */
  public ServiceRequest {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
  }

  /** Whether it is approved and in force at {@code now}. */
  public boolean inForce(Instant now) {
    return state == RequestState.APPROVED && !now.isBefore(validFrom) && now.isBefore(validUntil);
  }

  /**
   * Approved or rejected by {@code by}: only a pending request is decided, an expired one is not
   * approved, and nobody approves their own.
   */
  ServiceRequest decide(boolean approve, String by, Instant now, String comment) {
    if (state != RequestState.PENDING) {
      throw BridgeException.conflict(key + " is already " + state.wire());
    }
    if (approve && !now.isBefore(validUntil)) {
      throw BridgeException.conflict(key + " expired at " + validUntil + "; file a new request");
    }
    if (approve && Actors.same(requestedBy, by)) {
      throw BridgeException.conflict(
          "the requester cannot approve their own request; another person must");
    }
    return new ServiceRequest(
        id,
        key,
        type,
        service,
        slo,
        approve ? RequestState.APPROVED : RequestState.REJECTED,
        reason,
        requestedBy,
        requestedAt,
        validFrom,
        validUntil,
        by,
        now,
        comment);
  }
}
