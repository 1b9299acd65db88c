package dev.burnrate.bridge.internal.change;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.NextValue;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A change to a service: a deploy, a config change; its transitions return a new value.
 *
 * @param id the row id (0 before it is stored)
 * @param key such as {@code CHG-7} (empty before it is stored)
 * @param title the title
 * @param service the service it changes
 * @param kind {@code standard}, {@code normal} or {@code emergency}
 * @param state where it is in its life
 * @param sourceSystem the CI/CD system that reported it, or null
 * @param sourceCommit the commit, or null
 * @param sourceVersion the version, or null
 * @param sourceUrl a link to the pipeline run, or null
 * @param externalId the CI/CD system's id, or null
 * @param startedAt when it started
 * @param endedAt when it ended, or null
 * @param flagged whether it is flagged for review (emergency changes)
 * @param gateDecisionId the gate decision that let it through, or null
 * @param createdAt when it was recorded
 * @param plan its implementation window, rollback plan, risk and template
 * @param approval who must approve it before it starts
 * @param requestedBy who recorded it, or null when unknown
 * @param committedAt when its commit was made (CI's {@code source.committedAt}), or null
 * @param suspectIncident the first incident it is a suspected cause of, or null
 */
public record Change(
    long id,
    String key,
    String title,
    String service,
    String kind,
    ChangeState state,
    String sourceSystem,
    String sourceCommit,
    String sourceVersion,
    String sourceUrl,
    String externalId,
    Instant startedAt,
    Instant endedAt,
    boolean flagged,
    Long gateDecisionId,
    Instant createdAt,
    ChangePlan plan,
    ApprovalRule approval,
    String requestedBy,
    Instant committedAt,
    String suspectIncident) {

  /** Checks the change. */
  public Change {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
    requireNonNull(plan, "plan");
    requireNonNull(approval, "approval");
  }

  /**
   * A change as a caller describes it, before it is recorded.
   *
   * @param title the title
   * @param service the service
   * @param kind the change kind
   * @param state the state
   * @param sourceSystem the CI/CD system, or null
   * @param sourceCommit the commit, or null
   * @param sourceVersion the version, or null
   * @param sourceUrl the link, or null
   * @param externalId the CI/CD system's id, or null
   * @param startedAt when it started, or null for now
   * @param endedAt when it ended, or null
   * @return the change, not yet stored
   */
  public static Change proposed(
      String title,
      String service,
      String kind,
      ChangeState state,
      String sourceSystem,
      String sourceCommit,
      String sourceVersion,
      String sourceUrl,
      String externalId,
      Instant startedAt,
      Instant endedAt) {
    return new Change(
        0,
        "",
        title,
        service,
        kind,
        state,
        sourceSystem,
        sourceCommit,
        sourceVersion,
        sourceUrl,
        externalId,
        startedAt,
        endedAt,
        kind.equals("emergency"),
        null,
        null,
        ChangePlan.NONE,
        ApprovalRule.NONE,
        null,
        null,
        null);
  }

  /** With its plan, requester and commit time as the caller describes them. */
  public Change planned(ChangePlan p, String by, Instant commitTime) {
    return edit(
        n -> {
          n.plan = p;
          n.requestedBy = by;
          n.committedAt = commitTime;
        });
  }

  /** With another title. */
  Change titled(String newTitle) {
    return edit(n -> n.title = newTitle);
  }

  /** With the approval rule the policy gives it, and the state it is then recorded in. */
  Change needing(ApprovalRule rule, ChangeState initial) {
    return edit(
        n -> {
          n.state = initial;
          n.approval = rule;
        });
  }

  /** Whether it has started (or finished): it is no longer waiting to be carried out. */
  public boolean started() {
    return state == ChangeState.IN_PROGRESS
        || state == ChangeState.COMPLETED
        || state == ChangeState.FAILED;
  }

  /** As the gate decided it: its state, flag and decision. */
  Change decided(ChangeState decided, boolean isFlagged, long decisionId, Instant now) {
    return edit(
        n -> {
          n.state = decided;
          n.flagged = isFlagged;
          n.gateDecisionId = decisionId;
          n.createdAt = now;
        });
  }

  /**
   * As it is recorded at {@code now}: a change under way started now unless it said when; a change
   * still waiting starts when it starts (its window's start until then).
   */
  Change recordedAt(Instant now) {
    Instant start =
        startedAt != null
            ? startedAt
            : started() || plan.windowStart() == null ? now : plan.windowStart();
    return edit(
        n -> {
          n.startedAt = start;
          n.createdAt = now;
        });
  }

  /** Approved or rejected by its approvers. */
  Change decidedByApprovers(boolean approved) {
    return edit(n -> n.state = approved ? ChangeState.APPROVED : ChangeState.REJECTED);
  }

  /**
   * With a new state or end time (null: unchanged); it cannot end before it started. A change that
   * starts now ({@code starting}) takes now as its start.
   */
  Change update(ChangeState newState, Instant newEndedAt, boolean starting, Instant now) {
    Instant start = starting ? now : startedAt;
    if (newEndedAt != null && start != null && newEndedAt.isBefore(start)) {
      throw BridgeException.invalid(
          "endedAt", "endedAt is before the change's startedAt (" + start + ")");
    }
    return edit(
        n -> {
          n.state = newState == null ? state : newState;
          n.startedAt = start;
          n.endedAt = newEndedAt == null ? endedAt : newEndedAt;
        });
  }

  /**
   * How it turned out at {@code now}: failed-suspect once an incident names it as suspected cause;
   * successful once it completed and its correlation window passed without one.
   */
  public ChangeOutcome outcome(Instant now, java.time.Duration correlationWindow) {
    if (suspectIncident != null) {
      return ChangeOutcome.FAILED_SUSPECT;
    }
    return switch (state) {
      case FAILED -> ChangeOutcome.FAILED;
      case IN_PROGRESS -> ChangeOutcome.PENDING;
      case COMPLETED ->
          now.isBefore(startedAt.plus(correlationWindow))
              ? ChangeOutcome.PENDING
              : ChangeOutcome.SUCCESSFUL;
      default -> ChangeOutcome.NOT_DEPLOYED;
    };
  }

  /** This change with some fields changed: every transition copies through here, once. */
  private Change edit(Consumer<Next> change) {
    return NextValue.edit(new Next(this), change);
  }

  /** The fields of the next value of a change, starting as this one's. */
  private static final class Next extends NextValue<Change> {
    String title;
    ChangeState state;
    Instant startedAt;
    Instant endedAt;
    boolean flagged;
    Long gateDecisionId;
    Instant createdAt;
    ChangePlan plan;
    ApprovalRule approval;
    String requestedBy;
    Instant committedAt;
    private final Change from;

    Next(Change c) {
      this.from = c;
      this.title = c.title;
      this.state = c.state;
      this.startedAt = c.startedAt;
      this.endedAt = c.endedAt;
      this.flagged = c.flagged;
      this.gateDecisionId = c.gateDecisionId;
      this.createdAt = c.createdAt;
      this.plan = c.plan;
      this.approval = c.approval;
      this.requestedBy = c.requestedBy;
      this.committedAt = c.committedAt;
    }

    @Override
    protected Change build() {
      return new Change(
          from.id,
          from.key,
          title,
          from.service,
          from.kind,
          state,
          from.sourceSystem,
          from.sourceCommit,
          from.sourceVersion,
          from.sourceUrl,
          from.externalId,
          startedAt,
          endedAt,
          flagged,
          gateDecisionId,
          createdAt,
          plan,
          approval,
          requestedBy,
          committedAt,
          from.suspectIncident);
    }
  }
}
