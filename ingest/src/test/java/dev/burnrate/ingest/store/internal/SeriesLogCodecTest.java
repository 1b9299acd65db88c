package dev.burnrate.ingest.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
    // One header of two lists, then about 20 bytes per series: lists are not repeated per series.
    assertThat(many.length).isLessThan(one.length + 1_000 * 24);
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

  /**
   * A payload as the version 1 writer wrote it (before 2026-12): a counter with its key, two
   * samples and two contributions (one with sign -1 and weight 0.5), then a delta series without
   * its key whose time lies before the previous one. Rows like it may be in the log at an upgrade.
   */
  private static final String VERSION_1_PAYLOAD =
      "0100000002000000020000000361706902013ff000000000000000000010636865636b6f75742d6c6174656e"
          + "637901ff3fe0000000000000000000010000000361706902013ff0000000000000c212fbacb1f0f27d57b3"
          + "6de19a38f993021f687474705f72657175657374735f746f74616c7b636f64653d22353030227d00000000"
          + "0280a0abfef9624028000000000000b0ea01402b00000000000020d5ddbba40c7ca955ab74d3978486f001"
          + "0100000001fff9014008000000000000";

  @Test
  void aVersion1Payload_decodesAsItWasWritten() {
    byte[] v1 = HexFormat.of().parseHex(VERSION_1_PAYLOAD);
    Contribution total = new Contribution("api", SliRole.TOTAL, 1);
    Contribution bad = new Contribution("checkout-latency", SliRole.BAD, -1, 0.5);
    String counterKey = "http_requests_total{code=\"500\"}";
    MatchedSeries counter =
        new MatchedSeries(
            counterKey,
            Temporality.CUMULATIVE,
            List.of(total, bad),
            new long[] {1_700_000_000_000L, 1_700_000_015_000L},
            new double[] {12, 13.5});
    MatchedSeries delta =
        new MatchedSeries(
            "events{slo=\"api\"}",
            Temporality.DELTA,
            List.of(total),
            new long[] {1_699_999_999_000L},
            new double[] {3});

    SeriesLogCodec.Decoded d = SeriesLogCodec.decode(v1);

    assertThat(d.batch().series()).hasSize(2);
    MatchedSeries first = d.batch().series().get(0);
    assertThat(first.seriesKey()).isEqualTo(counterKey);
    assertThat(first.temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(first.contributions()).containsExactly(total, bad);
    assertThat(first.timestampsMs()).containsExactly(counter.timestampsMs());
    assertThat(first.values()).containsExactly(counter.values());
    MatchedSeries second = d.batch().series().get(1);
    assertThat(second.seriesKey()).isEmpty();
    assertThat(second.temporality()).isEqualTo(Temporality.DELTA);
    assertThat(second.contributions()).containsExactly(total);
    assertThat(second.timestampsMs()).containsExactly(delta.timestampsMs());
    assertThat(second.values()).containsExactly(delta.values());
    assertThat(d.hashes()).containsExactly(counter.key().hash(), delta.key().hash());
    assertThat(d.checks()).containsExactly(counter.key().check(), delta.key().check());
    assertThat(d.batch().receivedSamples()).isEqualTo(3);
    long[][] both = SeriesLogCodec.hashes(v1);
    assertThat(both[0]).containsExactly(d.hashes());
    assertThat(both[1]).containsExactly(d.checks());
  }

  @Test
  void values_roundTripBitForBit_integersOrNot() {
    double[] values = {
      0,
      -0.0,
      1,
      -1,
      42,
      1e15,
      (1L << 53) - 1,
      1L << 53,
      -(1L << 53),
      0.5,
      -7.25,
      1e300,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN,
      Double.longBitsToDouble(0x7ff8_0000_0000_0001L),
      9.223372036854776E18,
      -1e19
    };
    SeriesLogCodec.Writer w = new SeriesLogCodec.Writer();
    List<MatchedSeries> written = new ArrayList<>();
    long ts = 1_700_000_000_000L;
    // Each value alone (an entry of one sample), then each between two integers and all together.
    for (double v : values) {
      written.add(entry(w, "one" + written.size(), new long[] {ts}, new double[] {v}));
      written.add(
          entry(
              w, "mid" + written.size(), new long[] {ts, ts + 1, ts - 5}, new double[] {3, v, 4}));
    }
    long[] allTs = new long[values.length];
    for (int j = 0; j < allTs.length; j++) {
      allTs[j] = ts + j * 15_000L;
    }
    written.add(entry(w, "all", allTs, values));

    SeriesLogCodec.Decoded d = SeriesLogCodec.decode(w.toBytes());

    assertThat(d.batch().series()).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      MatchedSeries got = d.batch().series().get(i);
      MatchedSeries want = written.get(i);
      assertThat(got.timestampsMs()).containsExactly(want.timestampsMs());
      assertThat(got.values()).hasSize(want.values().length);
      for (int j = 0; j < want.values().length; j++) {
        assertThat(Double.doubleToRawLongBits(got.values()[j]))
            .as("series %d sample %d (%s)", i, j, want.values()[j])
            .isEqualTo(Double.doubleToRawLongBits(want.values()[j]));
      }
    }
  }

  @Test
  void integralValues_takeAFewBytes_otherValuesEight() {
    assertThat(SeriesLogCodec.isIntegral(0)).isTrue();
    assertThat(SeriesLogCodec.isIntegral(-0.0)).isFalse();
    assertThat(SeriesLogCodec.isIntegral(123_456)).isTrue();
    assertThat(SeriesLogCodec.isIntegral(-(1L << 52))).isTrue();
    assertThat(SeriesLogCodec.isIntegral(1L << 53)).isFalse();
    assertThat(SeriesLogCodec.isIntegral(0.5)).isFalse();
    assertThat(SeriesLogCodec.isIntegral(Double.NaN)).isFalse();
    assertThat(SeriesLogCodec.isIntegral(Double.POSITIVE_INFINITY)).isFalse();
    // 1,000 one-sample counters at one time: 16 bytes of hashes, a head byte, a time byte, and a
    // value of three varint bytes (below 2^21), against eight for a double.
    SeriesLogCodec.Writer ints = new SeriesLogCodec.Writer();
    SeriesLogCodec.Writer halves = new SeriesLogCodec.Writer();
    for (int i = 0; i < 1_000; i++) {
      entry(ints, "c" + i, new long[] {1_000L}, new double[] {500_000 + i});
      entry(halves, "c" + i, new long[] {1_000L}, new double[] {500_000 + i + 0.5});
    }
    int header = 32;
    assertThat(ints.toBytes().length).isBetween(1_000 * 21, 1_000 * 21 + header);
    assertThat(halves.toBytes().length).isBetween(1_000 * 26, 1_000 * 26 + header);
  }

  private static MatchedSeries entry(
      SeriesLogCodec.Writer w, String key, long[] ts, double[] values) {
    MatchedSeries s =
        new MatchedSeries(key, Temporality.CUMULATIVE, List.of(TOTAL), ts.clone(), values.clone());
    w.begin(s, s.key().hash(), s.key().check(), null);
    for (int j = 0; j < ts.length; j++) {
      w.sample(ts[j], values[j]);
    }
    w.end();
    return s;
  }
}
