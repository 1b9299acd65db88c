package dev.burnrate.bridge.internal.outbox;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.burnrate.bridge.internal.problem.ProblemState;
import java.time.Instant;
import java.util.List;

/**
 * A problem as the tools get it; the fields are those of the problem's REST view.
 *
 * @param incidents the keys of the incidents linked to it
 * @param fix the change that fixes it, or null
 */
@JsonPropertyOrder({"key", "title", "scope", "slo", "services", "state", "rootCause", "workaround"})
public record ProblemSnapshot(
    String key,
    String title,
    String scope,
    List<String> services,
    String slo,
    String rootCause,
    String workaround,
    ProblemState state,
    boolean knownError,
    Instant openedAt,
    Instant knownErrorAt,
    Instant resolvedAt,
    Instant closedAt,
    String closedBy,
    List<String> incidents,
    Fix fix,
    List<LinkLine> links,
    List<TimelineLine> timeline)
    implements Snapshot {

  /** Lists left out of the JSON are empty. */
  public ProblemSnapshot {
    services = services == null ? List.of() : services;
    incidents = incidents == null ? List.of() : incidents;
    links = links == null ? List.of() : links;
    timeline = timeline == null ? List.of() : timeline;
  }

  /**
   * The change linked to fix a problem.
   *
   * @param change the change's key
   * @param linkedAt when it was linked
   * @param linkedBy who linked it
   * @param completedAt when the change completed, or null
   */
  public record Fix(String change, Instant linkedAt, String linkedBy, Instant completedAt) {}
}
