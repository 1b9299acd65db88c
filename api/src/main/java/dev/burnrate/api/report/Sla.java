package dev.burnrate.api.report;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A service's contractual objective, below its SLOs' own, and the credit owed when attainment falls
 * below each tier.
 *
 * @param service the service it covers
 * @param slo the SLO it is measured on, or empty for each SLO of the service
 * @param objective the contractual objective, a fraction in (0, 1)
 * @param credits the tiers, highest threshold first
 */
public record Sla(
    String service, Optional<String> slo, double objective, List<CreditTier> credits) {
  /** Checks the SLA and orders its tiers. */
  public Sla {
    requireNonNull(service, "service");
    requireNonNull(slo, "slo");
    requireNonNull(credits, "credits");
    if (service.isBlank()) {
      throw new IllegalArgumentException("service must not be empty");
    }
    if (!(objective > 0 && objective < 1)) {
      throw new IllegalArgumentException(
          "objective must be a fraction between 0 and 1 such as 0.999; got " + objective);
    }
    credits =
        credits.stream().sorted(Comparator.comparingDouble(CreditTier::below).reversed()).toList();
  }

  /** Whether this SLA covers the SLO of its service. */
  boolean covers(String sloName) {
    return slo.isEmpty() || slo.get().equals(sloName);
  }

  /** The credit owed for an attainment: that of the lowest tier it falls below, or zero. */
  double credit(double attainment) {
    double owed = 0;
    for (CreditTier t : credits) {
      if (attainment < t.below()) {
        owed = Math.max(owed, t.credit());
      }
    }
    return owed;
  }

  /**
   * A credit tier: below this attainment, this fraction of the bill is credited.
   *
   * @param below the attainment under which the tier applies, a fraction in (0, 1]
   * @param credit the credit, a fraction in (0, 1]
   */
  public record CreditTier(double below, double credit) {
    /** Checks the tier. */
    public CreditTier {
      if (!(below > 0 && below <= 1)) {
        throw new IllegalArgumentException("below must be a fraction in (0, 1]; got " + below);
      }
      if (!(credit > 0 && credit <= 1)) {
        throw new IllegalArgumentException(
            "credit must be a fraction in (0, 1] such as 0.1 for 10%; got " + credit);
      }
    }
  }
}
