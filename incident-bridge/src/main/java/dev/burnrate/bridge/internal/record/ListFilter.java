package dev.burnrate.bridge.internal.record;

import java.time.Instant;
import java.util.List;

/**
 * The filters of a list request; null fields do not filter.
 *
 * @param state the state, as the API names it
 * @param service the service
 * @param severity the severity (incidents)
 * @param slo the SLO
 * @param since the earliest time
 * @param before the cursor: only ids below it
 * @param limit the page size
 */
public record ListFilter(
    String state,
    String service,
    String severity,
    String slo,
    Instant since,
    Long before,
    int limit) {

  /** Appends the service, since and cursor conditions shared by every kind. */
  public void appendCommon(StringBuilder sql, List<Object> args, String timeColumn) {
    if (service != null) {
      sql.append(" AND service = ?");
      args.add(service);
    }
    if (since != null) {
      sql.append(" AND ").append(timeColumn).append(" >= ?");
      args.add(since);
    }
    if (before != null) {
      sql.append(" AND id < ?");
      args.add(before);
    }
  }
}
