package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group of batches does to series state and SLI buckets: the pure part of a commit, with
 * no I/O, so every rule can be tested without a database.
 *
 * <p>Batches are applied in order, each series' samples in order, against the series state read at
 * the start of the transaction. For one series:
 *
 * <ul>
 *   <li>a value that is not finite (a Prometheus stale marker is a NaN) adds nothing and counts as
 *       a duplicate;
 *   <li>a sample older than the lateness, or further ahead of the clock than the future tolerance,
 *       is rejected and counted as too late;
 *   <li>a sample at or before the series' last committed time adds nothing and counts as a
 *       duplicate: that makes every retry idempotent; except a delta sample of a batch with an
 *       idempotency key, which the key already makes idempotent (events of one series arrive from
 *       many requests, in any order, often at the same millisecond);
 *   <li>a cumulative sample of a series never seen sets the baseline and adds nothing; after that
 *       the increase is the difference to the last value, or the value itself when it is lower (a
 *       counter reset);
 *   <li>a delta sample adds its value;
 *   <li>the increase, times each contribution's sign, goes to its SLO's GOOD, BAD or TOTAL column
 *       in the minute bucket that holds the sample's time.
 * </ul>
 */
public final class GroupPlan {
  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;

  private final List<IngestBatch> batches;
  private final long[][] hashes;

  /** Prepares a group, hashing every series key once. */
  public GroupPlan(List<IngestBatch> batches) {
    this.batches = List.copyOf(batches);
    this.hashes = new long[this.batches.size()][];
    for (int b = 0; b < this.batches.size(); b++) {
      List<MatchedSeries> series = this.batches.get(b).series();
      long[] h = new long[series.size()];
      for (int i = 0; i < h.length; i++) {
        h[i] = SeriesHash.of(series.get(i).seriesKey());
      }
      hashes[b] = h;
    }
  }

  /** The batches of the group, in submission order. */
  public List<IngestBatch> batches() {
    return batches;
  }

