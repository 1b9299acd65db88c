package dev.burnrate.bridge.internal.change;

import java.time.Instant;

/**
 * What a change intends: when it may be carried out, how it is undone, how risky it is, and the
 * standard-change template it follows.
 *
 * @param windowStart the implementation window's start, or null (no window)
 * @param windowEnd the implementation window's end, or null
 * @param rollbackPlan how it is undone, or null
 * @param risk low, medium or high, or null when not assessed
 * @param template the standard-change template it follows, or null
 */
public record ChangePlan(
    Instant windowStart, Instant windowEnd, String rollbackPlan, String risk, String template) {
  /** No window, no rollback plan, no risk, no template. */
  public static final ChangePlan NONE = new ChangePlan(null, null, null, null, null);

  /** Checks the window: both ends or neither, the end after the start. */
  public ChangePlan {
    if ((windowStart == null) != (windowEnd == null)) {
      throw new IllegalArgumentException("an implementation window needs a start and an end");
    }
    if (windowStart != null && !windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException("the implementation window must end after it starts");
    }
  }

  /** Whether {@code at} lies in the window (always, without one). */
  public boolean inWindow(Instant at) {
    return windowStart == null || (!at.isBefore(windowStart) && at.isBefore(windowEnd));
  }
}
