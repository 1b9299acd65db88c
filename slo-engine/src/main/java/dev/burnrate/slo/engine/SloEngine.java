package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.SloSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps per-SLO good/total counts in time buckets and evaluates budgets, burn rates and alerts.
 *
 * <p>Implementations are thread-safe: ingest records while the engine ticks.
 */
public interface SloEngine {

  /**
   * An in-memory engine that reads time only from {@code clock}.
   *
   * @param clock the source of "now" for windows, alerts and no-data
   * @param settings tuning; {@link EngineSettings#defaults()} when in doubt
   */
  static SloEngine create(Clock clock, EngineSettings settings) {
    return new BucketedSloEngine(clock, settings);
  }

  /**
   * Whether an SLO defined as {@code next} keeps the history of one defined as {@code prev} when
   * {@link #load} replaces it: when its SLI and window are equal. A feeder that refills the engine
   * from a store uses the same rule to know which SLOs to read again.
   */
  static boolean keepsHistory(SloSpec prev, SloSpec next) {
    return prev.sli().equals(next.sli()) && prev.window().equals(next.window());
  }

  /** An in-memory engine with {@link EngineSettings#defaults()}. */
  static SloEngine create(Clock clock) {
    return create(clock, EngineSettings.defaults());
  }

  /**
   * Replaces the set of SLOs; an SLO whose SLI and window are unchanged keeps its history.
   *
   * <p>Unchanged means equal records ({@code Sli.equals}, {@code TimeWindow.equals}); a changed
   * objective, description or alert rules keep the history. A changed budgeting method or time
   * slicing keeps only the minute history (the default last 6 hours).
   *
   * @param specs the complete new set
   */
  void load(Collection<SloSpec> specs);

  /**
   * Replaces the budget adjustments: counts recorded from now on in a minute that an adjustment of
   * the SLO (or of its service) covers do not count, good and total both, in any window. Counts the
   * engine already holds are not taken out: whoever feeds the engine refills it after a change (the
   * server rebuilds it from the store), so that every number comes from one computation.
   *
   * @param adjustments the complete new set
   * @throws UnsupportedOperationException from an engine that keeps no budgets (this default)
   */
  default void adjust(Collection<BudgetAdjustment> adjustments) {
    throw new UnsupportedOperationException("this engine does not apply budget adjustments");
  }

  /** The budget adjustments in force, as last given to {@link #adjust}; this default has none. */
  default List<BudgetAdjustment> adjustments() {
    return List.of();
  }

  /**
   * Adds counts to the SLO's bucket that holds {@code timestamp}; unknown SLOs are ignored.
   *
   * @param slo the SLO's name
   * @param timestamp when the events happened
   * @param good good events (may be fractional, from counter rates)
   * @param total all events
   */
  void record(String slo, Instant timestamp, double good, double total);

  /**
   * The lengths of the windows longer than the minute history, over every loaded SLO: the minute
   * buckets that leave them are read back from the store and handed to {@link #expire}. Empty for
   * an engine that keeps no such windows.
   */
  default Set<Duration> expiringWindows() {
    return Set.of();
  }

  /**
   * Subtracts the minute buckets that have left windows longer than the minute history when the
   * clock is in the minute of {@code through}, which makes those windows exact to the minute.
   *
   * <p>{@code buckets} holds every stored minute bucket with counts whose start {@code m} satisfies
   * {@code p - L < m <= t - L} for a length {@code L} of {@link #expiringWindows()}, where {@code
   * t} is the minute of {@code through} and {@code p} that of the previous call (for the first
   * call: any minute up to the one in which the SLOs were loaded), each with exactly the counts
   * that {@link #record} was given for it (read in the store's snapshot that the records came
   * from). Buckets outside a window are ignored. Until the first call, the long windows are
   * hour-aligned (between {@code L - 1h} and {@code L}). This default does nothing.
   *
   * @param through the clock's now, or a moment before it
   * @param buckets the minute buckets that left a long window since the previous call
   */
  default void expire(Instant through, Collection<MinuteBucket> buckets) {}

  /**
   * Evaluates every SLO at the clock's now and returns the alert transitions since the last call.
   */
  List<AlertTransition> evaluate();

  /**
   * Evaluates at least the named SLOs (unknown names are skipped) at the clock's now and returns
   * their alert transitions since their last evaluation; the others keep their last status. This
   * default evaluates every SLO.
   *
   * @param slos the SLOs whose data changed
   */
  default List<AlertTransition> evaluate(Collection<String> slos) {
    return evaluate();
  }

  /** The last evaluated status of one SLO. */
  Optional<SloStatus> status(String slo);

  /** The last evaluated status of every SLO, by name. */
  List<SloStatus> statuses();

  /**
   * The spec of a loaded SLO or of an instance of a grouped SLO that the engine holds; this default
   * knows none.
   */
  default Optional<SloSpec> spec(String slo) {
    return Optional.empty();
  }

  /**
   * The loaded grouped SLOs (not their instances), in name order; this default reads them from
   * {@link #statuses()} and {@link #spec}.
   */
  default List<String> groupedSlos() {
    return statuses().stream()
        .map(SloStatus::name)
        .filter(name -> spec(name).map(SloSpec::grouped).orElse(false))
        .toList();
  }

  /**
   * The instances of a grouped SLO that the engine holds, by name; empty for an SLO that is not
   * grouped. An instance is created by the first {@link #record} of its name ({@code
   * <slo>{label="value"}}, see {@link dev.burnrate.slo.definition.SloGroups}) while the SLO has
   * fewer than {@link EngineSettings#maxGroupsPerSlo} of them.
   */
  default List<SloSpec> groups(String slo) {
    return List.of();
  }

  /**
   * How many records for new instances of a grouped SLO were left out because it already had {@link
   * EngineSettings#maxGroupsPerSlo} instances; this default counts none.
   */
  default long groupsOverLimit(String slo) {
    return 0;
  }
}
