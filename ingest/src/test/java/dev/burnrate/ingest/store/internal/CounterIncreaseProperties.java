package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CounterIncreaseProperties {
  private static final long NOW = 1_800_000_000_000L;
  private static final long HOUR = 3_600_000;

  /**
   * However a counter's samples are split into commits, and however often a commit is re-sent, the
   * buckets sum to the brute-force increase: each step's difference, or the new value after a
   * reset, starting from the first sample.
   */
  @Test
  void splitAndResentCommits_sumToTheBruteForceIncrease() {
    PropertyRunner.forAll(
        300,
        Gen.ints(0, 1000).list(1, 40),
        Gen.ints(1, 7),
        Gen.booleans(),
        CounterIncreaseProperties::splitAndResentCommitsSumToTheBruteForceIncrease);
  }

  private static void splitAndResentCommitsSumToTheBruteForceIncrease(
      List<Integer> values, int chunk, boolean resend) {
    long[] ts = new long[values.size()];
    double[] vs = new double[values.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = NOW - HOUR / 2 + i * 15_000L;
      vs[i] = values.get(i);
    }
    double expected = 0;
    for (int i = 1; i < vs.length; i++) {
      expected += vs[i] >= vs[i - 1] ? vs[i] - vs[i - 1] : vs[i];
    }

    long[] state = null; // hash, check, ts and the value's bits of the one series
    double sum = 0;
    for (int from = 0; from < ts.length; from += chunk) {
      int to = Math.min(ts.length, from + chunk);
      MatchedSeries part =
          new MatchedSeries(
              "c",
              Temporality.CUMULATIVE,
              List.of(new Contribution("slo", SliRole.TOTAL, 1)),
              Arrays.copyOfRange(ts, from, to),
              Arrays.copyOfRange(vs, from, to));
      List<IngestBatch> group = new ArrayList<>();
      group.add(new IngestBatch(List.of(part), Optional.empty(), part.size()));
      if (resend) {
        group.add(new IngestBatch(List.of(part), Optional.empty(), part.size()));
      }
      StoredSeries stored = new StoredSeries(1);
      if (state != null) {
        stored.add(state[0], state[1], state[2], Double.longBitsToDouble(state[3]));
      }
      GroupPlan.Outcome o =
          new GroupPlan(group).apply(new boolean[group.size()], stored, NOW, HOUR, HOUR);
      for (double t : o.minuteBuckets().total()) {
        sum += t;
      }
      SeriesRows rows = o.newSeries().size() > 0 ? o.newSeries() : o.updatedSeries();
      if (rows.size() > 0) {
        state =
            new long[] {
              rows.hash()[0],
              rows.check()[0],
              rows.lastTsMs()[0],
              Double.doubleToRawLongBits(rows.lastValue()[0])
            };
      }
    }

    assertThat(sum).isEqualTo(expected);
  }
}
