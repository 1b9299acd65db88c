package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * A period that a team decided not to count in an error budget: a maintenance window, or an
 * incident it does not hold against the service. Every minute bucket that overlaps {@code [from,
 * until)} is left out of the budget, its good and its total events both, in every window.
 *
 * @param id the adjustment's identity ({@code ADJ-7}, or a file's {@code metadata.name})
 * @param scope whether {@code target} names an SLO or a service
 * @param target the SLO's or the service's name
 * @param from the start of the period
 * @param until the end of the period (exclusive); after {@code from}
 * @param reason why it does not count
 * @param decidedBy who decided
 */
public record BudgetAdjustment(
    String id,
    Scope scope,
    String target,
    Instant from,
    Instant until,
    String reason,
    String decidedBy) {

  /** The longest period one adjustment may cover. */
  public static final Duration MAX_PERIOD = Duration.ofDays(400);

  /** What an adjustment applies to. */
  public enum Scope {
    /** One SLO, by name. */
    SLO,
    /** Every SLO of one service. */
    SERVICE
  }

  /** Checks the adjustment. */
  public BudgetAdjustment {
    requireNonNull(id, "id");
    requireNonNull(scope, "scope");
    requireNonNull(target, "target");
    requireNonNull(from, "from");
    requireNonNull(until, "until");
    requireNonNull(reason, "reason");
    requireNonNull(decidedBy, "decidedBy");
    if (target.isBlank()) {
      throw new IllegalArgumentException("target must name an SLO or a service");
    }
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("until " + until + " must be after from " + from);
    }
    if (Duration.between(from, until).compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "a period may last at most "
              + MAX_PERIOD.toDays()
              + " days, got "
              + from
              + " to "
              + until);
    }
  }

  /**
   * Whether this adjustment applies to {@code spec}: its SLO (or, for an adjustment of a grouped
   * SLO, an instance of it) or its service.
   */
  public boolean appliesTo(SloSpec spec) {
    return switch (scope) {
      case SLO ->
          target.equals(spec.name())
              || SloGroups.parentOf(spec.name()).filter(target::equals).isPresent();
      case SERVICE -> target.equals(spec.service());
    };
  }

  /** The first minute bucket left out, as epoch minutes. */
  public long firstMinute() {
    return Math.floorDiv(from.getEpochSecond(), 60);
  }

  /** The first minute bucket after the period, as epoch minutes: the minute that holds until. */
  public long endMinute() {
    return Math.ceilDiv(until.getEpochSecond() + (until.getNano() > 0 ? 1 : 0), 60);
  }
}
