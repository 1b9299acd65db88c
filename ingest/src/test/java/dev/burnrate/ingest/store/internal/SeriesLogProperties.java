package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series log computes what the inline path computes: for random groups (counters with resets,
 * re-sent and out-of-order samples, stale markers, late samples, keyless and keyed deltas), the
 * buckets written at the ack plus those the applier writes equal the inline path's buckets, group
 * after group. Seeded; the seed is printed on failure.
 */
class SeriesLogProperties {
  private static final long NOW = 1_800_000_000_000L;
  private static final long HOUR = 3_600_000;
  private static final long UNBOUNDED = Long.MAX_VALUE / 4;
  private static final List<Contribution> A =
      List.of(new Contribution("a", SliRole.TOTAL, 1), new Contribution("b", SliRole.BAD, -1, 2));
  private static final List<Contribution> B = List.of(new Contribution("b", SliRole.GOOD, 1));

  @Test
  void loggedGroups_addUpToTheInlineBuckets() {
    for (long seed = 1; seed <= 200; seed++) {
      try {
        check(seed);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void check(long seed) {
    Random r = new Random(seed);
    Map<Long, Object[]> inlineState = new HashMap<>();
    Map<Long, Object[]> logState = new HashMap<>();
    KnownKeys knownKeys = new KnownKeys(r.nextBoolean() ? 1000 : 0);
    Map<String, Double> inline = new HashMap<>();
    Map<String, Double> logged = new HashMap<>();
    double[] last = new double[8];
    long[] lastTs = new long[8];
    for (int g = 0; g < 30; g++) {
      List<IngestBatch> batches = new ArrayList<>();
      int batchCount = 1 + r.nextInt(3);
      for (int b = 0; b < batchCount; b++) {
        batches.add(randomBatch(r, last, lastTs));
      }
      boolean[] noKeys = new boolean[batches.size()];
      GroupPlan.Outcome in =
          new GroupPlan(batches).apply(noKeys, stored(inlineState), NOW, HOUR, 600_000);
      // The same group with each series' state found by its place from seriesHashes, as a commit
      // does, rather than by its hash: the same outcome.
      GroupPlan placed = new GroupPlan(batches);
      placed.seriesHashes(noKeys);
      assertThat(placed.apply(noKeys, stored(inlineState), NOW, HOUR, 600_000))
          .usingRecursiveComparison()
          .withComparatorForType(Double::compare, Double.class)
          .isEqualTo(in);
      settle(inlineState, in.settledSeries());
      add(inline, in.minuteBuckets());

      AppendPlan.Outcome ack =
          new AppendPlan(batches).apply(noKeys, knownKeys, new long[] {NOW, HOUR, 600_000});
      knownKeys.addAll(ack.keyLogged());
      add(logged, ack.minuteBuckets());
      for (int b = 0; b < batches.size(); b++) {
        CommitResult i = in.results().get(b);
        CommitResult l = ack.results().get(b);
        assertThat(l.tooLate()).isEqualTo(i.tooLate());
        assertThat(l.applied() + l.duplicates() + l.tooLate())
            .isEqualTo(i.applied() + i.duplicates() + i.tooLate());
      }
      if (ack.payload() != null) {
        SeriesLogCodec.Decoded row = SeriesLogCodec.decode(ack.payload());
        assertThat(row.batch().receivedSamples()).isEqualTo(ack.loggedSamples());
        long[][] scanned = SeriesLogCodec.hashes(ack.payload());
        assertThat(scanned[0]).isEqualTo(row.hashes());
        assertThat(scanned[1]).isEqualTo(row.checks());
        GroupPlan.Outcome applied =
            GroupPlan.ofLog(List.of(ack.payload()))
                .apply(new boolean[1], stored(logState), NOW, UNBOUNDED, UNBOUNDED);
        settle(logState, applied.settledSeries());
        add(logged, applied.minuteBuckets());
      }
      assertThat(logged).as("after group %d", g).isEqualTo(inline);
    }
    assertThat(inline).isNotEmpty();
  }

  private static IngestBatch randomBatch(Random r, double[] last, long[] lastTs) {
    boolean keyed = r.nextInt(4) == 0;
    List<MatchedSeries> series = new ArrayList<>();
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(last.length);
      Temporality t = k < 5 ? Temporality.CUMULATIVE : Temporality.DELTA;
      int samples = 1 + r.nextInt(3);
      long[] ts = new long[samples];
      double[] values = new double[samples];
      for (int j = 0; j < samples; j++) {
        int step = r.nextInt(10);
        // Mostly forward; sometimes a re-sent or older sample, a late one, a stale marker.
        long at =
            step == 0
                ? lastTs[k] - r.nextInt(90_000)
                : step == 1
                    ? NOW - 2 * HOUR
                    : Math.max(lastTs[k], NOW - HOUR / 2) + 1 + r.nextInt(40_000);
        at = Math.min(at, NOW + 60_000);
        double v =
            step == 2
                ? Double.NaN
                : t == Temporality.DELTA
                    ? r.nextInt(5)
                    : (r.nextInt(8) == 0 ? r.nextInt(3) : last[k] + r.nextInt(7));
        ts[j] = at;
        values[j] = v;
        if (at > lastTs[k] && !Double.isNaN(v)) {
          lastTs[k] = at;
          last[k] = v;
        }
      }
      java.util.Arrays.sort(ts);
      series.add(new MatchedSeries("series-" + k, t, k % 2 == 0 ? A : B, ts, values));
    }
    return new IngestBatch(series, keyed ? Optional.of("k" + r.nextLong()) : Optional.empty(), n);
  }

  private static StoredSeries stored(Map<Long, Object[]> state) {
    StoredSeries s = new StoredSeries(state.size());
    state.forEach((h, v) -> s.add(h, (Long) v[0], (Long) v[1], (Double) v[2]));
    return s;
  }

  private static void settle(Map<Long, Object[]> state, SeriesRows rows) {
    for (int i = 0; i < rows.size(); i++) {
      state.put(
          rows.hash()[i], new Object[] {rows.check()[i], rows.lastTsMs()[i], rows.lastValue()[i]});
    }
  }

  private static void add(Map<String, Double> sums, BucketRows rows) {
    for (int i = 0; i < rows.size(); i++) {
      String key = rows.slo()[i] + "@" + rows.startSeconds()[i];
      double[] cell = {rows.good()[i], rows.bad()[i], rows.total()[i]};
      for (int c = 0; c < 3; c++) {
        sums.merge(key + "/" + c, cell[c], Double::sum);
      }
    }
    sums.values().removeIf(v -> v == 0.0);
  }
}
