package dev.burnrate.bridge.internal.outbox;

import dev.burnrate.bridge.internal.change.ChangeState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change as the tools get it; the fields are those of the change's REST view.
 *
 * @param changeKind standard, normal or emergency (null is read as normal)
 * @param gateDecision the gate's decision on it, or null
 */
public record ChangeSnapshot(
    String key,
    String title,
    String service,
    String changeKind,
    ChangeState state,
    Source source,
    Instant startedAt,
    Instant endedAt,
    boolean flagged,
    Instant createdAt,
    Plan plan,
    String requestedBy,
    String suspectIncident,
    Gate gateDecision,
    List<LinkLine> links,
    List<TimelineLine> timeline)
    implements Snapshot {

  /** Lists left out of the JSON are empty; a change without a kind is normal. */
  public ChangeSnapshot {
    changeKind = changeKind == null ? "normal" : changeKind;
    links = links == null ? List.of() : links;
    timeline = timeline == null ? List.of() : timeline;
  }

  /** Whether the change is finished (completed or failed). */
  public boolean finished() {
    return state == ChangeState.COMPLETED || state == ChangeState.FAILED;
  }

  /**
   * Where a change comes from.
   *
   * @param system the deploying system, such as {@code argocd}
   * @param commit the commit
   * @param version the version deployed
   * @param url a link to the deployment
   * @param externalId the deploying system's id
   * @param committedAt when the commit was made
   */
  public record Source(
      String system,
      String commit,
      String version,
      String url,
      String externalId,
      Instant committedAt) {}

  /**
   * A change's plan.
   *
   * @param windowStart the implementation window's start, or null
   * @param windowEnd its end, or null
   * @param rollbackPlan how to roll back
   * @param risk the risk
   * @param template the standard change template
   */
  public record Plan(
      Instant windowStart, Instant windowEnd, String rollbackPlan, String risk, String template) {}

  /**
   * The gate's decision on a change.
   *
   * @param decision {@code allow} or {@code deny}
   * @param budgets the remaining error budget of each SLO of the service, or null
   * @param change the change's key, or null
   */
  public record Gate(
      long id,
      String decision,
      boolean allowed,
      boolean flagged,
      String service,
      String changeKind,
      List<String> reasons,
      Map<String, Object> budgets,
      Instant evaluatedAt,
      String change) {}
}
