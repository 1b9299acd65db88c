package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The batch builder against a brute-force reference: per series, per time, sum or last. */
class BatchBuilderProperties {
  private static final List<Contribution> C = List.of(new Contribution("s", SliRole.TOTAL, 1));

  record Sample(String key, long ts, int value) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    return Combinators.combine(
            Arbitraries.of("a", "b", "c"),
            Arbitraries.longs().between(0, 20),
            Arbitraries.integers().between(0, 1000))
        .as(Sample::new)
        .list()
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Sample>> manySamples() {
    return Combinators.combine(
            Arbitraries.of("a", "b"),
            Arbitraries.longs().between(0, 100),
            Arbitraries.integers().between(0, 1000))
        .as(Sample::new)
        .list()
        .ofMaxSize(600);
  }

  @Property(tries = 100)
  void cumulativeSeries_keepTheLastSampleOfEqualTimes_amongMany(
      @ForAll("manySamples") List<Sample> samples) {
    cumulativeSeries_keepTheLastSampleOfEqualTimes(samples);
  }

  @Property(tries = 300)
  void deltaSeries_sumSamplesOfEqualTimes(@ForAll("samples") List<Sample> samples) {
    BatchBuilder b = new BatchBuilder();
    Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (Sample s : samples) {
      b.add(s.key(), Temporality.DELTA, C, s.ts(), s.value());
      expected
          .computeIfAbsent(s.key(), k -> new TreeMap<>())
          .merge(s.ts(), (double) s.value(), Double::sum);
    }
    assertThat(asMap(b.build(Optional.empty(), samples.size()))).isEqualTo(expected);
  }

  @Property(tries = 300)
  void cumulativeSeries_keepTheLastSampleOfEqualTimes(@ForAll("samples") List<Sample> samples) {
    BatchBuilder b = new BatchBuilder();
    Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (Sample s : samples) {
      b.add(s.key(), Temporality.CUMULATIVE, C, s.ts(), s.value());
      expected.computeIfAbsent(s.key(), k -> new TreeMap<>()).put(s.ts(), (double) s.value());
    }
    assertThat(asMap(b.build(Optional.empty(), samples.size()))).isEqualTo(expected);
  }

  private static Map<String, TreeMap<Long, Double>> asMap(IngestBatch batch) {
    Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
    for (MatchedSeries s : batch.series()) {
      TreeMap<Long, Double> m = new TreeMap<>();
      for (int i = 0; i < s.size(); i++) {
        if (i > 0) {
          assertThat(s.timestampsMs()[i]).isGreaterThan(s.timestampsMs()[i - 1]);
        }
        m.put(s.timestampsMs()[i], s.values()[i]);
      }
      out.put(s.seriesKey(), m);
    }
    return out;
  }
}