  /** The distinct hashes of the series of the batches that are not duplicates, sorted. */
  public long[] seriesHashes(boolean[] duplicateKey) {
    int n = 0;
    for (int b = 0; b < hashes.length; b++) {
      if (!duplicateKey[b]) {
        n += hashes[b].length;
      }
    }
    long[] all = new long[n];
    int k = 0;
    for (int b = 0; b < hashes.length; b++) {
      if (!duplicateKey[b]) {
        System.arraycopy(hashes[b], 0, all, k, hashes[b].length);
        k += hashes[b].length;
      }
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    return Arrays.copyOf(all, distinct);
  }

  /**
   * Applies the group.
   *
   * @param duplicateKey per batch, whether its idempotency key was already committed
   * @param stored the committed state of the series that have one, by hash
   * @param nowMs the clock's now
   * @param latenessMs how far behind now a sample may be
   * @param futureToleranceMs how far ahead of now a sample may be
   */
  public Outcome apply(
      boolean[] duplicateKey,
      Map<Long, StoredSeries> stored,
      long nowMs,
      long latenessMs,
      long futureToleranceMs) {
    long minTs = nowMs - latenessMs;
    long maxTs = nowMs + futureToleranceMs;
    Map<Long, Work> work = HashMap.newHashMap(stored.size() + 16);
    Map<BucketKey, double[]> buckets = new HashMap<>();
    List<CommitResult> results = new ArrayList<>(batches.size());
    long collisions = 0;
    for (int b = 0; b < batches.size(); b++) {
      IngestBatch batch = batches.get(b);
      if (duplicateKey[b]) {
        long samples = 0;
        for (MatchedSeries s : batch.series()) {
          samples += s.size();
        }
        results.add(new CommitResult(0, samples, 0));
        continue;
      }
      long applied = 0;
      long duplicates = 0;
      long tooLate = 0;
      List<MatchedSeries> seriesList = batch.series();
      for (int i = 0; i < seriesList.size(); i++) {
        MatchedSeries s = seriesList.get(i);
        long h = hashes[b][i];
        Work w = work.get(h);
        if (w == null) {
          StoredSeries st = stored.get(h);
          w = st == null ? new Work(s.seriesKey()) : new Work(st);
          work.put(h, w);
        }
        if (!w.key.equals(s.seriesKey())) {
          // Two keys with one 64-bit hash: counting either into the other's state would be wrong.
          collisions++;
          duplicates += s.size();
          continue;
        }
        boolean delta = s.temporality() == Temporality.DELTA;
        // A keyed batch's increments are made idempotent by its key; dropping its delta samples at
        // or before the series' last time would lose events that other batches (other shippers,
        // concurrent requests) sent for the same series at the same or an earlier time.
        boolean keyedDelta = delta && batch.idempotencyKey().isPresent();
        long[] ts = s.timestampsMs();
        double[] values = s.values();
        for (int j = 0; j < values.length; j++) {
          long t = ts[j];
          double v = values[j];
          if (!Double.isFinite(v)) {
            duplicates++;
            continue;
          }
          if (t < minTs || t > maxTs) {
            tooLate++;
            continue;
          }
          if (w.present && t <= w.lastTs && !keyedDelta) {
            duplicates++;
            continue;
          }
          double increase;
          if (delta) {
            increase = v;
          } else if (!w.present || Double.isNaN(w.lastValue)) {
            increase = 0;
          } else {
            increase = v >= w.lastValue ? v - w.lastValue : v;
          }
          w.present = true;
          w.changed = true;
          w.lastTs = Math.max(w.lastTs, t);
          w.lastValue = delta ? Double.NaN : v;
          applied++;
          if (increase != 0) {
            long minute = Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
            for (Contribution c : s.contributions()) {
              double[] cell =
                  buckets.computeIfAbsent(new BucketKey(c.slo(), minute), k -> new double[3]);
              cell[column(c.role())] += c.sign() * increase;
            }
          }
        }
      }
      results.add(new CommitResult(applied, duplicates, tooLate));
    }
    return new Outcome(
        results,
        rows(buckets),
        rows(hourly(buckets)),
        seriesRows(work, false),
        seriesRows(work, true),
        collisions);
  }

  private static int column(SliRole role) {
    return switch (role) {
      case GOOD -> 0;
      case BAD -> 1;
      case TOTAL -> 2;
    };
  }

  private static Map<BucketKey, double[]> hourly(Map<BucketKey, double[]> minutes) {
    Map<BucketKey, double[]> hours = new HashMap<>();
    for (Map.Entry<BucketKey, double[]> e : minutes.entrySet()) {
      long hour = Math.floorDiv(e.getKey().startMs(), HOUR_MS) * HOUR_MS;
      double[] cell =
          hours.computeIfAbsent(new BucketKey(e.getKey().slo(), hour), k -> new double[3]);
      for (int i = 0; i < 3; i++) {
        cell[i] += e.getValue()[i];
      }
    }
    return hours;
  }

  private static BucketRows rows(Map<BucketKey, double[]> buckets) {
    List<Map.Entry<BucketKey, double[]>> entries = new ArrayList<>(buckets.entrySet());
    entries.sort(
        Comparator.comparing((Map.Entry<BucketKey, double[]> e) -> e.getKey().slo())
            .thenComparingLong(e -> e.getKey().startMs()));
    int n = entries.size();
    String[] slo = new String[n];
    long[] start = new long[n];
    double[] good = new double[n];
    double[] bad = new double[n];
    double[] total = new double[n];
    for (int i = 0; i < n; i++) {
      Map.Entry<BucketKey, double[]> e = entries.get(i);
      slo[i] = e.getKey().slo();
      start[i] = e.getKey().startMs() / 1000;
      good[i] = e.getValue()[0];
      bad[i] = e.getValue()[1];
      total[i] = e.getValue()[2];
    }
    return new BucketRows(slo, start, good, bad, total);
  }

  private static SeriesRows seriesRows(Map<Long, Work> work, boolean existing) {
    List<Map.Entry<Long, Work>> changed = new ArrayList<>();
    for (Map.Entry<Long, Work> e : work.entrySet()) {
      if (e.getValue().changed && e.getValue().existed == existing) {
        changed.add(e);
      }
    }
    changed.sort(Map.Entry.comparingByKey());
    int n = changed.size();
    long[] hash = new long[n];
    String[] key = new String[n];
    long[] ts = new long[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      Work w = changed.get(i).getValue();
      hash[i] = changed.get(i).getKey();
      key[i] = w.key;
      ts[i] = w.lastTs;
      value[i] = w.lastValue;
    }
    return new SeriesRows(hash, key, ts, value);
  }

  /**
   * The result of applying a group.
   *
   * @param results per batch, in order
   * @param minuteBuckets increases per (SLO, minute)
   * @param hourBuckets the same increases per (SLO, hour)
   * @param newSeries states of series that had none
   * @param updatedSeries new states of series that had one
   * @param collisions series skipped because another key has their hash
   */
  public record Outcome(
      List<CommitResult> results,
      BucketRows minuteBuckets,
      BucketRows hourBuckets,
      SeriesRows newSeries,
      SeriesRows updatedSeries,
      long collisions) {}

  private record BucketKey(String slo, long startMs) {}

  /** A series' state while the group is applied. */
  private static final class Work {
    final String key;
    final boolean existed;
    boolean present;
    boolean changed;
    long lastTs;
    double lastValue;

    Work(String key) {
      this.key = key;
      this.existed = false;
      this.present = false;
      this.lastTs = Long.MIN_VALUE;
      this.lastValue = Double.NaN;
    }

    Work(StoredSeries stored) {
      this.key = stored.key();
      this.existed = true;
      this.present = true;
      this.lastTs = stored.lastTsMs();
      this.lastValue = stored.lastValue();
    }
  }
}
