package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SeriesLogCodecTest {
  private static final Contribution TOTAL = new Contribution("api", SliRole.TOTAL, 1);
  private static final Contribution BAD = new Contribution("api", SliRole.BAD, 1);

  /** A payload of {@code n} one-sample series, each with its own (equal) contribution list. */
  private static byte[] payload(int n) {
    return payload(n, i -> new ArrayList<>(i % 2 == 0 ? List.of(TOTAL) : List.of(TOTAL, BAD)));
  }

  /** A payload of {@code n} one-sample series, series i with the list {@code listOf(i)}. */
  private static byte[] payload(int n, IntFunction<List<Contribution>> listOf) {
    SeriesLogCodec.Writer w = new SeriesLogCodec.Writer();
    for (int i = 0; i < n; i++) {
      MatchedSeries s =
          new MatchedSeries(
              "s" + i,
              Temporality.CUMULATIVE,
              listOf.apply(i),
              new long[] {1_000L + i},
              new double[] {i});
      w.begin(s, s.key().hash(), s.key().check(), null);
      w.sample(1_000L + i, i);
      w.end();
    }
    return w.toBytes();
  }

  @Test
  void sharedListInstances_writeTheSameBytesAsEqualOnes() {
    List<Contribution> even = List.of(TOTAL);
    List<Contribution> odd = List.of(TOTAL, BAD);
    // Mostly the two shared instances, now and then an equal list of its own.
    byte[] shared =
        payload(
            1_000,
            i -> i % 7 == 3 ? new ArrayList<>(i % 2 == 0 ? even : odd) : i % 2 == 0 ? even : odd);
    assertThat(shared).isEqualTo(payload(1_000));
  }

  @Test
  void equalContributionLists_areWrittenOnce_andDecodeToOneList() {
    byte[] one = payload(1);
    byte[] many = payload(1_000);
    // One header of two lists, then about 30 bytes per series: lists are not repeated per series.
    assertThat(many.length).isLessThan(one.length + 1_000 * 40);
    SeriesLogCodec.Decoded d = SeriesLogCodec.decode(many);
    assertThat(d.batch().series()).hasSize(1_000);
    List<Contribution> even = d.batch().series().get(0).contributions();
    List<Contribution> odd = d.batch().series().get(1).contributions();
    assertThat(even).containsExactly(TOTAL);
    assertThat(odd).containsExactly(TOTAL, BAD);
    for (int i = 0; i < 1_000; i++) {
      assertThat(d.batch().series().get(i).contributions()).isSameAs(i % 2 == 0 ? even : odd);
    }
  }

  @Test
  void theRowsOfOneRound_shareTheirLists() {
    Map<List<Contribution>, List<Contribution>> lists = new HashMap<>();
    SeriesLogCodec.Decoded a = SeriesLogCodec.decode(payload(4), lists);
    SeriesLogCodec.Decoded b = SeriesLogCodec.decode(payload(4), lists);
    assertThat(lists).hasSize(2);
    for (int i = 0; i < 4; i++) {
      assertThat(b.batch().series().get(i).contributions())
          .isSameAs(a.batch().series().get(i).contributions());
    }
  }
}
