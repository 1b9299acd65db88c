package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
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
 *       duplicate: that makes every retry idempotent. Delta samples of a batch with an idempotency
 *       key are the exception: the key already makes the retry exact, and deltas from several
 *       sources (request events from many shippers) interleave in time, so they all add. Such a
 *       series needs no state at all: it is neither hashed, read nor written;
 *   <li>a cumulative sample of a series never seen sets the baseline and adds nothing; after that
 *       the increase is the difference to the last value, or the value itself when it is lower (a
 *       counter reset);
 *   <li>a delta sample adds its value;
 *   <li>the increase, times each contribution's sign, goes to its SLO's GOOD, BAD or TOTAL column
 *       in the minute bucket that holds the sample's time.
 * </ul>
 */
public final class GroupPlan {
  private final List<IngestBatch> batches;
  private final long[][] hashes;
  private final long[][] checks;
  private final boolean[] keyed;
  // A log plan's rows, read in place by apply (with the round's shared lists); null otherwise.
  private final List<byte[]> rows;
  private final Map<List<Contribution>, List<Contribution>> lists;
  // What seriesHashes found: per batch and series, the series' place among the distinct ones in
  // order of first appearance (-1 for one without state), and the duplicate flags it was for.
  private int[][] slots;
  private boolean[] slotsFor;

  /** Prepares a group with the hashes its series with state came with. */
  public GroupPlan(List<IngestBatch> batches) {
    this.batches = List.copyOf(batches);
    this.hashes = new long[this.batches.size()][];
    this.checks = new long[this.batches.size()][];
    this.keyed = new boolean[this.batches.size()];
    this.rows = null;
    this.lists = null;
    for (int b = 0; b < this.batches.size(); b++) {
      IngestBatch batch = this.batches.get(b);
      keyed[b] = batch.idempotencyKey().isPresent();
      List<MatchedSeries> series = batch.series();
      long[] h = new long[series.size()];
      long[] c = new long[series.size()];
      for (int i = 0; i < h.length; i++) {
        if (hasState(b, series.get(i))) {
          h[i] = batch.hash(i);
          c[i] = batch.check(i);
        }
      }
      hashes[b] = h;
      checks[b] = c;
    }
  }

  private GroupPlan(
      List<IngestBatch> batches,
      long[][] hashes,
      long[][] checks,
      List<byte[]> rows,
      Map<List<Contribution>, List<Contribution>> lists) {
    this.batches = batches;
    this.hashes = hashes;
    this.checks = checks;
    this.keyed = new boolean[batches.size()];
    this.rows = rows;
    this.lists = lists;
  }

  /**
   * A group of series log rows (their payloads), in their log order, each one batch without a key:
   * every series has state, and its hashes come with it. Only the hashes are read now; {@link
   * #apply} reads each row in place, series by series into reused arrays, so that a round holds its
   * rows' compact payloads and makes no object per series (decoding every row first would keep a
   * hundred megabytes alive for a round of a second at a million samples a second, for the
   * collector to copy). {@link #batches} decodes a row when asked for it.
   */
  public static GroupPlan ofLog(List<byte[]> payloads) {
    List<byte[]> rows = List.copyOf(payloads);
    long[][] hashes = new long[rows.size()][];
    long[][] checks = new long[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      long[][] both = SeriesLogCodec.hashes(rows.get(r));
      hashes[r] = both[0];
      checks[r] = both[1];
    }
    // The rows of one round share their contribution lists.
    Map<List<Contribution>, List<Contribution>> lists = new HashMap<>();
    List<IngestBatch> decodedOnRead =
        new AbstractList<>() {
          @Override
          public IngestBatch get(int r) {
            return SeriesLogCodec.decode(rows.get(r), lists).batch();
          }

          @Override
          public int size() {
            return rows.size();
          }
        };
    return new GroupPlan(decodedOnRead, hashes, checks, rows, lists);
  }

  /** The series of batch {@code b}, in order. */
  private SeriesCursor cursor(int b) {
    return rows != null
        ? SeriesLogCodec.entries(rows.get(b), lists)
        : SeriesCursor.of(batches.get(b).series());
  }

  /** Whether a series of batch {@code b} reads and writes state: all but keyed delta series. */
  private boolean hasState(int b, MatchedSeries s) {
    return !(keyed[b] && s.temporality() == Temporality.DELTA);
  }

  /** The batches of the group, in submission order. */
  public List<IngestBatch> batches() {
    return batches;
  }

  /**
   * The distinct hashes of the series with state of the batches that are not duplicates, sorted.
   */
  public long[] seriesHashes(boolean[] duplicateKey) {
    // A log round repeats each series about once per request it was in: the distinct hashes are
    // found first, so that only those are sorted.
    LongIndex seen = new LongIndex(64);
    long[] distinct = new long[64];
    int n = 0;
    int[][] at = new int[hashes.length][];
    for (int b = 0; b < hashes.length; b++) {
      if (!duplicateKey[b]) {
        // Every series of a batch without a key has state: its series are not looked at (a log
        // row is not decoded for this).
        List<MatchedSeries> series = keyed[b] ? batches.get(b).series() : null;
        at[b] = new int[hashes[b].length];
        for (int i = 0; i < hashes[b].length; i++) {
          long h = hashes[b][i];
          if (series != null && !hasState(b, series.get(i))) {
            at[b][i] = -1;
            continue;
          }
          int slot = seen.get(h);
          if (slot < 0) {
            slot = n;
            seen.put(h, n);
            if (n == distinct.length) {
              distinct = Arrays.copyOf(distinct, 2 * n);
            }
            distinct[n++] = h;
          }
          at[b][i] = slot;
        }
      }
    }
    slots = at;
    slotsFor = duplicateKey.clone();
    distinct = Arrays.copyOf(distinct, n);
    Arrays.sort(distinct);
    return distinct;
  }

