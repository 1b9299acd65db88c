package dev.burnrate.bridge.internal.record;

import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.jdbc.Database.Jsonb;
import dev.burnrate.bridge.internal.jdbc.RecordTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of every record's timeline; every method runs in the caller's transaction. */
public final class TimelineSql {
  private static final RecordTable<TimelineEntry> TIMELINE =
      new RecordTable<>(
          "bridge_timeline",
          "id, record_key, at, kind, message, actor, details::text AS d",
          rs ->
              new TimelineEntry(
                  rs.getLong("id"),
                  rs.getString("record_key"),
                  Database.instant(rs, "at"),
                  rs.getString("kind"),
                  rs.getString("message"),
                  rs.getString("actor"),
                  Json.readMap(rs.getString("d"))));

  private TimelineSql() {}

  /** Appends a timeline entry; its details are any value Jackson writes as a JSON object. */
  public static void append(
      Connection c,
      String recordKey,
      Instant at,
      String kind,
      String message,
      String actor,
      Object details)
      throws SQLException {
    Database.update(
        c,
        Database.insertInto(TIMELINE.name(), "record_key, at, kind, message, actor, details"),
        recordKey,
        at,
        kind,
        message,
        actor,
        new Jsonb(Json.write(details == null ? Map.of() : details)));
  }

  /**
   * Appends an entry a tool reported, unless one with the same {@code reportId} is there already (a
   * retried delivery reporting the same run); true when it was written.
   */
  public static boolean appendOnce(
      Connection c,
      String recordKey,
      String reportId,
      Instant at,
      String kind,
      String message,
      String actor,
      Map<String, ?> details)
      throws SQLException {
    // Serialises two workers reporting the same run, so they write one entry.
    Database.lock(c, "bridge-report " + recordKey + " " + reportId);
    boolean seen =
        Database.scalar(
                c,
                "SELECT count(*) FROM bridge_timeline WHERE record_key = ? AND details->>'reportId' = ?",
                recordKey,
                reportId)
            > 0;
    if (seen) {
      return false;
    }
    Map<String, Object> d = new LinkedHashMap<>(details == null ? Map.of() : details);
    d.put("reportId", reportId);
    append(c, recordKey, at, kind, message, actor, d);
    return true;
  }

  /** The timeline of a record, oldest first. */
  public static List<TimelineEntry> of(Connection c, String recordKey) throws SQLException {
    return TIMELINE.list(c, "WHERE record_key = ? ORDER BY id", recordKey);
  }
}
