package dev.burnrate.bridge.internal.record;

import java.time.Instant;
import java.util.List;

/**
 * The response shapes of what every record kind shares: timeline, external records (links are the
 * outbox's {@code Snapshot.LinkLine}).
 */
public final class RecordViews {
  private RecordViews() {}

  /** One timeline entry; its details are what the entry's writer recorded. */
  public record TimelineView(
      Instant at, String kind, String message, String actor, Object details) {}

  /** A record an ITSM tool holds for one of ours, with a link to its page when there is one. */
  public record ExternalView(
      String connector, String id, String key, String url, Instant createdAt) {}

  /** A record's timeline. */
  public static List<TimelineView> timeline(List<TimelineEntry> entries) {
    return entries.stream()
        .map(t -> new TimelineView(t.at(), t.kind(), t.message(), t.actor(), t.details()))
        .toList();
  }

  /** The external records of a record. */
  public static List<ExternalView> external(List<ExternalRecord> records) {
    return records.stream()
        .map(
            r ->
                new ExternalView(
                    r.connector(), r.externalId(), r.externalKey(), r.url(), r.createdAt()))
        .toList();
  }
}
