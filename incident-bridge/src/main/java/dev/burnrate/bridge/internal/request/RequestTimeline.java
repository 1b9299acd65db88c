package dev.burnrate.bridge.internal.request;

import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.TimelineSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Appends to a request's timeline, with details given as a record or a map. */
final class RequestTimeline {
  private RequestTimeline() {}

  /**
   * Appends an entry; {@code details} is a record or map serialised as the entry's details, or null
   * for none. The timeline's SQL takes a JSON object, made here and nowhere else in requests.
   */
  static void append(
      Connection c,
      String key,
      Instant at,
      String kind,
      String message,
      String actor,
      Object details)
      throws SQLException {
    Object d = details == null ? Map.of() : details;
    TimelineSql.append(c, key, at, kind, message, actor, Json.MAPPER.valueToTree(d));
  }
}
