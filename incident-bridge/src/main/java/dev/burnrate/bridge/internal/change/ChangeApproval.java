package dev.burnrate.bridge.internal.change;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One approver's decision on a change.
 *
 * @param changeKey the change
 * @param actor who decided, as the API names actors
 * @param approved true for an approval, false for a rejection
 * @param comment the comment (a rejection's reason), or null
 * @param at when
 */
public record ChangeApproval(
    String changeKey, String actor, boolean approved, String comment, Instant at) {
  /** Checks the decision. */
  public ChangeApproval {
    requireNonNull(changeKey, "changeKey");
    requireNonNull(actor, "actor");
    requireNonNull(at, "at");
  }
}
