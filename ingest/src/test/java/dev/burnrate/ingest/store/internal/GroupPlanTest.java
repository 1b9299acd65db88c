package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupPlanTest {
  private static final long NOW = 1_800_000_000_000L; // a minute boundary: 2027-01-15T08:00:00Z
  private static final long HOUR = 3_600_000;
  private static final long MINUTE = 60_000;

  private static MatchedSeries series(
      String key, Temporality t, List<Contribution> c, long[] ts, double[] v) {
    return new MatchedSeries(key, t, c, ts, v);
  }

  private static IngestBatch batch(MatchedSeries... s) {
    return new IngestBatch(List.of(s), Optional.empty(), s.length);
  }

  private static GroupPlan.Outcome apply(StoredSeries stored, IngestBatch... batches) {
    GroupPlan plan = new GroupPlan(List.of(batches));
    return plan.apply(new boolean[batches.length], stored, NOW, HOUR, 10 * MINUTE);
  }

  private static StoredSeries stored(long hash, long check, long ts, double value) {
    StoredSeries stored = new StoredSeries(1);
    stored.add(hash, check, ts, value);
    return stored;
  }

  private static Map<String, double[]> cells(BucketRows rows) {
    Map<String, double[]> m = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      m.put(
          rows.slo()[i] + "@" + (rows.startSeconds()[i] * 1000 - NOW) / MINUTE,
          new double[] {rows.good()[i], rows.bad()[i], rows.total()[i]});
    }
    return m;
  }

  @Test
  void firstSampleOfANewCounter_setsTheBaseline_andLaterSamplesAddTheirIncrease() {
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - 10 * MINUTE, NOW - 10 * MINUTE + 15_000, NOW - 8 * MINUTE},
            new double[] {10, 15, 25});

    GroupPlan.Outcome o = apply(new StoredSeries(0), batch(s));

    assertThat(o.results()).containsExactly(new CommitResult(3, 0, 0));
    assertThat(cells(o.minuteBuckets()))
        .containsOnlyKeys("slo@-10", "slo@-8")
        .satisfies(m -> assertThat(m.get("slo@-10")).containsExactly(0, 0, 5))
        .satisfies(m -> assertThat(m.get("slo@-8")).containsExactly(0, 0, 10));
    assertThat(o.newSeries().lastValue()).containsExactly(25);
    assertThat(o.newSeries().lastTsMs()).containsExactly(NOW - 8 * MINUTE);
    assertThat(o.updatedSeries().size()).isZero();
  }

  @Test
  void counterReset_countsTheNewValueAsTheIncrease() {
    long h = SeriesHash.of("a");
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - 5 * MINUTE, NOW - 4 * MINUTE},
            new double[] {120, 7});

    GroupPlan.Outcome o = apply(stored(h, SeriesHash.check("a"), NOW - 6 * MINUTE, 100), batch(s));

    assertThat(cells(o.minuteBuckets()).get("slo@-5")).containsExactly(0, 0, 20);
    assertThat(cells(o.minuteBuckets()).get("slo@-4")).containsExactly(0, 0, 7);
    assertThat(o.updatedSeries().lastValue()).containsExactly(7);
  }

  @Test
  void samplesAtOrBeforeTheLastCommittedTime_areDuplicates() {
    long h = SeriesHash.of("a");
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - 7 * MINUTE, NOW - 6 * MINUTE, NOW - 5 * MINUTE},
            new double[] {90, 100, 130});

    GroupPlan.Outcome o = apply(stored(h, SeriesHash.check("a"), NOW - 6 * MINUTE, 100), batch(s));

    assertThat(o.results()).containsExactly(new CommitResult(1, 2, 0));
    assertThat(cells(o.minuteBuckets())).containsOnlyKeys("slo@-5");
    assertThat(cells(o.minuteBuckets()).get("slo@-5")).containsExactly(0, 0, 30);
  }

  @Test
  void samplesOutsideLatenessOrFutureTolerance_areTooLate_andDoNotMoveTheBaseline() {
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - HOUR - 1, NOW - HOUR, NOW + 10 * MINUTE, NOW + 10 * MINUTE + 1},
            new double[] {1, 5, 8, 50});

    GroupPlan.Outcome o = apply(new StoredSeries(0), batch(s));

    assertThat(o.results()).containsExactly(new CommitResult(2, 0, 2));
    assertThat(o.newSeries().lastValue()).containsExactly(8);
    assertThat(cells(o.minuteBuckets()).get("slo@10")).containsExactly(0, 0, 3);
  }

  @Test
  void deltaSamples_addTheirValues_andRepeatedTimesAreDuplicates() {
    MatchedSeries s =
        series(
            "d",
            Temporality.DELTA,
            List.of(new Contribution("slo", SliRole.GOOD, 1)),
            new long[] {NOW - 2 * MINUTE, NOW - 2 * MINUTE, NOW - MINUTE},
            new double[] {3, 3, 4});

    GroupPlan.Outcome o = apply(new StoredSeries(0), batch(s), batch(s));

    assertThat(o.results()).containsExactly(new CommitResult(2, 1, 0), new CommitResult(0, 3, 0));
    assertThat(cells(o.minuteBuckets()).get("slo@-2")).containsExactly(3, 0, 0);
    assertThat(cells(o.minuteBuckets()).get("slo@-1")).containsExactly(4, 0, 0);
    assertThat(o.newSeries().lastValue()[0]).isNaN();
  }

  @Test
  void deltaSamplesOfKeyedBatches_addEvenAtOrBeforeTheLastTime() {
    List<Contribution> to = List.of(new Contribution("slo", SliRole.TOTAL, 1));
    IngestBatch first =
        new IngestBatch(
            List.of(
                series(
                    "e", Temporality.DELTA, to, new long[] {NOW - MINUTE + 500}, new double[] {2})),
            Optional.of("shipper-a-1"),
            1);
    IngestBatch interleaved =
        new IngestBatch(
            List.of(
                series(
                    "e", Temporality.DELTA, to, new long[] {NOW - MINUTE + 200}, new double[] {3})),
            Optional.of("shipper-b-1"),
            1);

    GroupPlan plan = new GroupPlan(List.of(first, interleaved));
    GroupPlan.Outcome o = plan.apply(new boolean[2], new StoredSeries(0), NOW, HOUR, 10 * MINUTE);

    assertThat(o.results()).containsExactly(new CommitResult(1, 0, 0), new CommitResult(1, 0, 0));
    assertThat(cells(o.minuteBuckets()).get("slo@-1")).containsExactly(0, 0, 5);
    // The key alone makes such a batch exact: its series have no state to read or write.
    assertThat(plan.seriesHashes(new boolean[2])).isEmpty();
    assertThat(o.newSeries().size()).isZero();
    assertThat(o.updatedSeries().size()).isZero();
  }

  @Test
  void keyedDeltas_leaveTheStateOfTheSameSeriesSentWithoutAKeyAlone() {
    List<Contribution> to = List.of(new Contribution("slo", SliRole.TOTAL, 1));
    long h = SeriesHash.of("e");
    IngestBatch keyed =
        new IngestBatch(
            List.of(
                series("e", Temporality.DELTA, to, new long[] {NOW - 10_000}, new double[] {2})),
            Optional.of("k"),
            1);
    IngestBatch keyless =
        batch(series("e", Temporality.DELTA, to, new long[] {NOW - 20_000}, new double[] {3}));

    GroupPlan plan = new GroupPlan(List.of(keyed, keyless));
    GroupPlan.Outcome o =
        plan.apply(
            new boolean[2],
            stored(h, SeriesHash.check("e"), NOW - 30_000, Double.NaN),
            NOW,
            HOUR,
            10 * MINUTE);

    // The keyless sample is later than the stored time; the keyed one did not move that time.
    assertThat(o.results()).containsExactly(new CommitResult(1, 0, 0), new CommitResult(1, 0, 0));
    assertThat(cells(o.minuteBuckets()).get("slo@-1")).containsExactly(0, 0, 5);
    assertThat(plan.seriesHashes(new boolean[2])).containsExactly(h);
    assertThat(o.updatedSeries().lastTsMs()).containsExactly(NOW - 20_000);
  }

  @Test
  void keyedDeltas_stillRejectLateAndNonFiniteSamples() {
    List<Contribution> to = List.of(new Contribution("slo", SliRole.TOTAL, 1));
    IngestBatch keyed =
        new IngestBatch(
            List.of(
                series(
                    "e",
                    Temporality.DELTA,
                    to,
                    new long[] {NOW - HOUR - 1, NOW - 1, NOW, NOW + 10 * MINUTE + 1},
                    new double[] {1, Double.NaN, 4, 1})),
            Optional.of("k"),
            1);

    GroupPlan.Outcome o =
        new GroupPlan(List.of(keyed))
            .apply(new boolean[1], new StoredSeries(0), NOW, HOUR, 10 * MINUTE);

    assertThat(o.results()).containsExactly(new CommitResult(1, 1, 2));
    assertThat(cells(o.minuteBuckets()).get("slo@0")).containsExactly(0, 0, 4);
  }

  @Test
  void anUpdateOfACachedState_expectsTheCachedTime_andOfALockedOne_nothing() {
    List<Contribution> to = List.of(new Contribution("slo", SliRole.TOTAL, 1));
    StoredSeries stored = new StoredSeries(2);
    stored.addCached(SeriesHash.of("cached"), SeriesHash.check("cached"), NOW - 3 * MINUTE, 10);
    stored.add(SeriesHash.of("locked"), SeriesHash.check("locked"), NOW - 3 * MINUTE, 10);
    stored.add(SeriesHash.of("idle"), SeriesHash.check("idle"), NOW - 3 * MINUTE, 10);

    GroupPlan.Outcome o =
        apply(
            stored,
            batch(
                series("cached", Temporality.CUMULATIVE, to, new long[] {NOW}, new double[] {15}),
                series("locked", Temporality.CUMULATIVE, to, new long[] {NOW}, new double[] {12}),
                series(
                    "idle",
                    Temporality.CUMULATIVE,
                    to,
                    new long[] {NOW - 4 * MINUTE},
                    new double[] {9})));

    assertThat(cells(o.minuteBuckets()).get("slo@0")).containsExactly(0, 0, 7);
    Map<Long, Long> expect = new HashMap<>();
    SeriesRows updated = o.updatedSeries();
    for (int i = 0; i < updated.size(); i++) {
      expect.put(updated.hash()[i], updated.expectTsMs()[i]);
    }
    assertThat(expect)
        .containsOnly(
            Map.entry(SeriesHash.of("cached"), NOW - 3 * MINUTE),
            Map.entry(SeriesHash.of("locked"), SeriesRows.LOCKED));
    // Every series with state is settled, the unchanged one with its stored state.
    Map<Long, Long> settled = new HashMap<>();
    for (int i = 0; i < o.settledSeries().size(); i++) {
      settled.put(o.settledSeries().hash()[i], o.settledSeries().lastTsMs()[i]);
    }
    assertThat(settled)
        .containsOnly(
            Map.entry(SeriesHash.of("cached"), NOW),
            Map.entry(SeriesHash.of("locked"), NOW),
            Map.entry(SeriesHash.of("idle"), NOW - 3 * MINUTE));
  }

  @Test
  void rolesAndSigns_goToTheirColumns() {
    MatchedSeries all =
        series(
            "all",
            Temporality.DELTA,
            List.of(
                new Contribution("s", SliRole.TOTAL, 1), new Contribution("s", SliRole.GOOD, 1)),
            new long[] {NOW},
            new double[] {10});
    MatchedSeries slow =
        series(
            "slow",
            Temporality.DELTA,
            List.of(new Contribution("s", SliRole.GOOD, -1), new Contribution("b", SliRole.BAD, 1)),
            new long[] {NOW},
            new double[] {3});

    GroupPlan.Outcome o = apply(new StoredSeries(0), batch(all, slow));

    assertThat(cells(o.minuteBuckets()).get("s@0")).containsExactly(7, 0, 10);
    assertThat(cells(o.minuteBuckets()).get("b@0")).containsExactly(0, 3, 0);
    assertThat(cells(o.hourBuckets())).hasSize(2);
  }

  @Test
  void staleMarkers_andOtherNonFiniteValues_addNothing() {
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - 3 * MINUTE, NOW - 2 * MINUTE, NOW - MINUTE},
            new double[] {1, Double.longBitsToDouble(0x7ff0000000000002L), 4});

    GroupPlan.Outcome o = apply(new StoredSeries(0), batch(s));

    assertThat(o.results()).containsExactly(new CommitResult(2, 1, 0));
    assertThat(cells(o.minuteBuckets()).get("slo@-1")).containsExactly(0, 0, 3);
  }

  @Test
  void aBatchWithAnAlreadyCommittedKey_countsEverySampleAsDuplicate() {
    MatchedSeries s =
        series(
            "a",
            Temporality.DELTA,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW, NOW + 1},
            new double[] {1, 1});
    GroupPlan plan = new GroupPlan(List.of(batch(s)));

    GroupPlan.Outcome o = plan.apply(new boolean[] {true}, new StoredSeries(0), NOW, HOUR, MINUTE);

    assertThat(o.results()).containsExactly(new CommitResult(0, 2, 0));
    assertThat(o.minuteBuckets().size()).isZero();
    assertThat(plan.seriesHashes(new boolean[] {true})).isEmpty();
  }

  @Test
  void aSeriesWhoseHashBelongsToAnotherKey_isSkippedAsACollision() {
    long h = SeriesHash.of("a");
    MatchedSeries s =
        series(
            "a",
            Temporality.DELTA,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW},
            new double[] {1});

    GroupPlan.Outcome o = apply(stored(h, SeriesHash.check("other"), NOW - HOUR, 1), batch(s));

    assertThat(o.collisions()).isEqualTo(1);
    assertThat(o.results()).containsExactly(new CommitResult(0, 1, 0));
    assertThat(o.minuteBuckets().size()).isZero();
  }

  @Test
  void aStoredSeriesWithoutACheckHash_adoptsTheCheckOfTheKeyThatUpdatesIt() {
    long h = SeriesHash.of("a");
    StoredSeries legacy = new StoredSeries(1);
    legacy.add(h, null, NOW - 2 * MINUTE, 5);
    MatchedSeries s =
        series(
            "a",
            Temporality.CUMULATIVE,
            List.of(new Contribution("slo", SliRole.TOTAL, 1)),
            new long[] {NOW - MINUTE},
            new double[] {8});

    GroupPlan.Outcome o = apply(legacy, batch(s));

    assertThat(o.collisions()).isZero();
    assertThat(o.updatedSeries().check()).containsExactly(SeriesHash.check("a"));
    assertThat(cells(o.minuteBuckets()).get("slo@-1")).containsExactly(0, 0, 3);
  }

  @Test
  void bucketRows_areSortedBySloThenTime() {
    MatchedSeries s =
        series(
            "a",
            Temporality.DELTA,
            List.of(
                new Contribution("z", SliRole.TOTAL, 1), new Contribution("a", SliRole.TOTAL, 1)),
            new long[] {NOW - 2 * MINUTE, NOW - MINUTE},
            new double[] {1, 1});

    BucketRows rows = apply(new StoredSeries(0), batch(s)).minuteBuckets();

    assertThat(rows.slo()).containsExactly("a", "a", "z", "z");
    assertThat(rows.startSeconds()[0]).isLessThan(rows.startSeconds()[1]);
  }
}
