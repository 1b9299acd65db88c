package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyedDeltaTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long MINUTE = 60_000;

  private static IngestBatch keyed(String key, long ts, double value) {
    MatchedSeries s =
        new MatchedSeries(
            "events",
            Temporality.DELTA,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {ts},
            new double[] {value});
    return new IngestBatch(List.of(s), Optional.of(key), 1);
  }

  @Test
  void keyedDeltaBatches_ofOneSeries_allCount_whateverTheOrderOfTheirTimes() {
    GroupPlan plan =
        new GroupPlan(
            List.of(
                keyed("a", NOW - MINUTE + 500, 2),
                keyed("b", NOW - MINUTE + 500, 3),
                keyed("c", NOW - MINUTE + 100, 4)));

    GroupPlan.Outcome o = plan.apply(new boolean[3], Map.of(), NOW, 3_600_000, 600_000);

    assertThat(o.results()).containsOnly(new CommitResult(1, 0, 0));
    assertThat(o.minuteBuckets().total()).containsExactly(9);
    assertThat(o.newSeries().lastTsMs()).containsExactly(NOW - MINUTE + 500);
  }

  @Test
  void keyedDeltaBatches_whoseKeyWasCommitted_addNothing() {
    GroupPlan plan =
        new GroupPlan(List.of(keyed("a", NOW - MINUTE, 2), keyed("b", NOW - MINUTE, 3)));

    GroupPlan.Outcome o =
        plan.apply(new boolean[] {true, false}, Map.of(), NOW, 3_600_000, 600_000);

    assertThat(o.results()).containsExactly(new CommitResult(0, 1, 0), new CommitResult(1, 0, 0));
    assertThat(o.minuteBuckets().total()).containsExactly(3);
  }
}
