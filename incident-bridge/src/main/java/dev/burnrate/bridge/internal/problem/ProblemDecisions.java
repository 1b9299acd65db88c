package dev.burnrate.bridge.internal.problem;

import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.change.ChangeState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The problem rules as functions of values: when a problem's fix has proved itself. {@link
 * FixVerification} loads, calls and writes.
 */
final class ProblemDecisions {
  private ProblemDecisions() {}

  /**
   * What a check does to a problem.
   *
   * @param problem the problem to store (resolved, or unchanged)
   * @param fix the fix to store, or null when it failed and is dropped
   * @param message the timeline and outbox message, or null when only the fix changed
   */
  record Effects(Problem problem, ProblemFix fix, String message) {}

  /** Whether a change in this state will never complete: it failed or was called off. */
  static boolean failed(ChangeState s) {
    return s == ChangeState.FAILED || s == ChangeState.CANCELLED || s == ChangeState.REJECTED;
  }

  /**
   * When a problem with this fix resolves: a quiet period after the fix completed and after the
   * last incident that recurred; null while the fix has not completed.
   */
  static Instant resolvesAt(ProblemFix fix, Instant lastRecurrence, Duration quiet) {
    if (fix.completedAt() == null) {
      return null;
    }
    Instant since =
        lastRecurrence != null && lastRecurrence.isAfter(fix.completedAt())
            ? lastRecurrence
            : fix.completedAt();
    return since.plus(quiet);
  }

  /**
   * Checks a problem's fix at {@code now}: a change that failed (or was cancelled or rejected) is
   * dropped as the fix; a change that completed marks the fix complete (at its end, else now); a
   * problem still open or a known error resolves once no incident recurred for {@code quiet} after
   * the fix completed. Empty when nothing changes.
   *
   * @param lastRecurrence when the newest incident linked to the problem opened, or null
   * @param changeState the fix change's state
   * @param changeEnded the fix change's end, or null
   */
  static Optional<Effects> verify(
      Problem p,
      ProblemFix fix,
      ChangeState changeState,
      Instant changeEnded,
      Instant lastRecurrence,
      Instant now,
      Duration quiet) {
    if (p.state() != ProblemState.OPEN && p.state() != ProblemState.KNOWN_ERROR) {
      return Optional.empty();
    }
    if (fix.completedAt() == null && failed(changeState)) {
      return Optional.of(
          new Effects(
              p,
              null,
              "Fix "
                  + fix.changeKey()
                  + " is "
                  + changeState.wire()
                  + "; the problem stays "
                  + p.state().wire()
                  + " until another fix is named"));
    }
    ProblemFix f = fix;
    boolean fixChanged = false;
    if (f.completedAt() == null && changeState == ChangeState.COMPLETED) {
      f = f.completed(changeEnded != null && !changeEnded.isAfter(now) ? changeEnded : now);
      fixChanged = true;
    }
    Instant due = resolvesAt(f, lastRecurrence, quiet);
    if (due == null || now.isBefore(due)) {
      return fixChanged ? Optional.of(new Effects(p, f, null)) : Optional.empty();
    }
    String message =
        "Resolved: its fix "
            + f.changeKey()
            + " completed at "
            + f.completedAt()
            + " and no incident recurred for "
            + AlertSignal.fmt(quiet);
    return Optional.of(new Effects(p.resolve(now), f, message));
  }
}
