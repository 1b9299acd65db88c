package dev.burnrate.bridge.internal.change;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.BridgeException;
import java.time.Instant;

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
    Instant createdAt) {

  /** Checks the change. */
  public Change {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
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
        null);
  }

  /** As the gate decided it: its state, flag and decision. */
  Change decided(ChangeState decided, boolean isFlagged, long decisionId, Instant now) {
    return new Change(
        id,
        key,
        title,
        service,
        kind,
        decided,
        sourceSystem,
        sourceCommit,
        sourceVersion,
        sourceUrl,
        externalId,
        startedAt,
        endedAt,
        isFlagged,
        decisionId,
        now);
  }

  /** As it is recorded at {@code now}: started now unless it said when. */
  Change recordedAt(Instant now) {
    return new Change(
        id,
        key,
        title,
        service,
        kind,
        state,
        sourceSystem,
        sourceCommit,
        sourceVersion,
        sourceUrl,
        externalId,
        startedAt == null ? now : startedAt,
        endedAt,
        flagged,
        gateDecisionId,
        now);
  }

  /** With a new state or end time (null: unchanged); it cannot end before it started. */
  Change update(ChangeState newState, Instant newEndedAt) {
    if (newEndedAt != null && startedAt != null && newEndedAt.isBefore(startedAt)) {
      throw BridgeException.invalid(
          "endedAt", "endedAt is before the change's startedAt (" + startedAt + ")");
    }
    return new Change(
        id,
        key,
        title,
        service,
        kind,
        newState == null ? state : newState,
        sourceSystem,
        sourceCommit,
        sourceVersion,
        sourceUrl,
        externalId,
        startedAt,
        newEndedAt == null ? endedAt : newEndedAt,
        flagged,
        gateDecisionId,
        createdAt);
  }
}
