package dev.burnrate.slo.engine;

import static dev.burnrate.slo.engine.WindowLayout.HOUR_LEVEL;
import static dev.burnrate.slo.engine.WindowLayout.MINUTE_LEVEL;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.DefaultAlertRules;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine keeps about one SLO: its buckets, window sums, calendar period, alert state
 * machines and the last evaluated numbers.
 *
 * <p>Not thread-safe by itself: the engine holds this object's monitor around every call.
 *
 * <p>Its parts live beside it: {@link WindowLayout} places the windows when it is made, {@link
 * HistoryHandover} carries history over on a reload, {@link TimeSlices} judges slices, {@link
 * AlertTransitions} and {@link SloStatusReport} build what an evaluation reports. The fields are
 * package-private for those parts alone (nothing else in the package touches them): the record path
 * reads them straight, with no holder object between.
 */
final class SloState {
  /** The burn-rate windows every status reports, besides the SLO's own window. */
  static final List<String> STANDARD_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  private static final long NONE = Long.MIN_VALUE;

  final SloSpec spec;
  final EngineSettings settings;
  final Optional<String> notEvaluableReason;
  final BudgetingMethod method;
  final int sliceMinutes;
  final double sliceTarget;

  // Events per minute; carries the windows for the occurrences method.
  BucketRing minuteEvents;
  // Slice verdicts (good slices or summed ratios, slices with data) by slice start minute.
  BucketRing minuteSlices;
  // Events (occurrences) or slice verdicts (time slices) per hour.
  BucketRing hours;

  // Windows longer than the minute history, kept exact to the minute once the store supplies the
  // minutes that leave them (see expire): per exact slot e, its window at exactWindow[e], its
  // length in minutes at exactMinutes[e], the newest minute it no longer covers at
  // expiredThrough[e], and its running sums (good, total) at exactSums[2e]. Occurrences only.
  int[] exactWindow = new int[0];
  long[] exactMinutes = new long[0];
  long[] expiredThrough = new long[0];
  double[] exactSums = new double[0];
  // Whether the store has supplied expired minutes since this state was made: until then the
  // long windows read their hour-aligned sums.
  boolean exact;
  // The newest minute (as the store keeps it, not clamped to now) that added counts.
  long newestMinute = NONE;

  int windowCount;
  long[] windowSeconds;
  String[] burnKeys;
  int[] burnWindow;
  int sloWindow;
  int oneHourWindow;

  final TimeWindow.Calendar calendar;
  long periodStart;
  long periodEnd;

  long loadedAt;
  long lastData = NONE;
  boolean noData;

  final AlertRule[] rules;
  // Each rule's labels (the SLO's, then the rule's own) and annotations, built once.
  final List<Map<String, String>> ruleLabels;
  final double errorBudget;

  // The numbers an evaluation reads, packed into three arrays so that one SLO's evaluation
  // touches about a dozen cache lines (at 10,000 SLOs and more they do not stay in the cache):
  // num: live sums (good, total) of window w at 2w, the last evaluated ones at 2(W + w), each
  //   rule's factor at 4W + r; the calendar period's sums are the live sums of its window;
  // meta: level and length in buckets of window w at 2w, each rule's long and short window at
  //   2W + 2r;
  // alerts: each rule's state machine, AlertTracker.STRIDE slots a rule.
  double[] num;
  int[] meta;
  final long[] alerts;
  long snapPeriodSeconds;
  Instant evaluatedAt;

  // Minute buckets left out of every window by budget adjustments: sorted, disjoint [start, end)
  // pairs of epoch minutes.
  long[] excluded = new long[0];

  /** The state that replaced this one in a reload, or null; records follow it. */
  SloState successor;

  boolean retired;

  SloState(SloSpec spec, EngineSettings settings, Instant now) {
    this.spec = spec;
    this.settings = settings;
    this.method = spec.budgetingMethod();
    this.calendar = spec.window() instanceof TimeWindow.Calendar c ? c : null;
    this.loadedAt = now.getEpochSecond();
    this.evaluatedAt = now;
    int minuteRing = (int) settings.minuteHistory().toMinutes();
    this.sliceMinutes =
        spec.timeSlices()
            .map(t -> (int) Math.min(Integer.MAX_VALUE, t.window().toMinutes()))
            .orElse(0);
    this.sliceTarget = spec.timeSlices().map(t -> t.target()).orElse(1.0);
    this.notEvaluableReason = WindowLayout.reasonNotEvaluable(spec, minuteRing);
    this.rules =
        notEvaluableReason.isPresent()
            ? new AlertRule[0]
            : spec.alertRules()
                .orElseGet(() -> DefaultAlertRules.forWindow(spec.window()))
                .toArray(AlertRule[]::new);
    this.ruleLabels = AlertTransitions.ruleLabels(spec, rules);
    this.errorBudget = spec.errorBudget();
    this.alerts = new long[rules.length * AlertTracker.STRIDE];
    for (int r = 0; r < rules.length; r++) {
      AlertTracker.init(alerts, r, rules[r].alertAfter());
    }
    if (notEvaluableReason.isEmpty()) {
      WindowLayout.layOut(this, minuteRing);
      if (calendar != null) {
        long[] p = CalendarPeriods.periodAt(calendar, now);
        periodStart = p[0];
        periodEnd = p[1];
      }
      refresh(now);
    }
  }

