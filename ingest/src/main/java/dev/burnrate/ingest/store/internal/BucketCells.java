package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A commit's increases per (SLO, minute), summed in memory. The cells of the last lookup are kept
 * (consecutive samples often share their contributions and minute), and the cells each distinct
 * contribution list last added to, so a sample whose list and minute repeat an earlier one's costs
 * one lookup of its list rather than one per SLO it counts towards.
 */
final class BucketCells {
  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;

  private final Map<BucketKey, double[]> buckets = new HashMap<>();
  private final Map<List<Contribution>, Cells> lastCells = new HashMap<>();
  // The same by identity, asked first: decoders share one list among series matched alike.
  private final Map<List<Contribution>, Cells> lastByIdentity = new IdentityHashMap<>();
  private List<Contribution> cellsFor;
  private Cells cells;

  /** The cells of one contribution list in one minute, one per contribution. */
  private record Cells(long minute, double[][] cells) {}

  /** Adds {@code increase}, times each contribution's sign and weight, at time {@code t}. */
  void add(List<Contribution> contributions, long t, double increase) {
    long minute = Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
    if (cells == null
        || minute != cells.minute
        || (contributions != cellsFor && !contributions.equals(cellsFor))) {
      Cells last = lastByIdentity.get(contributions);
      if (last == null || last.minute != minute) {
        last = lastCells.get(contributions);
      }
      if (last == null || last.minute != minute) {
        double[][] c = new double[contributions.size()][];
        for (int k = 0; k < c.length; k++) {
          c[k] =
              buckets.computeIfAbsent(
                  new BucketKey(contributions.get(k).slo(), minute), key -> new double[3]);
        }
        last = new Cells(minute, c);
        lastCells.put(contributions, last);
      }
      lastByIdentity.put(contributions, last);
      cells = last;
      cellsFor = contributions;
    }
    double[][] c = cells.cells;
    for (int k = 0; k < c.length; k++) {
      Contribution contribution = contributions.get(k);
      c[k][column(contribution.role())] += contribution.of(increase);
    }
  }

  /** The minute rows, sorted by SLO and time. */
  BucketRows minuteRows() {
    return rows(buckets);
  }

  /** The same increases per (SLO, hour), sorted by SLO and time. */
  BucketRows hourRows() {
    Map<BucketKey, double[]> hours = new HashMap<>();
    for (Map.Entry<BucketKey, double[]> e : buckets.entrySet()) {
      long hour = Math.floorDiv(e.getKey().startMs(), HOUR_MS) * HOUR_MS;
      double[] cell =
          hours.computeIfAbsent(new BucketKey(e.getKey().slo(), hour), k -> new double[3]);
      for (int i = 0; i < 3; i++) {
        cell[i] += e.getValue()[i];
      }
    }
    return rows(hours);
  }

  private static int column(SliRole role) {
    return switch (role) {
      case GOOD -> 0;
      case BAD -> 1;
      case TOTAL -> 2;
    };
  }

  private static BucketRows rows(Map<BucketKey, double[]> buckets) {
    List<Map.Entry<BucketKey, double[]>> entries = new ArrayList<>(buckets.entrySet());
    entries.sort(
        Comparator.comparing((Map.Entry<BucketKey, double[]> e) -> e.getKey().slo())
            .thenComparingLong(e -> e.getKey().startMs()));
    int n = entries.size();
    String[] slo = new String[n];
    long[] start = new long[n];
    // good, bad and total
    double[][] columns = new double[3][n];
    for (int i = 0; i < n; i++) {
      BucketKey key = entries.get(i).getKey();
      slo[i] = key.slo();
      start[i] = key.startMs() / 1000;
      double[] cell = entries.get(i).getValue();
      for (int col = 0; col < 3; col++) {
        columns[col][i] = cell[col];
      }
    }
    return new BucketRows(slo, start, columns[0], columns[1], columns[2]);
  }

  private record BucketKey(String slo, long startMs) {}
}