  /**
   * Applies the group.
   *
   * @param duplicateKey per batch, whether its idempotency key was already committed
   * @param stored the committed state of the series that have one
   * @param nowMs the clock's now
   * @param latenessMs how far behind now a sample may be
   * @param futureToleranceMs how far ahead of now a sample may be
   */
  public Outcome apply(
      boolean[] duplicateKey,
      StoredSeries stored,
      long nowMs,
      long latenessMs,
      long futureToleranceMs) {
    long minTs = nowMs - latenessMs;
    long maxTs = nowMs + futureToleranceMs;
    int expected = 0;
    for (int b = 0; b < batches.size(); b++) {
      expected += duplicateKey[b] ? 0 : hashes[b].length;
    }
    SeriesStates work = new SeriesStates(expected);
    // After seriesHashes for the same batches, each series' state is found by its place: apply
    // meets the distinct series in the same order, so the n-th new one is state n.
    int[][] slotOf = slots != null && Arrays.equals(slotsFor, duplicateKey) ? slots : null;
    BucketCells cells = new BucketCells();
    List<CommitResult> results = new ArrayList<>(batches.size());
    long collisions = 0;
    for (int b = 0; b < batches.size(); b++) {
      // Read once per batch: a log row is read here, in place.
      SeriesCursor s = cursor(b);
      if (duplicateKey[b]) {
        long samples = 0;
        while (s.next()) {
          samples += s.size();
        }
        results.add(new CommitResult(0, samples, 0));
        continue;
      }
      SampleCounts counts = new SampleCounts(minTs, maxTs);
      for (int i = 0; s.next(); i++) {
        List<Contribution> contributions = s.contributions();
        long[] ts = s.timestampsMs();
        double[] values = s.values();
        int size = s.size();
        boolean delta = s.delta();
        if (keyed[b] && delta) {
          // A keyed delta: the key makes a retried batch exact, and deltas need no ordering
          // (events from several shippers interleave), so every valid sample adds.
          for (int j = 0; j < size; j++) {
            if (counts.valid(ts[j], values[j])) {
              counts.applied++;
              cells.add(contributions, ts[j], values[j]);
            }
          }
          continue;
        }
        long h = hashes[b][i];
        long check = checks[b][i];
        int w;
        if (slotOf == null) {
          w = work.find(h);
        } else {
          w = slotOf[b][i];
          if (w >= work.size) {
            w = -1;
          }
        }
        if (w < 0) {
          int st = stored.find(h);
          w =
              st < 0
                  ? work.add(h, check, s.key(), false, Long.MIN_VALUE, Double.NaN)
                  : work.add(
                      h,
                      stored.checkKnown(st) ? stored.check(st) : check,
                      s.key(),
                      true,
                      stored.lastTsMs(st),
                      stored.lastValue(st));
          if (st >= 0 && stored.cached(st)) {
            work.expectTs[w] = stored.lastTsMs(st);
          }
          if (slotOf != null && w != slotOf[b][i]) {
            throw new IllegalStateException(
                "series state " + w + " where seriesHashes found " + slotOf[b][i]);
          }
        }
        if (work.check[w] != check) {
          // Two keys with one 64-bit hash: counting either into the other's state would be wrong.
          collisions++;
          counts.duplicates += size;
          continue;
        }
        for (int j = 0; j < size; j++) {
          long t = ts[j];
          double v = values[j];
          if (!counts.valid(t, v)) {
            continue;
          }
          if (work.present[w] && t <= work.lastTs[w]) {
            counts.duplicates++;
            continue;
          }
          double last = work.lastValue[w];
          double increase;
          if (delta) {
            increase = v;
          } else if (!work.present[w] || Double.isNaN(last)) {
            increase = 0;
          } else {
            increase = v >= last ? v - last : v;
          }
          work.present[w] = true;
          work.changed[w] = true;
          work.lastTs[w] = t;
          work.lastValue[w] = delta ? Double.NaN : v;
          counts.applied++;
          if (increase != 0) {
            cells.add(contributions, t, increase);
          }
        }
      }
      results.add(counts.result());
    }
    return new Outcome(
        results,
        cells.minuteRows(),
        cells.hourRows(),
        work.rows(SeriesStates.NEW),
        work.rows(SeriesStates.UPDATED),
        work.rows(SeriesStates.PRESENT),
        collisions);
  }

  /**
   * The result of applying a group.
   *
   * @param results per batch, in order
   * @param minuteBuckets increases per (SLO, minute)
   * @param hourBuckets the same increases per (SLO, hour)
   * @param newSeries states of series that had none
   * @param updatedSeries new states of series that had one, each with the stored time it expects
   * @param settledSeries the state of every series with state after the group, changed or not: what
   *     the database holds once the transaction commits
   * @param collisions series skipped because another key has their hash
   */
  public record Outcome(
      List<CommitResult> results,
      BucketRows minuteBuckets,
      BucketRows hourBuckets,
      SeriesRows newSeries,
      SeriesRows updatedSeries,
      SeriesRows settledSeries,
      long collisions) {}
}
