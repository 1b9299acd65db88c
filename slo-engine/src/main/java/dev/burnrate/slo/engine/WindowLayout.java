package dev.burnrate.slo.engine;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.BudgetingMethod;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.definition.TimeWindow;
import dev.burnrate.yaml.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an SLO's windows live, chosen once when its state is made: each window's level (minute
 * buckets, hour buckets, or the calendar period) and length in buckets. Equal windows share one
 * running sum. The state copies what it needs into its packed arrays; this object is then dropped.
 */
final class WindowLayout {
  static final int MINUTE_LEVEL = 0;
  static final int HOUR_LEVEL = 1;
  static final int CALENDAR_LEVEL = 2;

  private final int minuteRing;
  private final Map<Long, Integer> minuteLengths = new LinkedHashMap<>();
  private final Map<Long, Integer> hourLengths = new LinkedHashMap<>();
  private final List<int[]> windows = new ArrayList<>();
  private final List<Long> seconds = new ArrayList<>();
  private final Map<Duration, Integer> byDuration = new HashMap<>();
  private final int sloWindow;
  private final int oneHourWindow;
  private final String[] burnKeys;
  private final int[] burnWindow;

  /**
   * Lays out the standard windows, every rule's long and short window, the SLO's own window and one
   * hour, in that order (the order fixes where each window's sums sit).
   */
  WindowLayout(SloSpec spec, AlertRule[] rules, int minuteRing) {
    this.minuteRing = minuteRing;
    for (String label : SloState.STANDARD_WINDOWS) {
      window(parse(label));
    }
    for (AlertRule rule : rules) {
      window(rule.longWindow());
      window(rule.shortWindow());
    }
    if (spec.window() instanceof TimeWindow.Rolling rolling) {
      sloWindow = window(rolling.length());
    } else {
      windows.add(new int[] {CALENDAR_LEVEL, 0, 0});
      seconds.add(0L);
      sloWindow = windows.size() - 1;
    }
    oneHourWindow = window(Duration.ofHours(1));
    List<String> keys = new ArrayList<>(SloState.STANDARD_WINDOWS);
    if (!keys.contains(spec.window().label())) {
      keys.add(spec.window().label());
    }
    burnKeys = keys.toArray(String[]::new);
    burnWindow = new int[burnKeys.length];
    for (int k = 0; k < burnKeys.length; k++) {
      burnWindow[k] =
          burnKeys[k].equals(spec.window().label()) ? sloWindow : window(parse(burnKeys[k]));
    }
  }

  /**
   * Lays out the windows of {@code s} and builds its packed arrays and rings: the large bucket
   * arrays last, after every small object that evaluations read.
   */
  static void layOut(SloState s, int minuteRing) {
    WindowLayout layout = new WindowLayout(s.spec, s.rules, minuteRing);
    s.sloWindow = layout.sloWindow();
    s.oneHourWindow = layout.oneHourWindow();
    int count = layout.count();
    s.windowCount = count;
    s.windowSeconds = layout.windowSeconds();
    s.burnKeys = layout.burnKeys();
    s.burnWindow = layout.burnWindow();

    s.num = new double[4 * count + s.rules.length];
    s.meta = new int[2 * count + 2 * s.rules.length];
    for (int w = 0; w < count; w++) {
      s.meta[2 * w] = layout.level(w);
      s.meta[2 * w + 1] = layout.buckets(w);
    }
    for (int r = 0; r < s.rules.length; r++) {
      s.num[4 * count + r] = s.rules[r].factor();
      s.meta[2 * count + 2 * r] = layout.window(s.rules[r].longWindow());
      s.meta[2 * count + 2 * r + 1] = layout.window(s.rules[r].shortWindow());
    }

    if (s.method == BudgetingMethod.OCCURRENCES) {
      int[] longWindows = layout.hourWindows();
      int e = longWindows.length;
      s.exactWindow = new int[e];
      s.exactMinutes = new long[e];
      s.expiredThrough = new long[e];
      s.exactSums = new double[2 * e];
      long head = Math.floorDiv(s.loadedAt, 60);
      for (int i = 0; i < e; i++) {
        s.exactWindow[i] = longWindows[i];
        s.exactMinutes[i] = layout.minutes(longWindows[i]);
        // A new state covers nothing before now: its windows start empty at this minute.
        s.expiredThrough[i] = head - s.exactMinutes[i];
      }
    }

    int[][] minuteWindows = layout.ringWindows(MINUTE_LEVEL);
    int[][] hourWindows = layout.ringWindows(HOUR_LEVEL);
    int hourRing = 1;
    for (int n : hourWindows[0]) {
      hourRing = Math.max(hourRing, n);
    }
    if (s.method == BudgetingMethod.OCCURRENCES) {
      s.minuteEvents = new BucketRing(minuteRing, minuteWindows[0], minuteWindows[1], s.num);
    } else {
      s.minuteEvents = new BucketRing(minuteRing, new int[0], new int[0], s.num);
      s.minuteSlices = new BucketRing(minuteRing, minuteWindows[0], minuteWindows[1], s.num);
    }
    s.hours = new BucketRing(hourRing, hourWindows[0], hourWindows[1], s.num);
    // The large bucket arrays last, after every small object that evaluations read.
    s.minuteEvents.allocate();
    if (s.minuteSlices != null) {
      s.minuteSlices.allocate();
    }
    s.hours.allocate();
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

  int count() {
    return windows.size();
  }

  int sloWindow() {
    return sloWindow;
  }

  int oneHourWindow() {
    return oneHourWindow;
  }

  /** The windows a status reports burn rates for, by their labels. */
  String[] burnKeys() {
    return burnKeys;
  }

  /** The window of each of {@link #burnKeys()}. */
  int[] burnWindow() {
    return burnWindow;
  }

  /** Each window's length in seconds (0 for the calendar period, whose length varies). */
  long[] windowSeconds() {
    long[] out = new long[windows.size()];
    for (int w = 0; w < out.length; w++) {
      out[w] = seconds.get(w);
    }
    return out;
  }

  int level(int w) {
    return windows.get(w)[0];
  }

  /** The length of window {@code w} in its level's buckets (0 for the calendar period). */
  int buckets(int w) {
    int level = level(w);
    return level == CALENDAR_LEVEL
        ? 0
        : (int) (seconds.get(w) / (level == MINUTE_LEVEL ? 60 : 3600));
  }

  /** The length of window {@code w} in minutes, as the rule asked for it (not rounded to hours). */
  int minutes(int w) {
    return windows.get(w)[2];
  }

  /** The windows kept in hour buckets, in window order. */
  int[] hourWindows() {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < windows.size(); w++) {
      if (level(w) == HOUR_LEVEL) {
        out.add(w);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The lengths of one level's windows, and the offsets of their live sums in {@code num}. */
  int[][] ringWindows(int level) {
    List<Integer> lengths = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (int w = 0; w < windows.size(); w++) {
      if (windows.get(w)[0] == level) {
        lengths.add((int) (seconds.get(w) / (level == MINUTE_LEVEL ? 60 : 3600)));
        offsets.add(2 * w);
      }
    }
    return new int[][] {
      lengths.stream().mapToInt(Integer::intValue).toArray(),
      offsets.stream().mapToInt(Integer::intValue).toArray()
    };
  }

  /**
   * Why {@code spec} cannot be laid out and evaluated, if it cannot: its SLI is outside what the
   * engine evaluates, or its time slices are not whole minutes within the minute history.
   */
  static Optional<String> reasonNotEvaluable(SloSpec spec, int minuteRing) {
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

  private static Duration parse(String label) {
    return Durations.parse(label);
  }
}
