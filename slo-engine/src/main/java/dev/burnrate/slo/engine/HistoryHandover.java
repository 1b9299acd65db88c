package dev.burnrate.slo.engine;

import java.time.Instant;

/**
 * What a reloaded SLO keeps of the state it replaces: its buckets, exact sums, data times and the
 * state machines of the alert rules that did not change. It reads and writes both states' fields
 * directly, as a part of the state; the engine holds the old state's monitor, and the new one is
 * not published yet.
 */
final class HistoryHandover {
  private HistoryHandover() {}

  /**
   * Takes over the buckets, data times and unchanged alerts' states of {@code prev}. When the
   * budgeting method or the slicing changed, only the minute events can be converted: they are
   * replayed, and older history is lost.
   */
  static void take(SloState prev, SloState next, Instant now) {
    next.loadedAt = prev.loadedAt;
    next.lastData = prev.lastData;
    next.noData = prev.noData;
    if (next.notEvaluableReason.isPresent() || prev.notEvaluableReason.isPresent()) {
      return;
    }
    long t = now.getEpochSecond();
    prev.advance(t);
    boolean sameShape =
        next.method == prev.method && next.spec.timeSlices().equals(prev.spec.timeSlices());
    if (!sameShape) {
      long head = Math.floorDiv(t, 60);
      long minutes = next.settings.minuteHistory().toMinutes();
      next.exact = prev.exact;
      for (int e = 0; e < next.exactWindow.length; e++) {
        // Only the minute history is replayed: the next.exact windows cover that much until they
        // grow.
        next.expiredThrough[e] = Math.max(next.expiredThrough[e], head - minutes);
      }
      for (long m = head - minutes + 1; m <= head; m++) {
        double good = prev.minuteEvents.x(m);
        double total = prev.minuteEvents.y(m);
        if (good != 0 || total != 0) {
          next.record(t, m * 60, good, total);
        }
      }
      next.refresh(now);
      return;
    }
    next.minuteEvents.copyFrom(prev.minuteEvents);
    if (next.minuteSlices != null && prev.minuteSlices != null) {
      next.minuteSlices.copyFrom(prev.minuteSlices);
    }
    next.hours.copyFrom(prev.hours);
    takeExactSums(prev, next, t);
    if (next.calendar != null) {
      next.periodStart = prev.periodStart;
      next.periodEnd = prev.periodEnd;
      next.num[2 * next.sloWindow] = prev.num[2 * prev.sloWindow];
      next.num[2 * next.sloWindow + 1] = prev.num[2 * prev.sloWindow + 1];
    }
    for (int r = 0; r < next.rules.length; r++) {
      for (int p = 0; p < prev.rules.length; p++) {
        if (next.rules[r].equals(prev.rules[p])) {
          AlertTracker.copy(prev.alerts, p, next.alerts, r);
        }
      }
    }
    next.refresh(now);
  }

  /**
   * Takes over the exact sums of windows that {@code prev} had too; a window it did not have starts
   * from its hour-aligned sums, which cover the minutes from the start of its oldest hour: it is
   * exact once it has grown to its length.
   */
  private static void takeExactSums(SloState prev, SloState next, long now) {
    next.exact = prev.exact;
    next.newestMinute = prev.newestMinute;
    next.advance(now);
    for (int e = 0; e < next.exactWindow.length; e++) {
      int p = 0;
      while (p < prev.exactMinutes.length && prev.exactMinutes[p] != next.exactMinutes[e]) {
        p++;
      }
      if (p < prev.exactMinutes.length) {
        next.expiredThrough[e] = prev.expiredThrough[p];
        next.exactSums[2 * e] = prev.exactSums[2 * p];
        next.exactSums[2 * e + 1] = prev.exactSums[2 * p + 1];
      } else {
        int w = next.exactWindow[e];
        long hoursLong = next.meta[2 * w + 1];
        next.expiredThrough[e] = (Math.floorDiv(now, 3600) - hoursLong + 1) * 60 - 1;
        next.exactSums[2 * e] = next.num[2 * w];
        next.exactSums[2 * e + 1] = next.num[2 * w + 1];
      }
    }
  }
}
