package dev.burnrate.bridge.internal.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import java.time.Instant;

/**
 * An incident's targets, hold and breaches, as part of the incident's view: the outbox's response
 * part, and the time left to each target only when the answer is read at a moment (a list, a read
 * by key).
 */
record ResponseView(
    @JsonUnwrapped IncidentSnapshot.Response response,
    @JsonInclude(Include.NON_NULL) TimeLeft timeLeftSeconds) {

  /** The seconds left to each target (negative when late; null once met). */
  record TimeLeft(Double acknowledge, Double resolve) {}

  /** The response of an incident; with {@code now}, the time left too. */
  static ResponseView of(IncidentResponse r, Incident i, Instant now) {
    return new ResponseView(
        IncidentSnapshots.response(r),
        now == null
            ? null
            : new TimeLeft(
                IncidentSnapshots.seconds(r.acknowledgeLeft(i, now)),
                IncidentSnapshots.seconds(r.resolveLeft(i, now))));
  }
}
