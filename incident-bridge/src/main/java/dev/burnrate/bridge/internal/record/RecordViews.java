package dev.burnrate.bridge.internal.record;

import java.time.Instant;
import java.util.List;

/** The response shapes of what every record kind shares: links, timeline, external records. */
public final class RecordViews {
  private RecordViews() {}

  /** A link as seen from one end: the other record, and which way the link points. */
  public record LinkView(
      String key,
      String relation,
      String direction,
      String url,
      Instant createdAt,
      String createdBy) {}

  /** One timeline entry; its details are what the entry's writer recorded. */
  public record TimelineView(
      Instant at, String kind, String message, String actor, Object details) {}

  /** A record an ITSM tool holds for one of ours, with a link to its page when there is one. */
  public record ExternalView(
      String connector, String id, String key, String url, Instant createdAt) {}

  /** A record's links, seen from {@code self}. */
  public static List<LinkView> links(List<Link> links, String self) {
    return links.stream().map(l -> link(l, self)).toList();
  }

  private static LinkView link(Link l, String self) {
    boolean outgoing = l.sourceKey().equals(self);
    return new LinkView(
        outgoing ? l.targetKey() : l.sourceKey(),
        l.relation(),
        outgoing ? "outgoing" : "incoming",
        l.url(),
        l.createdAt(),
        l.createdBy());
  }

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
