package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.DefaultAlertRules;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine keeps about one SLO: its buckets, window sums, calendar period, alert state
 * machines and the last evaluated numbers.
 *
 * <p>Not thread-safe by itself: the engine holds this object's monitor around every call.
 */
final class SloState {
  /** The burn-rate windows every status reports, besides the SLO's own window. */
  static final List<String> STANDARD_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  private static final long NONE = Long.MIN_VALUE;
  private static final int MINUTE_LEVEL = 0;
  private static final int HOUR_LEVEL = 1;
  private static final int CALENDAR_LEVEL = 2;
  private static final String NO_DATA_ALERT = "no-data";

  final SloSpec spec;
  private final EngineSettings settings;
  private final Optional<String> notEvaluableReason;
  private final BudgetingMethod method;
  private final int sliceMinutes;
  private final double sliceTarget;

  // Events per minute; carries the windows for the occurrences method.
  private BucketRing minuteEvents;
  // Slice verdicts (good slices or summed ratios, slices with data) by slice start minute.
  private BucketRing minuteSlices;
  // Events (occurrences) or slice verdicts (time slices) per hour.
  private BucketRing hours;

  // Windows longer than the minute history, kept exact to the minute once the store supplies the
  // minutes that leave them (see expire): per exact slot e, its window at exactWindow[e], its
  // length in minutes at exactMinutes[e], the newest minute it no longer covers at
  // expiredThrough[e], and its running sums (good, total) at exactSums[2e]. Occurrences only.
  private int[] exactWindow = new int[0];
  private long[] exactMinutes = new long[0];
  private long[] expiredThrough = new long[0];
  private double[] exactSums = new double[0];
  // Whether the store has supplied expired minutes since this state was made: until then the
  // long windows read their hour-aligned sums.
  private boolean exact;
  // The newest minute (as the store keeps it, not clamped to now) that added counts.
  private long newestMinute = NONE;

  private int windowCount;
  private long[] windowSeconds;
  private String[] burnKeys;
  private int[] burnWindow;
  private int sloWindow;
  private int oneHourWindow;

  private final TimeWindow.Calendar calendar;
  private long periodStart;
  private long periodEnd;

  private long loadedAt;
  private long lastData = NONE;
  private boolean noData;

  private final AlertRule[] rules;
  // Each rule's labels (the SLO's, then the rule's own) and annotations, built once.
  private final List<Map<String, String>> ruleLabels;
  private final double errorBudget;

  // The numbers an evaluation reads, packed into three arrays so that one SLO's evaluation
  // touches about a dozen cache lines (at 10,000 SLOs and more they do not stay in the cache):
  // num: live sums (good, total) of window w at 2w, the last evaluated ones at 2(W + w), each
  //   rule's factor at 4W + r; the calendar period's sums are the live sums of its window;
  // meta: level and length in buckets of window w at 2w, each rule's long and short window at
  //   2W + 2r;
  // alerts: each rule's state machine, AlertTracker.STRIDE slots a rule.
  private double[] num;
  private int[] meta;
  private final long[] alerts;
  private long snapPeriodSeconds;
  private Instant evaluatedAt;

  // Minute buckets left out of every window by budget adjustments: sorted, disjoint [start, end)
  // pairs of epoch minutes.
  private long[] excluded = new long[0];

  /** The state that replaced this one in a reload, or null; records follow it. */
  private SloState successor;

