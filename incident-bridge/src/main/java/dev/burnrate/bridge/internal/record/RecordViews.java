package dev.burnrate.bridge.internal.record;

import java.time.Instant;
import java.util.List;

/**
 * The response shape of the external records of any record kind (links and timeline are the
 * outbox's {@code Snapshot.LinkLine} and {@code Snapshot.TimelineLine}).
 */
public final class RecordViews {
  private RecordViews() {}

  /** A record an ITSM tool holds for one of ours, with a link to its page when there is one. */
  public record ExternalView(
      String connector, String id, String key, String url, Instant createdAt) {}

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
