package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * That a series' increase counts towards one SLO's good, bad or total events, with a sign (an SLI
 * query may subtract a counter) and a weight (a composite SLO counts each component's events times
 * the component's weight; 1 otherwise).
 */
public record Contribution(String slo, SliRole role, int sign, double weight) {

  /** Checks the contribution. */
  public Contribution {
    requireNonNull(slo, "slo");
    requireNonNull(role, "role");
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be 1 or -1, got " + sign);
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and > 0, got " + weight);
    }
  }

  /** A contribution of weight 1. */
  public Contribution(String slo, SliRole role, int sign) {
    this(slo, role, sign, 1.0);
  }

  /** What the increase adds to the SLO's column: the increase times the sign and the weight. */
  public double of(double increase) {
    return weight == 1.0 ? sign * increase : sign * weight * increase;
  }
}
