package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * That a series' increase counts towards one SLO's good, bad or total events, with a sign (an SLI
 * query may subtract a counter).
 */
public record Contribution(String slo, SliRole role, int sign) {

  /** Checks the contribution. */
  public Contribution {
    requireNonNull(slo, "slo");
    requireNonNull(role, "role");
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be 1 or -1, got " + sign);
    }
  }
}
