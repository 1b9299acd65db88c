package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.prompb.Exemplar;
import dev.burnrate.ingest.testing.prompb.Label;
import dev.burnrate.ingest.testing.prompb.MetricMetadata;
import dev.burnrate.ingest.testing.prompb.Sample;
import dev.burnrate.ingest.testing.prompb.TimeSeries;
import dev.burnrate.ingest.testing.prompb.WriteRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hand-written decoder against protoc: random WriteRequests built and encoded by the classes
 * protoc generates from the published remote_write messages (with metadata and exemplars the
 * decoder must skip) decode to exactly the series and samples they hold.
 */
class RemoteWriteProtocCrossCheckTest {
  private static final List<String> VALUES = List.of("api", "web", "ümlaut", "日本", "a b", "");

  private final SelectorIndex index =
      SelectorIndex.of(
          List.of(
              Slos.badOverTotal(
                  "api-errors",
                  Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                  Slos.query("http_requests_total{job=\"api\"}"))));

  @Test
  void protocEncodedRequests_decodeToExactlyTheirSelectedSeriesAndSamples() throws Exception {
    Random random = new Random(20261124);
    for (int round = 0; round < 300; round++) {
      WriteRequest.Builder request = WriteRequest.newBuilder();
      Map<String, List<long[]>> expectedTimestamps = new LinkedHashMap<>();
      Map<String, List<Double>> expectedValues = new LinkedHashMap<>();
      int series = 1 + random.nextInt(20);
      long received = 0;
      for (int s = 0; s < series; s++) {
        Map<String, String> labels = new TreeMap<>();
        boolean requests = random.nextInt(3) > 0;
        labels.put("__name__", requests ? "http_requests_total" : "go_goroutines");
        labels.put("job", random.nextBoolean() ? "api" : VALUES.get(random.nextInt(VALUES.size())));
        labels.put("code", random.nextBoolean() ? "500" : "200");
        labels.put("instance", "host-" + s);
        if (random.nextBoolean()) {
          labels.put("extra", VALUES.get(random.nextInt(VALUES.size())));
        }
        List<String> names = new ArrayList<>(labels.keySet());
        Collections.shuffle(names, random);
        TimeSeries.Builder ts = TimeSeries.newBuilder();
        for (String name : names) {
          ts.addLabels(Label.newBuilder().setName(name).setValue(labels.get(name)));
        }
        String key = key(labels);
        boolean selected = requests && "api".equals(labels.get("job"));
        int samples = 1 + random.nextInt(5);
        long t = 1_700_000_000_000L + random.nextInt(1_000_000);
        for (int i = 0; i < samples; i++) {
          t += 1 + random.nextInt(15_000);
          double value = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(1_000_000) / 8.0;
          ts.addSamples(Sample.newBuilder().setTimestamp(t).setValue(value));
          received++;
          if (selected && !Double.isNaN(value)) {
            expectedTimestamps.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {t});
            expectedValues.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
          }
        }
        if (random.nextBoolean()) {
          ts.addExemplars(
              Exemplar.newBuilder()
                  .addLabels(Label.newBuilder().setName("trace_id").setValue("abc" + s))
                  .setValue(0.25)
                  .setTimestamp(t));
        }
        request.addTimeseries(ts);
      }
      request.addMetadata(
          MetricMetadata.newBuilder()
              .setType(MetricMetadata.MetricType.COUNTER)
              .setMetricFamilyName("http_requests_total")
              .setHelp("Requests.")
              .setUnit(""));

      BatchBuilder out = new BatchBuilder();
      RemoteWriteDecoder.Decoded decoded =
          RemoteWriteDecoder.decode(
              request.build().toByteArray(), IngestLimits.defaults(), index, out);
      IngestBatch batch = out.build(Optional.empty(), decoded.samples());

      assertThat(decoded.series()).as("round %d", round).isEqualTo(series);
      assertThat(decoded.samples()).as("round %d", round).isEqualTo(received);
      Map<String, MatchedSeries> got = new LinkedHashMap<>();
      for (MatchedSeries m : batch.series()) {
        got.put(m.seriesKey(), m);
      }
      assertThat(got.keySet()).as("round %d", round).isEqualTo(expectedValues.keySet());
      for (Map.Entry<String, List<Double>> e : expectedValues.entrySet()) {
        MatchedSeries m = got.get(e.getKey());
        assertThat(m.values())
            .as("round %d, %s", round, e.getKey())
            .containsExactly(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(m.timestampsMs())
            .as("round %d, %s", round, e.getKey())
            .containsExactly(
                expectedTimestamps.get(e.getKey()).stream().mapToLong(a -> a[0]).toArray());
      }
    }
  }

  /** The series key the decoder gives: the name, then the other labels sorted by name. */
  private static String key(Map<String, String> sorted) {
    StringBuilder sb = new StringBuilder(sorted.get("__name__")).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (e.getKey().equals("__name__") || e.getValue().isEmpty()) {
        continue;
      }
      sb.append(first ? "" : ",").append(e.getKey()).append("=\"").append(e.getValue()).append('"');
      first = false;
    }
    return sb.append('}').toString();
  }
}
