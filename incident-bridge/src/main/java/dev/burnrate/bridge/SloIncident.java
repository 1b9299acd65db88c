package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An incident as other modules see it: the SLO status links its active incident, a report lists the
 * incidents of a period.
 *
 * @param key such as {@code INC-12}
 * @param title the title
 * @param slo the SLO that opened it, or null
 * @param state {@code open}, {@code acknowledged}, {@code resolved} or {@code closed}
 * @param priority {@code P1} to {@code P4}
 * @param severity {@code page} or {@code ticket}
 * @param openedAt when it opened
 * @param acknowledgedAt when it was acknowledged, or null
 * @param resolvedAt when it was resolved, or null
 */
public record SloIncident(
    String key,
    String title,
    String slo,
    String state,
    String priority,
    String severity,
    Instant openedAt,
    Instant acknowledgedAt,
    Instant resolvedAt) {
  /** Checks the incident. */
  public SloIncident {
    requireNonNull(key, "key");
    requireNonNull(state, "state");
    requireNonNull(priority, "priority");
    requireNonNull(openedAt, "openedAt");
  }
}
