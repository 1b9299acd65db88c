package dev.burnrate.bridge.internal.problem;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The change that fixes a problem's root cause.
 *
 * @param problemKey the problem, such as {@code PRB-3}
 * @param changeKey the change, such as {@code CHG-7}
 * @param linkedAt when it was named as the fix
 * @param linkedBy who named it
 * @param completedAt when the change completed, or null while it has not
 */
public record ProblemFix(
    String problemKey, String changeKey, Instant linkedAt, String linkedBy, Instant completedAt) {
  /** Checks the fix. */
  public ProblemFix {
    requireNonNull(problemKey, "problemKey");
    requireNonNull(changeKey, "changeKey");
    requireNonNull(linkedAt, "linkedAt");
    requireNonNull(linkedBy, "linkedBy");
  }

  /** Completed at {@code at}. */
  public ProblemFix completed(Instant at) {
    return new ProblemFix(problemKey, changeKey, linkedAt, linkedBy, at);
  }
}
