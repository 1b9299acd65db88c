package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An approved {@code budget_reset} service request, as other modules see it: the api turns each one
 * into a budget adjustment.
 *
 * @param key such as {@code REQ-3}
 * @param service the service whose budget it resets
 * @param slo the one SLO it resets, or null for every SLO of the service
 * @param reason why it was asked for
 * @param decidedBy who approved it
 * @param decidedAt when it was approved
 */
public record BudgetReset(
    String key, String service, String slo, String reason, String decidedBy, Instant decidedAt) {
  /** Checks the reset. */
  public BudgetReset {
    requireNonNull(key, "key");
    requireNonNull(service, "service");
    requireNonNull(reason, "reason");
    requireNonNull(decidedAt, "decidedAt");
  }
}
