package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When recurring incidents raise a problem.
 *
 * @param threshold incidents on one SLO (or one service) within the window that raise a problem
 * @param window how far back incidents count
 * @param fixQuietPeriod how long after its fix change completes a problem waits, with no incident
 *     recurring, before it resolves
 */
public record ProblemRules(int threshold, Duration window, Duration fixQuietPeriod) {
  /** Checks the rules. */
  public ProblemRules {
    requireNonNull(window, "window");
    requireNonNull(fixQuietPeriod, "fixQuietPeriod");
    if (threshold < 2) {
      throw new IllegalArgumentException("problem threshold must be at least 2, got " + threshold);
    }
  }

  /** 3 incidents in 7 days; a fix proves itself over 7 days. */
  public static ProblemRules defaults() {
    return new ProblemRules(3, Duration.ofDays(7), Duration.ofDays(7));
  }
}
