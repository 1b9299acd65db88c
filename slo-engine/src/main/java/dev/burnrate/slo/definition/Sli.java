package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.promql.SliQuery;
import java.util.Optional;

/**
 * How an SLO measures service: a ratio of counter increases.
 *
 * <p>Exactly one of {@code good} and {@code bad} is present for an evaluable SLI; {@code total} is
 * always present then. An SLI that Burnrate cannot evaluate (a vendor-specific query, a threshold
 * metric) keeps its queries' text in {@code sourceText} and says why in {@code notEvaluableReason}.
 */
public record Sli(
    Optional<SliQuery> good,
    Optional<SliQuery> bad,
    Optional<SliQuery> total,
    Kind kind,
    Optional<String> notEvaluableReason) {

  /** What the SLI's numerator counts. */
  public enum Kind {
    /** good / total */
    GOOD_OVER_TOTAL,
    /** 1 - bad / total */
    BAD_OVER_TOTAL,
    /** A raw ratio or threshold query that is not a ratio of counters. */
    RAW,
    /** A threshold metric (OpenSLO {@code thresholdMetric}). */
    THRESHOLD
  }

  /** Checks the SLI. */
  public Sli {
    requireNonNull(good, "good");
    requireNonNull(bad, "bad");
    requireNonNull(total, "total");
    requireNonNull(kind, "kind");
    requireNonNull(notEvaluableReason, "notEvaluableReason");
    if (notEvaluableReason.isEmpty()) {
      if (total.isEmpty() || good.isPresent() == bad.isPresent()) {
        throw new IllegalArgumentException(
            "an evaluable SLI needs a total query and exactly one of good and bad");
      }
    }
  }

  /** An SLI of good over total events. */
  public static Sli goodOverTotal(SliQuery good, SliQuery total) {
    return new Sli(
        Optional.of(good),
        Optional.empty(),
        Optional.of(total),
        Kind.GOOD_OVER_TOTAL,
        Optional.empty());
  }

  /** An SLI of bad over total events. */
  public static Sli badOverTotal(SliQuery bad, SliQuery total) {
    return new Sli(
        Optional.empty(),
        Optional.of(bad),
        Optional.of(total),
        Kind.BAD_OVER_TOTAL,
        Optional.empty());
  }

  /** An SLI that loads but that Burnrate cannot evaluate, with the reason. */
  public static Sli notEvaluable(Kind kind, String reason) {
    return new Sli(Optional.empty(), Optional.empty(), Optional.empty(), kind, Optional.of(reason));
  }

  /** Whether Burnrate can compute this SLI from ingested series. */
  public boolean evaluable() {
    return notEvaluableReason.isEmpty();
  }
}
