package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's targets, hold and breaches, as part of the incident's view; the time left to each
 * target is there only when the answer is read at a moment (a list, a read by key).
 */
record ResponseView(
    Targets targets,
    boolean paused,
    long heldSeconds,
    Instant onHoldSince,
    Double timeToAcknowledgeSeconds,
    Double timeToResolveSeconds,
    List<Breach> breaches,
    boolean insideTargets,
    @JsonInclude(Include.NON_NULL) TimeLeft timeLeftSeconds) {

  /** Who the incident is assigned to. */
  record Assignment(String group, String assignee) {}

  /** The targets, as durations such as {@code 30m}. */
  record Targets(String acknowledge, String resolve) {}

  /** A target that was missed, and when. */
  record Breach(String target, Instant at) {}

  /** The seconds left to each target (negative when late; null once met). */
  record TimeLeft(Double acknowledge, Double resolve) {}

  static Assignment assignment(IncidentResponse r) {
    return new Assignment(r.group(), r.assignee());
  }

  /** The response of an incident; with {@code now}, the time left too. */
  static ResponseView of(IncidentResponse r, Incident i, Instant now) {
    List<Breach> breaches = new ArrayList<>();
    if (r.acknowledgeBreachedAt() != null) {
      breaches.add(new Breach("acknowledge", r.acknowledgeBreachedAt()));
    }
    if (r.resolveBreachedAt() != null) {
      breaches.add(new Breach("resolve", r.resolveBreachedAt()));
    }
    return new ResponseView(
        new Targets(AlertSignal.fmt(r.acknowledgeTarget()), AlertSignal.fmt(r.resolveTarget())),
        r.heldSince() != null,
        r.held().toSeconds(),
        r.heldSince(),
        seconds(r.timeToAcknowledge()),
        seconds(r.timeToResolve()),
        breaches,
        r.insideTargets(),
        now == null
            ? null
            : new TimeLeft(seconds(r.acknowledgeLeft(i, now)), seconds(r.resolveLeft(i, now))));
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
