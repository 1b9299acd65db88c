package dev.burnrate.bridge.internal.problem;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.NextValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
    return edit(
        n -> {
          n.title = newTitle == null ? title : newTitle;
          n.rootCause = newRootCause == null ? rootCause : newRootCause;
          n.workaround = newWorkaround == null ? workaround : newWorkaround;
        });
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
    return edit(
        n -> {
          n.state = ProblemState.KNOWN_ERROR;
          n.knownErrorAt = now;
        });
  }

  /** Resolved: only an open problem or a known error is. */
  public Problem resolve(Instant now) {
    if (state != ProblemState.OPEN && state != ProblemState.KNOWN_ERROR) {
      throw BridgeException.conflict(key + " is already " + state.wire());
    }
    return edit(
        n -> {
          n.state = ProblemState.RESOLVED;
          n.resolvedAt = now;
        });
  }

  /** Closed, only ever by a person's decision. */
  public Problem close(Instant now, String by) {
    if (state == ProblemState.CLOSED) {
      throw BridgeException.conflict(key + " is already closed");
    }
    return edit(
        n -> {
          n.state = ProblemState.CLOSED;
          n.closedAt = now;
          n.closedBy = by;
        });
  }

  /** With one more service (unchanged when it is already there). */
  public Problem withService(String service) {
    if (services.contains(service)) {
      return this;
    }
    List<String> svc = new ArrayList<>(services);
    svc.add(service);
    return edit(n -> n.services = svc);
  }

  /** This problem with some fields changed: every transition copies through here, once. */
  private Problem edit(Consumer<Next> change) {
    return NextValue.edit(new Next(this), change);
  }

  /** The fields of the next value of a problem, starting as this one's. */
  private static final class Next extends NextValue<Problem> {
    String title;
    List<String> services;
    ProblemState state;
    String rootCause;
    String workaround;
    Instant knownErrorAt;
    Instant resolvedAt;
    Instant closedAt;
    String closedBy;
    private final Problem from;

    Next(Problem r) {
      this.from = r;
      this.title = r.title;
      this.services = r.services;
      this.state = r.state;
      this.rootCause = r.rootCause;
      this.workaround = r.workaround;
      this.knownErrorAt = r.knownErrorAt;
      this.resolvedAt = r.resolvedAt;
      this.closedAt = r.closedAt;
      this.closedBy = r.closedBy;
    }

    @Override
    protected Problem build() {
      return new Problem(
          from.id,
          from.key,
          title,
          from.scope,
          from.slo,
          services,
          state,
          rootCause,
          workaround,
          from.openedAt,
          knownErrorAt,
          resolvedAt,
          closedAt,
          closedBy);
    }
  }
}
