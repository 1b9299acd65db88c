package dev.burnrate.bridge.internal.record;

import dev.burnrate.bridge.internal.jdbc.Where;
import java.time.Instant;

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

  /**
   * Adds the service, since (on {@code timeColumn}) and cursor conditions shared by every kind, and
   * returns {@code where}.
   */
  public Where common(Where where, String timeColumn) {
    return where
        .andIf("service = ?", service)
        .andIf(timeColumn + " >= ?", since)
        .andIf("id < ?", before);
  }
}