  /**
   * Whether an SLO defined as {@code next} keeps the history of one defined as {@code prev}: when
   * its SLI and window are equal (the contract of {@link dev.burnrate.slo.engine.SloEngine#load}).
   * Equality is the records' own, which the ingest feeder also uses to decide which SLOs to
   * backfill from the store: the two must agree, or a reload would drop or double counts.
   */
  static boolean keepsHistory(SloSpec prev, SloSpec next) {
    return dev.burnrate.slo.engine.SloEngine.keepsHistory(prev, next);
  }

  /**
   * Takes over the buckets, data times and unchanged alerts' states of {@code prev} (see {@link
   * HistoryHandover}).
   */
  void takeHistoryFrom(SloState prev, Instant now) {
    HistoryHandover.take(prev, this, now);
  }

  /**
   * Sets the minute buckets that budget adjustments leave out: counts recorded from now on in them
   * do not count (counts already held stay; the engine's feeder refills it from the store).
   */
  void exclude(long[] minuteIntervals) {
    excluded = minuteIntervals;
  }

  /** Marks this state replaced ({@code next} may be null when the SLO was removed). */
  void retire(SloState next) {
    retired = true;
    successor = next;
  }

  boolean retired() {
    return retired;
  }

  SloState successor() {
    return successor;
  }

  /** Adds counts to the bucket holding {@code timestamp}, clamped to {@code now}. */
  void record(long now, long timestamp, double good, double total) {
    if (notEvaluableReason.isPresent()) {
      return;
    }
    advance(now);
    // Samples slightly ahead of the engine's clock (skewed senders) count in the current minute.
    long t = Math.min(timestamp, now);
    long minute = Math.floorDiv(t, 60);
    if (excluded.length > 0 && ExcludedMinutes.contains(excluded, minute)) {
      // Left out of the budget, but still data: the SLO is not silent.
      if (total != 0 && minuteEvents.holds(minute)) {
        lastData = Math.max(lastData, t);
      }
      return;
    }
    if (method == BudgetingMethod.OCCURRENCES) {
      boolean kept = minuteEvents.add(minute, good, total);
      kept |= hours.add(Math.floorDiv(t, 3600), good, total);
      if (calendar != null && minute * 60 >= periodStart) {
        num[2 * sloWindow] += good;
        num[2 * sloWindow + 1] += total;
        kept = true;
      }
      // The exact windows count a bucket by the minute the store keeps it under, so that it
      // leaves them when that minute expires.
      long stored = Math.floorDiv(timestamp, 60);
      for (int e = 0; e < exactWindow.length; e++) {
        if (stored > expiredThrough[e]) {
          exactSums[2 * e] += good;
          exactSums[2 * e + 1] += total;
          kept = true;
        }
      }
      if (exactWindow.length > 0 && (good != 0 || total != 0)) {
        newestMinute = Math.max(newestMinute, stored);
      }
      if (kept && total != 0) {
        lastData = Math.max(lastData, t);
      }
      return;
    }
    long sliceStart = Math.floorDiv(minute, sliceMinutes) * sliceMinutes;
    if (!minuteEvents.holds(sliceStart)) {
      // The slice's first minutes already left the minute history: its verdict is final.
      return;
    }
    double oldX = TimeSlices.verdict(minuteEvents, sliceStart, sliceMinutes, method, sliceTarget);
    double oldY = TimeSlices.counted(minuteEvents, sliceStart, sliceMinutes);
    minuteEvents.add(minute, good, total);
    double dx =
        TimeSlices.verdict(minuteEvents, sliceStart, sliceMinutes, method, sliceTarget) - oldX;
    double dy = TimeSlices.counted(minuteEvents, sliceStart, sliceMinutes) - oldY;
    if (dx != 0 || dy != 0) {
      minuteSlices.add(sliceStart, dx, dy);
      hours.add(Math.floorDiv(sliceStart * 60, 3600), dx, dy);
      if (calendar != null && sliceStart * 60 >= periodStart) {
        num[2 * sloWindow] += dx;
        num[2 * sloWindow + 1] += dy;
      }
    }
    if (total != 0) {
      lastData = Math.max(lastData, t);
    }
  }

  /**
   * Subtracts one minute bucket, as the store holds it, from every exact window that it leaves by
   * minute {@code through} and that still covers it.
   */
  void expire(long minute, double good, double total, long through) {
    if (excluded.length > 0 && ExcludedMinutes.contains(excluded, minute)) {
      // Never counted, so nothing leaves the windows.
      return;
    }
    for (int e = 0; e < exactWindow.length; e++) {
      if (minute > expiredThrough[e] && minute <= through - exactMinutes[e]) {
        exactSums[2 * e] -= good;
        exactSums[2 * e + 1] -= total;
      }
    }
  }

