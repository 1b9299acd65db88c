package dev.burnrate.bridge.internal.problem;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A problem: the cause behind recurring incidents; its transitions return a new value.
 *
 * @param id the row id
 * @param key such as {@code PRB-3}
 * @param title the title
 * @param scope {@code slo}, {@code service} or {@code manual}
 * @param slo the SLO of an {@code slo} problem, or null
 * @param services the services it touches
 * @param state where it is in its life
 * @param rootCause the root cause, or null
 * @param workaround the workaround, or null
 * @param openedAt when it opened
 * @param knownErrorAt when it became a known error, or null
 * @param resolvedAt when it was resolved, or null
 * @param closedAt when it was closed, or null
 * @param closedBy who closed it, or null
 */
public record Problem(
    long id,
    String key,
    String title,
    String scope,
    String slo,
    List<String> services,
    ProblemState state,
    String rootCause,
    String workaround,
    Instant openedAt,
    Instant knownErrorAt,
    Instant resolvedAt,
    Instant closedAt,
    String closedBy) {

  /** Checks the problem. */
  public Problem {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
    services = List.copyOf(services);
  }

  /** With a new title, root cause or workaround (null: unchanged); a closed one is not edited. */
  public Problem update(String newTitle, String newRootCause, String newWorkaround) {
    if (state == ProblemState.CLOSED) {
      throw BridgeException.conflict(key + " is closed");
    }
    return new Problem(
        id,
        key,
        newTitle == null ? title : newTitle,
        scope,
        slo,
        services,
        state,
        newRootCause == null ? rootCause : newRootCause,
        newWorkaround == null ? workaround : newWorkaround,
        openedAt,
        knownErrorAt,
        resolvedAt,
        closedAt,
        closedBy);
  }

  /** A known error: only an open problem with a root cause and a workaround becomes one. */
  public Problem knownError(Instant now) {
    if (state != ProblemState.OPEN) {
      throw BridgeException.conflict(
          key + " is " + state.wire() + "; only an open problem becomes a known error");
    }
    if (rootCause == null || workaround == null) {
      throw BridgeException.conflict(
          key + " needs a rootCause and a workaround before it is a known error");
    }
    return new Problem(
        id,
        key,
        title,
        scope,
        slo,
        services,
        ProblemState.KNOWN_ERROR,
        rootCause,
        workaround,
        openedAt,
        now,
        resolvedAt,
        closedAt,
        closedBy);
  }

  /** Resolved: only an open problem or a known error is. */
  public Problem resolve(Instant now) {
    if (state != ProblemState.OPEN && state != ProblemState.KNOWN_ERROR) {
      throw BridgeException.conflict(key + " is already " + state.wire());
    }
    return new Problem(
        id,
        key,
        title,
        scope,
        slo,
        services,
        ProblemState.RESOLVED,
        rootCause,
        workaround,
        openedAt,
        knownErrorAt,
        now,
        closedAt,
        closedBy);
  }

  /** Closed, only ever by a person's decision. */
  public Problem close(Instant now, String by) {
    if (state == ProblemState.CLOSED) {
      throw BridgeException.conflict(key + " is already closed");
    }
    return new Problem(
        id,
        key,
        title,
        scope,
        slo,
        services,
        ProblemState.CLOSED,
        rootCause,
        workaround,
        openedAt,
        knownErrorAt,
        resolvedAt,
        now,
        by);
  }

  /** With one more service (unchanged when it is already there). */
  public Problem withService(String service) {
    if (services.contains(service)) {
      return this;
    }
    List<String> svc = new ArrayList<>(services);
    svc.add(service);
    return new Problem(
        id,
        key,
        title,
        scope,
        slo,
        svc,
        state,
        rootCause,
        workaround,
        openedAt,
        knownErrorAt,
        resolvedAt,
        closedAt,
        closedBy);
  }
}
