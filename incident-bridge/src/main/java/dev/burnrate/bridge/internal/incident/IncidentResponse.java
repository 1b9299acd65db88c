package dev.burnrate.bridge.internal.incident;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.NextValue;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * An incident's response record: who it is assigned to, the targets it must meet, the time it spent
 * on hold and when it breached; its transitions return a new value.
 *
 * @param incidentKey the incident, such as {@code INC-12}
 * @param group the assignment group (team), or null
 * @param assignee the person it is assigned to, or null
 * @param acknowledgeTarget the longest time to acknowledge, on-hold time not counted
 * @param resolveTarget the longest time to resolve, on-hold time not counted
 * @param held the time spent on hold before the current hold
 * @param heldSince when the current hold began, or null when not on hold
 * @param timeToAcknowledge the time it took to acknowledge (on-hold time not counted), or null
 * @param timeToResolve the time it took to resolve (on-hold time not counted), or null
 * @param acknowledgeBreachedAt when it breached its acknowledge target, or null
 * @param resolveBreachedAt when it breached its resolve target, or null
 */
public record IncidentResponse(
    String incidentKey,
    String group,
    String assignee,
    Duration acknowledgeTarget,
    Duration resolveTarget,
    Duration held,
    Instant heldSince,
    Duration timeToAcknowledge,
    Duration timeToResolve,
    Instant acknowledgeBreachedAt,
    Instant resolveBreachedAt) {

  /** Checks the record. */
  public IncidentResponse {
    requireNonNull(incidentKey, "incidentKey");
    requireNonNull(acknowledgeTarget, "acknowledgeTarget");
    requireNonNull(resolveTarget, "resolveTarget");
    requireNonNull(held, "held");
  }

  /** The response time that counts at {@code at}: since opening, on-hold time taken out. */
  public Duration elapsed(Instant openedAt, Instant at) {
    Duration d = Duration.between(openedAt, at).minus(held);
    if (heldSince != null && at.isAfter(heldSince)) {
      d = d.minus(Duration.between(heldSince, at));
    }
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * The time left to acknowledge at {@code now} (negative when late), or null once acknowledged.
   */
  public Duration acknowledgeLeft(Incident i, Instant now) {
    if (timeToAcknowledge != null || i.acknowledgedAt() != null || i.resolvedAt() != null) {
      return null;
    }
    return acknowledgeTarget.minus(elapsed(i.openedAt(), now));
  }

  /** The time left to resolve at {@code now} (negative when late), or null once resolved. */
  public Duration resolveLeft(Incident i, Instant now) {
    if (timeToResolve != null || i.resolvedAt() != null) {
      return null;
    }
    return resolveTarget.minus(elapsed(i.openedAt(), now));
  }

  /** Whether it met every target it has been measured against so far. */
  public boolean insideTargets() {
    return acknowledgeBreachedAt == null && resolveBreachedAt == null;
  }

  /** Assigned to another group or person. */
  public IncidentResponse assigned(String newGroup, String newAssignee) {
    return edit(
        n -> {
          n.group = newGroup;
          n.assignee = newAssignee;
        });
  }

  /** The timers pause from {@code now}. */
  public IncidentResponse hold(Instant now) {
    return edit(n -> n.heldSince = now);
  }

  /** The timers run again from {@code now}; the hold's time is added to {@link #held}. */
  public IncidentResponse resume(Instant now) {
    if (heldSince == null) {
      return this;
    }
    Duration h = now.isAfter(heldSince) ? held.plus(Duration.between(heldSince, now)) : held;
    return edit(
        n -> {
          n.held = h;
          n.heldSince = null;
        });
  }

  /** With breach times. */
  IncidentResponse breached(Instant acknowledge, Instant resolve) {
    return edit(
        n -> {
          n.acknowledgeBreachedAt = acknowledge;
          n.resolveBreachedAt = resolve;
        });
  }

  /**
   * Measured against the incident as it now is: the time to acknowledge once it is acknowledged,
   * the time to resolve once it is resolved (a hold ends there); a target missed between two checks
   * is recorded as breached when it is measured.
   */
  public IncidentResponse settle(Incident i) {
    IncidentResponse r = this;
    Duration tta = timeToAcknowledge;
    Duration ttr = timeToResolve;
    Instant ackBreach = acknowledgeBreachedAt;
    Instant resBreach = resolveBreachedAt;
    if (tta == null && i.acknowledgedAt() != null) {
      tta = elapsed(i.openedAt(), i.acknowledgedAt());
      if (ackBreach == null && tta.compareTo(acknowledgeTarget) > 0) {
        ackBreach = i.acknowledgedAt();
      }
    }
    if (ttr == null && i.resolvedAt() != null) {
      r = resume(i.resolvedAt());
      ttr = r.elapsed(i.openedAt(), i.resolvedAt());
      if (resBreach == null && ttr.compareTo(resolveTarget) > 0) {
        resBreach = i.resolvedAt();
      }
    }
    if (tta == timeToAcknowledge && ttr == timeToResolve) {
      return this;
    }
    Next n = new Next(r);
    n.timeToAcknowledge = tta;
    n.timeToResolve = ttr;
    n.acknowledgeBreachedAt = ackBreach;
    n.resolveBreachedAt = resBreach;
    return n.build();
  }

  /** This response record with some fields changed: every transition copies through here, once. */
  private IncidentResponse edit(Consumer<Next> change) {
    return NextValue.edit(new Next(this), change);
  }

  /** The fields of the next value of a response record, starting as this one's. */
  private static final class Next extends NextValue<IncidentResponse> {
    String group;
    String assignee;
    Duration held;
    Instant heldSince;
    Duration timeToAcknowledge;
    Duration timeToResolve;
    Instant acknowledgeBreachedAt;
    Instant resolveBreachedAt;
    private final IncidentResponse from;

    Next(IncidentResponse r) {
      this.from = r;
      this.group = r.group;
      this.assignee = r.assignee;
      this.held = r.held;
      this.heldSince = r.heldSince;
      this.timeToAcknowledge = r.timeToAcknowledge;
      this.timeToResolve = r.timeToResolve;
      this.acknowledgeBreachedAt = r.acknowledgeBreachedAt;
      this.resolveBreachedAt = r.resolveBreachedAt;
    }

    @Override
    protected IncidentResponse build() {
      return new IncidentResponse(
          from.incidentKey,
          group,
          assignee,
          from.acknowledgeTarget,
          from.resolveTarget,
          held,
          heldSince,
          timeToAcknowledge,
          timeToResolve,
          acknowledgeBreachedAt,
          resolveBreachedAt);
    }
  }
}
