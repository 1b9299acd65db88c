package dev.burnrate.bridge.internal.outbox;

import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.outbox.Snapshot.TimelineLine;
import dev.burnrate.bridge.internal.record.Link;
import dev.burnrate.bridge.internal.record.LinkSql;
import dev.burnrate.bridge.internal.record.TimelineEntry;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The parts every kind's snapshot shares: its links and its timeline, read in the transaction. */
public final class Snapshots {
  private Snapshots() {}

  /** A record's links, seen from {@code self}. */
  public static List<LinkLine> links(List<Link> links, String self) {
    return links.stream()
        .map(
            l -> {
              boolean outgoing = l.sourceKey().equals(self);
              return new LinkLine(
                  outgoing ? l.targetKey() : l.sourceKey(),
                  l.relation(),
                  outgoing ? "outgoing" : "incoming",
                  l.url(),
                  l.createdAt(),
                  l.createdBy());
            })
        .toList();
  }

  /** A record's links, read by its key. */
  public static List<LinkLine> links(Connection c, String key) throws SQLException {
    return links(LinkSql.of(c, key), key);
  }

  /** A record's timeline, read by its key. */
  public static List<TimelineLine> timeline(Connection c, String key) throws SQLException {
    return TimelineSql.of(c, key).stream().map(Snapshots::line).toList();
  }

  private static TimelineLine line(TimelineEntry t) {
    return new TimelineLine(
        t.at(), t.kind(), t.message(), t.actor(), OutboxJson.object(t.details()));
  }
}
