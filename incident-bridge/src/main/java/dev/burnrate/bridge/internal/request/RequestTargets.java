package dev.burnrate.bridge.internal.request;

import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The fulfilment target as a function of values: whether a check at {@code now} finds a request
 * breaching its target. {@link RequestTargetChecks} loads, calls and writes.
 */
final class RequestTargets {
  private RequestTargets() {}

  /**
   * A breach to record.
   *
   * @param next the request, marked breached
   * @param message the timeline entry's message
   * @param details the timeline entry's details
   */
  record Breach(ServiceRequest next, String message, Details details) {}

  /**
   * The timeline entry's details of a breach.
   *
   * @param target which target: fulfil
   * @param limit the target as a duration
   * @param elapsed how long after submission the request was open
   * @param dueAt when it was due
   * @param state the request's state when the breach was found
   */
  record Details(String target, String limit, String elapsed, Instant dueAt, String state) {}

  /**
   * A request with a target breaches it, once, when it is still open past its due time or was
   * finished (fulfilled or failed) after it; a rejected request breaches nothing.
   */
  static Optional<Breach> check(ServiceRequest r, Instant now) {
    if (r.dueAt() == null || r.breachedAt() != null || r.state() == RequestState.REJECTED) {
      return Optional.empty();
    }
    Instant end = r.finishedAt() != null ? r.finishedAt() : now;
    if (!end.isAfter(r.dueAt())) {
      return Optional.empty();
    }
    String limit = Durations.format(Duration.between(r.requestedAt(), r.dueAt()));
    String elapsed = Durations.format(Duration.between(r.requestedAt(), end).withNanos(0));
    Details d = new Details("fulfil", limit, elapsed, r.dueAt(), r.state().wire());
    String how =
        r.finishedAt() == null
            ? "still " + r.state().wire() + " " + elapsed + " after submission"
            : r.state().wire() + " " + elapsed + " after submission";
    String message = "Breached the fulfilment target of " + limit + ": " + how;
    return Optional.of(new Breach(r.breached(now), message, d));
  }
}
