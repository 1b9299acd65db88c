package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {
  private static final List<Contribution> C = List.of(new Contribution("s", SliRole.TOTAL, 1));

  @Test
  void build_sortsSamples_andSumsEqualTimesOfDeltaSeries() {
    BatchBuilder b = new BatchBuilder();
    b.add("d", Temporality.DELTA, C, 3000, 1);
    b.add("d", Temporality.DELTA, C, 1000, 1);
    b.add("d", Temporality.DELTA, C, 3000, 2);
    IngestBatch batch = b.build(Optional.of("k"), 3);
    assertThat(batch.series().get(0).timestampsMs()).containsExactly(1000, 3000);
    assertThat(batch.series().get(0).values()).containsExactly(1, 3);
    assertThat(batch.idempotencyKey()).contains("k");
  }

  @Test
  void build_keepsTheLastOfEqualTimesOfCumulativeSeries() {
    BatchBuilder b = new BatchBuilder();
    b.add("c", Temporality.CUMULATIVE, C, 1000, 5);
    b.add("c", Temporality.CUMULATIVE, C, 1000, 6);
    assertThat(b.build(Optional.empty(), 2).series().get(0).values()).containsExactly(6);
  }

  @Test
  void add_rejectsOneSeriesWithTwoTemporalities() {
    BatchBuilder b = new BatchBuilder();
    b.add("x", Temporality.CUMULATIVE, C, 1000, 5);
    assertThatThrownBy(() -> b.add("x", Temporality.DELTA, C, 2000, 1))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void series_isOneSeriesWithAdd_inTheBatchOnlyOnceItHasASample() {
    BatchBuilder b = new BatchBuilder();
    BatchBuilder.Series empty = b.series("empty", Temporality.DELTA, C);
    BatchBuilder.Series d = b.series("d", Temporality.DELTA, C);
    d.add(2000, 1);
    b.add("d", Temporality.DELTA, List.of(new Contribution("other", SliRole.GOOD, 1)), 1000, 2);
    assertThat(b.series("d", Temporality.DELTA, C)).isSameAs(d);
    assertThat(b.seriesCount()).isEqualTo(1);
    assertThat(b.matchedSamples()).isEqualTo(2);
    IngestBatch batch = b.build(Optional.empty(), 2);
    assertThat(batch.series()).hasSize(1);
    assertThat(batch.series().get(0).seriesKey()).isEqualTo("d");
    assertThat(batch.series().get(0).contributions()).isEqualTo(C); // the first one's
    assertThat(batch.series().get(0).timestampsMs()).containsExactly(1000, 2000);
    assertThat(batch.series().get(0).values()).containsExactly(2, 1);
    assertThatThrownBy(() -> b.series("d", Temporality.CUMULATIVE, C))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    empty.add(5, 1);
    assertThat(b.seriesCount()).isEqualTo(2);
  }

  @Test
  void seriesKey_sortsLabels_escapesValues_andDropsEmptyOnes() {
    SeriesLabels l = new SeriesLabels();
    l.add("z", "a\"b\\c\nd");
    l.add("a", "1");
    l.add("e", "");
    assertThat(l.seriesKey("m")).isEqualTo("m{a=\"1\",z=\"a\\\"b\\\\c\\nd\"}");
  }

  @Test
  void keysThatShareTheirFirstHash_areTwoSeries_andEachIsFoundAgain_pastManyGrowths() {
    BatchBuilder b = new BatchBuilder(2);
    BatchBuilder.Series fifth = null;
    // 300 keys in 100 groups that share the primary hash (a collision the check hash tells apart),
    // and hashes that differ only in their high bits, which the table folds in.
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 300; i++) {
        long hash = (long) (i / 3) << 40 | 7;
        SeriesKey key = SeriesKey.of(hash, 1000 + i, "k" + i);
        BatchBuilder.Series series = b.series(key, hash, key.check(), Temporality.CUMULATIVE, C);
        series.add(1000L * (round + 1), i);
        if (i == 5) {
          assertThat(fifth == null || fifth == series).isTrue();
          fifth = series;
        }
      }
    }
    assertThat(b.seriesCount()).isEqualTo(300);
    IngestBatch batch = b.build(Optional.empty(), 600);
    assertThat(batch.series()).hasSize(300);
    for (int i = 0; i < 300; i++) {
      MatchedSeries s = batch.series().get(i);
      // In the order they came, each with its own two samples.
      assertThat(s.seriesKey()).isEqualTo("k" + i);
      assertThat(s.timestampsMs()).containsExactly(1000, 2000);
      assertThat(s.values()).containsExactly(i, i);
    }
    // A key equal to one of them (both hashes), made apart, is that series.
    SeriesKey again = SeriesKey.of((long) (5 / 3) << 40 | 7, 1005, "k5 again");
    assertThat(b.series(again, Temporality.CUMULATIVE, C)).isSameAs(fifth);
    assertThatThrownBy(() -> b.series(again, Temporality.DELTA, C))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }
}
