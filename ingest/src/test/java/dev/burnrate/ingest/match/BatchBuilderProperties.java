package dev.burnrate.ingest.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The batch builder against a brute-force reference: per series, per time, sum or last. */
class BatchBuilderProperties {
  private static final List<Contribution> C = List.of(new Contribution("s", SliRole.TOTAL, 1));

  record Sample(String key, long ts, int value) {}

  private static Gen<List<Sample>> samples() {
    Gen<String> key = Gen.of("a", "b", "c");
    Gen<Long> ts = Gen.longs(0, 20);
    Gen<Integer> value = Gen.ints(0, 1000);
    Gen<Sample> sample = r -> new Sample(key.next(r), ts.next(r), value.next(r));
    return sample.list(0, 60);
  }

  private static Gen<List<Sample>> manySamples() {
    Gen<String> key = Gen.of("a", "b");
    Gen<Long> ts = Gen.longs(0, 100);
    Gen<Integer> value = Gen.ints(0, 1000);
    Gen<Sample> sample = r -> new Sample(key.next(r), ts.next(r), value.next(r));
    return sample.list(0, 600);
  }

  @Test
  void cumulativeSeries_keepTheLastSampleOfEqualTimes_amongMany() {
    PropertyRunner.forAll(
        100, manySamples(), BatchBuilderProperties::cumulativeKeepsTheLastSampleOfEqualTimes);
  }

  @Test
  void deltaSeries_sumSamplesOfEqualTimes() {
    PropertyRunner.forAll(
        300,
        samples(),
        samples -> {
          BatchBuilder b = new BatchBuilder();
          Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
          for (Sample s : samples) {
            b.add(s.key(), Temporality.DELTA, C, s.ts(), s.value());
            expected
                .computeIfAbsent(s.key(), k -> new TreeMap<>())
                .merge(s.ts(), (double) s.value(), Double::sum);
          }
          assertThat(asMap(b.build(Optional.empty(), samples.size()))).isEqualTo(expected);
        });
  }

  @Test
  void cumulativeSeries_keepTheLastSampleOfEqualTimes() {
    PropertyRunner.forAll(
        300, samples(), BatchBuilderProperties::cumulativeKeepsTheLastSampleOfEqualTimes);
  }

  private static void cumulativeKeepsTheLastSampleOfEqualTimes(List<Sample> samples) {
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
