package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one group of batches does when series state is kept by the series log applier rather than in
 * the group's own transaction: the pure part of a logged commit.
 *
 * <p>Keyed delta series need no state, so their increases go to the buckets at once, as in {@link
 * GroupPlan}. Every other accepted sample (finite, within the time bounds) is appended to one
 * payload with its series' hashes and contributions; the applier later turns it into increases
 * against the series' state, by {@link GroupPlan}'s rules. A sample that the applier finds at or
 * before its series' last time (a retried request) then adds nothing there, so the ack counts it as
 * applied but it is never counted twice.
 */
public final class AppendPlan {
  private final List<IngestBatch> batches;
  private final long[][] hashes;
  private final long[][] checks;

  /** Prepares a group with the hashes its series with state came with. */
  public AppendPlan(List<IngestBatch> batches) {
    this.batches = List.copyOf(batches);
    this.hashes = new long[this.batches.size()][];
    this.checks = new long[this.batches.size()][];
    for (int b = 0; b < this.batches.size(); b++) {
      IngestBatch batch = this.batches.get(b);
      boolean keyed = batch.idempotencyKey().isPresent();
      List<MatchedSeries> series = batch.series();
      long[] h = new long[series.size()];
      long[] c = new long[series.size()];
      for (int i = 0; i < h.length; i++) {
        // The hashes come from the batch, which read them where the series were built.
        if (!keyed || series.get(i).temporality() != Temporality.DELTA) {
          h[i] = batch.hash(i);
          c[i] = batch.check(i);
        }
      }
      hashes[b] = h;
      checks[b] = c;
    }
  }

  /** The batches of the group, in submission order. */
  public List<IngestBatch> batches() {
    return batches;
  }

  /**
   * Applies the group.
   *
   * @param duplicateKey per batch, whether its idempotency key was already committed
   * @param knownKeys the series whose key this writer logged before (their key is left out)
   * @param time now, how far behind it and how far ahead of it a sample may be, in ms
   */
  public Outcome apply(boolean[] duplicateKey, KnownKeys knownKeys, long[] time) {
    long minTs = time[0] - time[1];
    long maxTs = time[0] + time[2];
    BucketCells cells = new BucketCells();
    SeriesLogCodec.Writer log = new SeriesLogCodec.Writer();
    LongIndex keyIndex = new LongIndex(16);
    long[] keyLogged = new long[16];
    int keyCount = 0;
    List<CommitResult> results = new ArrayList<>(batches.size());
    for (int b = 0; b < batches.size(); b++) {
      IngestBatch batch = batches.get(b);
      SampleCounts counts = new SampleCounts(minTs, maxTs);
      boolean keyed = batch.idempotencyKey().isPresent();
      List<MatchedSeries> seriesList = batch.series();
      for (int i = 0; i < seriesList.size(); i++) {
        MatchedSeries s = seriesList.get(i);
        if (duplicateKey[b]) {
          counts.duplicates += s.size();
          continue;
        }
        boolean stateless = keyed && s.temporality() == Temporality.DELTA;
        if (!stateless) {
          long h = hashes[b][i];
          boolean withKey = !knownKeys.contains(s.key(), h) && keyIndex.get(h) < 0;
          if (withKey) {
            if (keyCount == keyLogged.length) {
              keyLogged = Arrays.copyOf(keyLogged, keyCount * 2);
            }
            keyIndex.put(h, keyCount);
            keyLogged[keyCount++] = h;
          }
          log.begin(s, h, checks[b][i], withKey ? s.key() : null);
        }
        long[] ts = s.timestampsMs();
        double[] values = s.values();
        for (int j = 0; j < values.length; j++) {
          if (!counts.valid(ts[j], values[j])) {
            continue;
          }
          counts.applied++;
          if (stateless) {
            cells.add(s.contributions(), ts[j], values[j]);
          } else {
            log.sample(ts[j], values[j]);
          }
        }
        if (!stateless) {
          log.end();
        }
      }
      results.add(counts.result());
    }
    return new Outcome(
        results,
        cells.minuteRows(),
        cells.hourRows(),
        log.samples() == 0 ? null : log.toBytes(),
        log.samples(),
        Arrays.copyOf(keyLogged, keyCount));
  }

  /**
   * The result of applying a group in log mode.
   *
   * @param results per batch, in order
   * @param minuteBuckets increases of keyed delta series per (SLO, minute)
   * @param hourBuckets the same increases per (SLO, hour)
   * @param payload the series log row's payload; null when no sample with state was accepted
   * @param loggedSamples the samples in the payload
   * @param keyLogged the series whose key the payload carries
   */
  public record Outcome(
      List<CommitResult> results,
      BucketRows minuteBuckets,
      BucketRows hourBuckets,
      byte[] payload,
      int loggedSamples,
      long[] keyLogged) {}
}
