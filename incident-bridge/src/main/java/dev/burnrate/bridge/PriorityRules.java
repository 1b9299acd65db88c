package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an SLO alert's severity and windows become a priority.
 *
 * <p>A page alert is P1 when its long window is at most {@code p1MaxLongWindow} (the default
 * page-1h rule) or its factor is at least {@code p1MinFactor}; other page alerts are P2. A ticket
 * alert is P3 when its long window is at most {@code p3MaxLongWindow} (ticket-1d), else P4.
 *
 * @param p1MaxLongWindow page alerts with a long window this short or shorter are P1 (1h)
 * @param p1MinFactor page alerts with a factor this high or higher are P1 (14.4)
 * @param p3MaxLongWindow ticket alerts with a long window this short or shorter are P3 (1d)
 * @param noDataOpensIncident whether the engine's NO_DATA opens a P4 incident (true)
 */
public record PriorityRules(
    Duration p1MaxLongWindow,
    double p1MinFactor,
    Duration p3MaxLongWindow,
    boolean noDataOpensIncident) {
  /** Checks the rules. */
  public PriorityRules {
    requireNonNull(p1MaxLongWindow, "p1MaxLongWindow");
    requireNonNull(p3MaxLongWindow, "p3MaxLongWindow");
    if (!(p1MinFactor > 0)) {
      throw new IllegalArgumentException("p1MinFactor must be positive, got " + p1MinFactor);
    }
  }

  /** 1h, 14.4, 1d, true. */
  public static PriorityRules defaults() {
    return new PriorityRules(Duration.ofHours(1), 14.4, Duration.ofDays(1), true);
  }
}