  /**
   * Marks every minute that left an exact window by minute {@code through} as subtracted: the
   * caller has passed each such minute bucket to {@link #expire} first. From then on the long
   * windows read their exact sums.
   */
  void expiredThrough(long through) {
    for (int e = 0; e < exactWindow.length; e++) {
      expiredThrough[e] = Math.max(expiredThrough[e], through - exactMinutes[e]);
    }
    exact = true;
  }

  /** The lengths in minutes of this SLO's exact windows, added to {@code out}. */
  void exactWindowMinutes(java.util.Set<Long> out) {
    for (long m : exactMinutes) {
      out.add(m);
    }
  }

  /** Moves every ring and the calendar period to {@code now}. */
  void advance(long now) {
    if (notEvaluableReason.isPresent()) {
      return;
    }
    long minute = Math.floorDiv(now, 60);
    minuteEvents.advanceTo(minute);
    if (minuteSlices != null) {
      minuteSlices.advanceTo(minute);
    }
    hours.advanceTo(Math.floorDiv(now, 3600));
    if (calendar != null && now >= periodEnd) {
      long[] p = CalendarPeriods.periodAt(calendar, Instant.ofEpochSecond(now));
      periodStart = p[0];
      periodEnd = p[1];
      num[2 * sloWindow] = 0;
      num[2 * sloWindow + 1] = 0;
    }
  }

  /** Advances and copies the window sums into the snapshot that statuses are built from. */
  void refresh(Instant at) {
    long now = at.getEpochSecond();
    advance(now);
    BucketRing minutes = minuteSlices != null ? minuteSlices : minuteEvents;
    int snap = 2 * windowCount;
    for (int w = 0; w < windowCount; w++) {
      int level = meta[2 * w];
      boolean empty =
          level == MINUTE_LEVEL
              ? minutes.empty(meta[2 * w + 1])
              : level == HOUR_LEVEL && hours.empty(meta[2 * w + 1]);
      num[snap + 2 * w] = empty ? 0 : num[2 * w];
      num[snap + 2 * w + 1] = empty ? 0 : num[2 * w + 1];
    }
    if (exact) {
      for (int e = 0; e < exactWindow.length; e++) {
        // No data since the window's first minute: exactly zero, never a subtraction residue.
        boolean empty = newestMinute == NONE || newestMinute <= expiredThrough[e];
        int w = exactWindow[e];
        num[snap + 2 * w] = empty ? 0 : exactSums[2 * e];
        num[snap + 2 * w + 1] = empty ? 0 : exactSums[2 * e + 1];
      }
    }
    snapPeriodSeconds = calendar != null ? periodEnd - periodStart : windowSeconds[sloWindow];
    evaluatedAt = at;
  }

  /** Evaluates at {@code at}, adding alert and no-data transitions to {@code out}. */
  void evaluate(Instant at, List<AlertTransition> out) {
    if (notEvaluableReason.isPresent()) {
      evaluatedAt = at;
      return;
    }
    refresh(at);
    long now = at.getEpochSecond();
    long reference = lastData == NONE ? loadedAt : lastData;
    boolean nd = now - reference >= AlertTracker.seconds(settings.noDataAfter());
    if (nd != noData) {
      noData = nd;
      out.add(AlertTransitions.noData(spec, nd, at, settings.noDataAfter(), budgetRemaining()));
    }
    long resolveAfter = AlertTracker.seconds(settings.resolveAfter());
    int ruleMeta = 2 * windowCount;
    int factors = 4 * windowCount;
    for (int r = 0; r < rules.length; r++) {
      int longWindow = meta[ruleMeta + 2 * r];
      double factor = num[factors + r];
      double longBurn = burn(longWindow);
      double shortBurn = burn(meta[ruleMeta + 2 * r + 1]);
      boolean condition =
          longBurn >= factor
              && shortBurn >= factor
              && num[2 * (windowCount + longWindow) + 1] >= settings.minEventsToAlert();
      AlertTransition.Kind kind =
          AlertTracker.step(alerts, r, condition, now, settings.resolveAfterTicks(), resolveAfter);
      if (kind != null) {
        out.add(
            AlertTransitions.ofRule(
                kind,
                spec,
                rules[r],
                ruleLabels.get(r),
                at,
                longBurn,
                shortBurn,
                budgetRemaining()));
      }
    }
  }

  /** The last evaluated burn rate of window {@code w}: error ratio over the error budget. */
  double burn(int w) {
    int i = 2 * (windowCount + w);
    double total = num[i + 1];
    if (total == 0) {
      return 0;
    }
    return ((total - num[i]) / total) / errorBudget;
  }

  double budgetRemaining() {
    int i = 2 * (windowCount + sloWindow);
    double total = num[i + 1];
    if (total == 0) {
      return 1;
    }
    return 1 - (total - num[i]) / (errorBudget * total);
  }

  /** The status as of the last evaluation. */
  SloStatus status() {
    return SloStatusReport.of(this);
  }
}