  private boolean retired;

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
    this.notEvaluableReason = reasonNotEvaluable(spec, minuteRing);
    this.rules =
        notEvaluableReason.isPresent()
            ? new AlertRule[0]
            : spec.alertRules()
                .orElseGet(() -> DefaultAlertRules.forWindow(spec.window()))
                .toArray(AlertRule[]::new);
    this.ruleLabels = ruleLabels(spec, rules);
    this.errorBudget = spec.errorBudget();
    this.alerts = new long[rules.length * AlertTracker.STRIDE];
    for (int r = 0; r < rules.length; r++) {
      AlertTracker.init(alerts, r, rules[r].alertAfter());
    }
    if (notEvaluableReason.isEmpty()) {
      layOut(minuteRing);
      if (calendar != null) {
        long[] p = CalendarPeriods.periodAt(calendar, now);
        periodStart = p[0];
        periodEnd = p[1];
      }
      refresh(now);
    }
  }

  private static List<Map<String, String>> ruleLabels(SloSpec spec, AlertRule[] rules) {
    List<Map<String, String>> out = new ArrayList<>(rules.length);
    for (AlertRule rule : rules) {
      Map<String, String> l = new LinkedHashMap<>(spec.labels());
      l.putAll(rule.labels());
      out.add(Map.copyOf(l));
    }
    return List.copyOf(out);
  }

  private static Optional<String> reasonNotEvaluable(SloSpec spec, int minuteRing) {
    if (!spec.sli().evaluable()) {
      return spec.sli().notEvaluableReason();
    }
    if (spec.timeSlices().isPresent()) {
      Duration slice = spec.timeSlices().get().window();
      if (slice.toNanos() % 60_000_000_000L != 0 || slice.toMinutes() > minuteRing) {
        return Optional.of(
            "time slices must be whole minutes up to the minute history ("
                + minuteRing
                + "m), got "
                + slice);
      }
    }
    return Optional.empty();
  }

  /** Windows by (level, length in buckets); equal windows share one running sum. */
  private static final class Layout {
    final int minuteRing;
    final Map<Long, Integer> minuteLengths = new LinkedHashMap<>();
    final Map<Long, Integer> hourLengths = new LinkedHashMap<>();
    final List<int[]> windows = new ArrayList<>();
    final List<Long> seconds = new ArrayList<>();
    final Map<Duration, Integer> byDuration = new HashMap<>();

    Layout(int minuteRing) {
      this.minuteRing = minuteRing;
    }

    /** The window for {@code d}: minute buckets up to the minute history, whole hours above. */
    int window(Duration d) {
      Integer known = byDuration.get(d);
      if (known != null) {
        return known;
      }
      long s = Math.max(1, AlertTracker.seconds(d));
      long minutes = Math.ceilDiv(s, 60);
      int level;
      long n;
      Map<Long, Integer> lengths;
      if (minutes <= minuteRing) {
        level = MINUTE_LEVEL;
        n = minutes;
        lengths = minuteLengths;
      } else {
        level = HOUR_LEVEL;
        n = Math.ceilDiv(s, 3600);
        lengths = hourLengths;
      }
      int index = lengths.computeIfAbsent(n, x -> lengths.size());
      int found = -1;
      for (int w = 0; w < windows.size(); w++) {
        int[] seen = windows.get(w);
        // Hour windows of equal hours but different minutes share hour buckets, not sums: each
        // is exact to its own minute once the store supplies expired minutes.
        if (seen[0] == level && seen[1] == index && seen[2] == minutes) {
          found = w;
        }
      }
      if (found < 0) {
        windows.add(new int[] {level, index, (int) Math.min(Integer.MAX_VALUE, minutes)});
        seconds.add(level == MINUTE_LEVEL ? n * 60 : n * 3600);
        found = windows.size() - 1;
      }
      byDuration.put(d, found);
      return found;
    }
  }

  /** Chooses the level and length of every window and builds the rings. */
  private void layOut(int minuteRing) {
    Layout layout = new Layout(minuteRing);
    for (String label : STANDARD_WINDOWS) {
      layout.window(parse(label));
    }
    for (AlertRule rule : rules) {
      layout.window(rule.longWindow());
      layout.window(rule.shortWindow());
    }
    if (calendar == null) {
      sloWindow = layout.window(((TimeWindow.Rolling) spec.window()).length());
    } else {
      layout.windows.add(new int[] {CALENDAR_LEVEL, 0, 0});
      layout.seconds.add(0L);
      sloWindow = layout.windows.size() - 1;
    }
    oneHourWindow = layout.window(Duration.ofHours(1));

    int count = layout.windows.size();
    windowCount = count;
    windowSeconds = new long[count];
    for (int w = 0; w < count; w++) {
      windowSeconds[w] = layout.seconds.get(w);
    }
    List<String> keys = new ArrayList<>(STANDARD_WINDOWS);
    if (!keys.contains(spec.window().label())) {
      keys.add(spec.window().label());
    }
    burnKeys = keys.toArray(String[]::new);
    burnWindow = new int[burnKeys.length];
    for (int k = 0; k < burnKeys.length; k++) {
      burnWindow[k] =
          burnKeys[k].equals(spec.window().label()) ? sloWindow : layout.window(parse(burnKeys[k]));
    }

    num = new double[4 * count + rules.length];
    meta = new int[2 * count + 2 * rules.length];
    for (int w = 0; w < count; w++) {
      int level = layout.windows.get(w)[0];
      meta[2 * w] = level;
      meta[2 * w + 1] =
          level == CALENDAR_LEVEL
              ? 0
              : (int) (layout.seconds.get(w) / (level == MINUTE_LEVEL ? 60 : 3600));
    }
    for (int r = 0; r < rules.length; r++) {
      num[4 * count + r] = rules[r].factor();
      meta[2 * count + 2 * r] = layout.window(rules[r].longWindow());
      meta[2 * count + 2 * r + 1] = layout.window(rules[r].shortWindow());
    }

    if (method == BudgetingMethod.OCCURRENCES) {
      List<Integer> longWindows = new ArrayList<>();
      for (int w = 0; w < count; w++) {
        if (layout.windows.get(w)[0] == HOUR_LEVEL) {
          longWindows.add(w);
        }
      }
      int e = longWindows.size();
      exactWindow = new int[e];
      exactMinutes = new long[e];
      expiredThrough = new long[e];
      exactSums = new double[2 * e];
      long head = Math.floorDiv(loadedAt, 60);
      for (int i = 0; i < e; i++) {
        exactWindow[i] = longWindows.get(i);
        exactMinutes[i] = layout.windows.get(longWindows.get(i))[2];
        // A new state covers nothing before now: its windows start empty at this minute.
        expiredThrough[i] = head - exactMinutes[i];
      }
    }

    int[][] minuteWindows = ringWindows(layout, MINUTE_LEVEL);
    int[][] hourWindows = ringWindows(layout, HOUR_LEVEL);
    int hourRing = 1;
    for (int n : hourWindows[0]) {
      hourRing = Math.max(hourRing, n);
    }
    if (method == BudgetingMethod.OCCURRENCES) {
      minuteEvents = new BucketRing(minuteRing, minuteWindows[0], minuteWindows[1], num);
    } else {
      minuteEvents = new BucketRing(minuteRing, new int[0], new int[0], num);
      minuteSlices = new BucketRing(minuteRing, minuteWindows[0], minuteWindows[1], num);
    }
    hours = new BucketRing(hourRing, hourWindows[0], hourWindows[1], num);
    // The large bucket arrays last, after every small object that evaluations read.
    minuteEvents.allocate();
    if (minuteSlices != null) {
      minuteSlices.allocate();
    }
    hours.allocate();
  }

  /** The lengths of one level's windows, and the offsets of their live sums in {@code num}. */
  private static int[][] ringWindows(Layout layout, int level) {
    List<Integer> lengths = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (int w = 0; w < layout.windows.size(); w++) {
      if (layout.windows.get(w)[0] == level) {
        lengths.add((int) (layout.seconds.get(w) / (level == MINUTE_LEVEL ? 60 : 3600)));
        offsets.add(2 * w);
      }
    }
    return new int[][] {
      lengths.stream().mapToInt(Integer::intValue).toArray(),
      offsets.stream().mapToInt(Integer::intValue).toArray()
    };
  }

  private static Duration parse(String label) {
    return Durations.parse(label);
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
   * Takes over the buckets, data times and unchanged alerts' states of {@code prev}. When the
   * budgeting method or the slicing changed, only the minute events can be converted: they are
   * replayed, and older history is lost.
   */
  void takeHistoryFrom(SloState prev, Instant now) {
    loadedAt = prev.loadedAt;
    lastData = prev.lastData;
    noData = prev.noData;
    if (notEvaluableReason.isPresent() || prev.notEvaluableReason.isPresent()) {
      return;
    }
    long t = now.getEpochSecond();
    prev.advance(t);
    boolean sameShape = method == prev.method && spec.timeSlices().equals(prev.spec.timeSlices());
    if (!sameShape) {
      long head = Math.floorDiv(t, 60);
      long minutes = settings.minuteHistory().toMinutes();
      exact = prev.exact;
      for (int e = 0; e < exactWindow.length; e++) {
        // Only the minute history is replayed: the exact windows cover that much until they grow.
        expiredThrough[e] = Math.max(expiredThrough[e], head - minutes);
      }
      for (long m = head - minutes + 1; m <= head; m++) {
        double good = prev.minuteEvents.x(m);
        double total = prev.minuteEvents.y(m);
        if (good != 0 || total != 0) {
          record(t, m * 60, good, total);
        }
      }
      refresh(now);
      return;
    }
    minuteEvents.copyFrom(prev.minuteEvents);
    if (minuteSlices != null && prev.minuteSlices != null) {
      minuteSlices.copyFrom(prev.minuteSlices);
    }
    hours.copyFrom(prev.hours);
    takeExactSumsFrom(prev, t);
    if (calendar != null) {
      periodStart = prev.periodStart;
      periodEnd = prev.periodEnd;
      num[2 * sloWindow] = prev.num[2 * prev.sloWindow];
      num[2 * sloWindow + 1] = prev.num[2 * prev.sloWindow + 1];
    }
    for (int r = 0; r < rules.length; r++) {
      for (int p = 0; p < prev.rules.length; p++) {
        if (rules[r].equals(prev.rules[p])) {
          AlertTracker.copy(prev.alerts, p, alerts, r);
        }
      }
    }
    refresh(now);
  }

  /**
   * Sets the minute buckets that budget adjustments leave out: counts recorded from now on in them
   * do not count (counts already held stay; the engine's feeder refills it from the store).
   */
  void exclude(long[] minuteIntervals) {
    excluded = minuteIntervals;
  }

  /** Whether a budget adjustment leaves {@code minute} out. */
  private boolean excludedMinute(long minute) {
    long[] ex = excluded;
    int lo = 0;
    int hi = ex.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (minute < ex[2 * mid]) {
        hi = mid - 1;
      } else if (minute >= ex[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes over the exact sums of windows that {@code prev} had too; a window it did not have starts
   * from its hour-aligned sums, which cover the minutes from the start of its oldest hour: it is
   * exact once it has grown to its length.
   */
  private void takeExactSumsFrom(SloState prev, long now) {
    exact = prev.exact;
    newestMinute = prev.newestMinute;
    advance(now);
    for (int e = 0; e < exactWindow.length; e++) {
      int p = 0;
      while (p < prev.exactMinutes.length && prev.exactMinutes[p] != exactMinutes[e]) {
        p++;
      }
      if (p < prev.exactMinutes.length) {
        expiredThrough[e] = prev.expiredThrough[p];
        exactSums[2 * e] = prev.exactSums[2 * p];
        exactSums[2 * e + 1] = prev.exactSums[2 * p + 1];
      } else {
        int w = exactWindow[e];
        long hoursLong = meta[2 * w + 1];
        expiredThrough[e] = (Math.floorDiv(now, 3600) - hoursLong + 1) * 60 - 1;
        exactSums[2 * e] = num[2 * w];
        exactSums[2 * e + 1] = num[2 * w + 1];
      }
    }
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
    if (excluded.length > 0 && excludedMinute(minute)) {
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
    double oldX = sliceX(sliceStart);
    double oldY = sliceY(sliceStart);
    minuteEvents.add(minute, good, total);
    double dx = sliceX(sliceStart) - oldX;
    double dy = sliceY(sliceStart) - oldY;
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
    if (excluded.length > 0 && excludedMinute(minute)) {
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

  private double sliceTotal(long sliceStart) {
    double total = 0;
    for (long m = sliceStart; m < sliceStart + sliceMinutes; m++) {
      total += minuteEvents.y(m);
    }
    return total;
  }

  private double sliceGood(long sliceStart) {
    double good = 0;
    for (long m = sliceStart; m < sliceStart + sliceMinutes; m++) {
      good += minuteEvents.x(m);
    }
    return good;
  }

  // A slice with no events (or a non-positive total) does not count; otherwise it counts once,
  // as 1 or 0 (good or bad) for Timeslices, or as its own ratio for RatioTimeslices.
  private double sliceX(long sliceStart) {
    double total = sliceTotal(sliceStart);
    if (!(total > 0)) {
      return 0;
    }
    double ratio = sliceGood(sliceStart) / total;
    if (method == BudgetingMethod.RATIO_TIMESLICES) {
      return ratio;
    }
    return ratio >= sliceTarget ? 1 : 0;
  }

  private double sliceY(long sliceStart) {
    return sliceTotal(sliceStart) > 0 ? 1 : 0;
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
  private void refresh(Instant at) {
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
      Duration after = settings.noDataAfter();
      out.add(
          new AlertTransition(
              nd ? AlertTransition.Kind.NO_DATA : AlertTransition.Kind.DATA_RESUMED,
              spec.name(),
              spec.service(),
              NO_DATA_ALERT,
              Severity.TICKET,
              at,
              0,
              after,
              after,
              0,
              0,
              budgetRemaining(),
              spec.labels()));
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
        AlertRule rule = rules[r];
        out.add(
            new AlertTransition(
                kind,
                spec.name(),
                spec.service(),
                rule.name(),
                rule.severity(),
                at,
                rule.factor(),
                rule.longWindow(),
                rule.shortWindow(),
                longBurn,
                shortBurn,
                budgetRemaining(),
                ruleLabels.get(r),
                rule.annotations()));
      }
    }
  }

  /** The last evaluated burn rate of window {@code w}: error ratio over the error budget. */
  private double burn(int w) {
    int i = 2 * (windowCount + w);
    double total = num[i + 1];
    if (total == 0) {
      return 0;
    }
    return ((total - num[i]) / total) / errorBudget;
  }

  private double budgetRemaining() {
    int i = 2 * (windowCount + sloWindow);
    double total = num[i + 1];
    if (total == 0) {
      return 1;
    }
    return 1 - (total - num[i]) / (errorBudget * total);
  }

  /** The status as of the last evaluation. */
  SloStatus status() {
    if (notEvaluableReason.isPresent()) {
      return new SloStatus(
          spec.name(),
          spec.service(),
          spec.objective(),
          spec.window().label(),
          false,
          new SloStatus.SliValue(0, 0, Double.NaN),
          new SloStatus.ErrorBudget(1, 0, 0, 0, 0),
          Map.of(),
          List.of(),
          Optional.empty(),
          false,
          evaluatedAt);
    }
    double good = num[2 * (windowCount + sloWindow)];
    double total = num[2 * (windowCount + sloWindow) + 1];
    double bad = total - good;
    double budgetEvents = errorBudget * total;
    double remaining = budgetRemaining();
    Map<String, Double> burnRates = new HashMap<>();
    for (int k = 0; k < burnKeys.length; k++) {
      burnRates.put(burnKeys[k], burn(burnWindow[k]));
    }
    List<SloStatus.AlertStatus> alertStatuses = new ArrayList<>(rules.length);
    for (int r = 0; r < rules.length; r++) {
      AlertRule rule = rules[r];
      alertStatuses.add(
          new SloStatus.AlertStatus(
              rule.name(),
              rule.severity(),
              AlertTracker.state(alerts, r),
              rule.longWindow(),
              rule.shortWindow(),
              rule.factor(),
              burn(meta[2 * windowCount + 2 * r]),
              burn(meta[2 * windowCount + 2 * r + 1]),
              AlertTracker.since(alerts, r)));
    }
    return new SloStatus(
        spec.name(),
        spec.service(),
        spec.objective(),
        spec.window().label(),
        true,
        new SloStatus.SliValue(good, total, total == 0 ? Double.NaN : good / total),
        new SloStatus.ErrorBudget(remaining, 1 - remaining, budgetEvents, bad, budgetEvents - bad),
        burnRates,
        alertStatuses,
        timeToExhaustion(remaining, burn(oneHourWindow), snapPeriodSeconds),
        noData,
        evaluatedAt);
  }

  /**
   * How long until the budget is spent if the burn rate stays at {@code burn}: a burn of 1 spends a
   * whole budget in one window, so the remaining fraction lasts {@code remaining * window / burn}.
   */
  static Optional<Duration> timeToExhaustion(double remaining, double burn, long windowSeconds) {
    if (!(burn > 0)) {
      return Optional.empty();
    }
    if (remaining <= 0) {
      return Optional.of(Duration.ZERO);
    }
    return Optional.of(Duration.ofMillis(Math.round(remaining * windowSeconds * 1000 / burn)));
  }
}
