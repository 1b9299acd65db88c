package dev.burnrate.bridge.internal.connector;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.outbox.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ITSM tool. A connector turns one outbox message into requests to the tool, and must be
 * idempotent: the same message may be delivered again after a timeout, a crash or a restart, and
 * must never create a second external record.
 */
public interface Connector {

  /**
   * Events that may change the fields Burnrate owns of a record (status, priority, dates, root
   * cause), for the tools that write those fields only when they may have changed.
   */
  Set<String> FIELD_EVENTS =
      Set.of(
          "opened",
          "updated",
          "escalated",
          "refired",
          "recovered",
          "acknowledged",
          "resolved",
          "closed",
          "known_error");

  /** The connector's configured name. */
  String name();

  /** Delivers one message; never throws for the tool's errors, which become outcomes. */
  Outcome deliver(Delivery d) throws InterruptedException;

  /**
   * The id a tool gave a record.
   *
   * @param externalId the tool's id (sys_id, issue id, dedup key)
   * @param externalKey a human key, such as {@code OPS-12} or {@code INC0010001}, if any
   * @param url a link to the record, if any
   */
  record ExternalRef(String externalId, String externalKey, String url) {
    /** Checks the reference. */
    public ExternalRef {
      requireNonNull(externalId, "externalId");
    }
  }

  /**
   * Reads and stores external ids of records for this connector, and takes what the tool reports
   * back about a record (a runbook's result) into the record's timeline.
   */
  interface Refs {
    /** The stored reference of a record, if it was created at the tool. */
    Optional<ExternalRef> find(String recordKey);

    /** Stores a new reference at once, before anything else can fail. */
    void store(String recordKey, ExternalRef ref);

    /**
     * Writes a line from the tool into a record's timeline; a second report with the same {@code
     * reportId} (after a retry) writes nothing.
     *
     * @param recordKey the record, such as INC-7
     * @param reportId unique per report, such as a trace tag
     * @param kind the timeline entry's kind, such as {@code runbook}
     * @param message the line people read
     * @param details machine-readable details
     */
    default void report(
        String recordKey, String reportId, String kind, String message, Map<String, ?> details) {}

    /**
     * The values this connector last wrote to the fields Burnrate owns of a record's external copy,
     * by the tool's field names; empty when none are stored.
     */
    default Map<String, Object> written(String recordKey) {
      return Map.of();
    }

    /**
     * Adds values the tool took to those {@link #written} returns, so that the next update writes
     * only what changed in Burnrate and leaves what a person changed in the tool alone.
     */
    default void wrote(String recordKey, Map<String, ?> fields) {}
  }

  /**
   * One message to deliver.
   *
   * @param id the outbox row id: stable across retries, usable as an idempotency key
   * @param event what happened: opened, updated, escalated, refired, recovered, acknowledged,
   *     resolved, closed, commented, linked, unlinked, known_error
   * @param message the timeline line of the event
   * @param record the record as it was when the event happened
   * @param inDoubt an earlier attempt may have reached the tool (timeout, crash, 5xx)
   * @param previousAttemptAt when that attempt started, if any
   * @param now the current time
   * @param refs external ids of this and other records at this tool
   */
  record Delivery(
      long id,
      String event,
      String message,
      Snapshot record,
      boolean inDoubt,
      Instant previousAttemptAt,
      Instant now,
      Refs refs) {

    /** The record's key, such as INC-12. */
    public String key() {
      return record.key();
    }

    /** The record's kind: incident, problem or change. */
    public String kind() {
      return record.kind();
    }

    /**
     * The marker {@code [burnrate-event-<id>]} that this delivery's note, comment or feed entry
     * carries, so that a retry in doubt finds what an earlier attempt wrote.
     */
    public String eventMarker() {
      return "[burnrate-event-" + id + "]";
    }

    /**
     * Whether this delivery ties the record to its related records at the tool: when it created the
     * record there, or the record was opened or linked.
     */
    public boolean relinks(boolean created) {
      return created || event.equals("opened") || event.equals("linked");
    }

    /**
     * The retry that waits until a tool's search, which shows writes {@code lag} after they were
     * made, can show what an earlier attempt may have written; empty when nothing is in doubt or
     * the search shows it by now.
     */
    public Optional<Outcome> awaitSearch(Duration lag, String why) {
      if (!inDoubt || previousAttemptAt == null) {
        return Optional.empty();
      }
      Instant searchable = previousAttemptAt.plus(lag);
      return now.isBefore(searchable)
          ? Optional.of(new Outcome.Retry(Duration.between(now, searchable), why))
          : Optional.empty();
    }

    /** Stores the record's reference at once ({@link Refs#store}) and hands it back. */
    public ExternalRef store(ExternalRef ref) {
      refs.store(key(), ref);
      return ref;
    }
  }

  /** What came of one delivery. */
  sealed interface Outcome {
    /** The tool has the message. */
    record Delivered() implements Outcome {}

    /**
     * Try again later.
     *
     * @param after the tool's Retry-After, or null for the outbox's backoff
     * @param error what went wrong
     */
    record Retry(Duration after, String error) implements Outcome {}

    /** The tool refused the message for good (a 4xx that no retry fixes). */
    record Rejected(String error) implements Outcome {}
  }
}
