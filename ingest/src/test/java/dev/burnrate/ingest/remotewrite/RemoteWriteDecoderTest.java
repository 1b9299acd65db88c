package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {
  private final SelectorIndex index =
      SelectorIndex.of(
          List.of(
              Slos.badOverTotal(
                  "api-errors",
                  Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                  Slos.query("http_requests_total{job=\"api\"}"))));

  private static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private IngestBatch decode(byte[] pb, IngestLimits limits) {
    BatchBuilder out = new BatchBuilder();
    RemoteWriteDecoder.Decoded d = RemoteWriteDecoder.decode(pb, limits, index, out);
    return out.build(Optional.empty(), d.samples());
  }

  @Test
  void aSelectedCounterThatCouldOverflowOrIsNegative_isRefused_namingTheField() {
    for (double[] values :
        List.of(
            new double[] {0, 1.7e308, 0, 1.7e308},
            new double[] {5, -2e12},
            new double[] {Double.POSITIVE_INFINITY},
            new double[] {9007199254740994.0})) {
      byte[] pb =
          WriteRequests.create()
              .series(
                  labels("__name__", "http_requests_total", "code", "500", "job", "api"),
                  java.util.stream.LongStream.range(1, values.length + 1).toArray(),
                  values)
              .protobuf();
      assertThatThrownBy(() -> decode(pb, IngestLimits.defaults()))
          .as(java.util.Arrays.toString(values))
          .isInstanceOfSatisfying(
              HttpProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.extensions()).containsEntry("field", "timeseries.samples.value");
                assertThat(p.detail())
                    .contains("http_requests_total{code=\"500\",job=\"api\"}")
                    .contains("from 0 to 2^53");
              });
    }
  }

  @Test
  void aSeriesNoSloSelects_mayCarryAnyValue_andStaleMarkersAreSkipped() {
    byte[] pb =
        WriteRequests.create()
            .series(
                labels("__name__", "temperature_celsius", "job", "api"),
                new long[] {1, 2},
                new double[] {-40, 1.7e308})
            .series(
                labels("__name__", "http_requests_total", "code", "500", "job", "api"),
                new long[] {1, 2, 3},
                new double[] {3, Double.longBitsToDouble(0x7ff0000000000002L), 9007199254740992.0})
            .protobuf();
    IngestBatch batch = decode(pb, IngestLimits.defaults());
    assertThat(batch.series()).hasSize(1);
    assertThat(batch.series().get(0).values()).containsExactly(3, 9007199254740992.0);
  }

  @Test
  void decode_keepsSelectedSeriesAsCumulativeSamples_withTheirContributions() {
    byte[] pb =
        WriteRequests.create()
            .series(
                labels("__name__", "http_requests_total", "code", "500", "job", "api"),
                new long[] {1000, 2000},
                new double[] {3, 5})
            .series(
                labels("__name__", "http_requests_total", "code", "200", "job", "api"),
                new long[] {1000},
                new double[] {40})
            .series(
                labels("__name__", "http_requests_total", "code", "200", "job", "web"),
                new long[] {1000},
                new double[] {7})
            .series(labels("__name__", "go_goroutines"), new long[] {1000}, new double[] {12})
            .protobuf();

    IngestBatch batch = decode(pb, IngestLimits.defaults());

    assertThat(batch.receivedSamples()).isEqualTo(5);
    assertThat(batch.series()).hasSize(2);
    MatchedSeries errors = batch.series().get(0);
    assertThat(errors.seriesKey()).isEqualTo("http_requests_total{code=\"500\",job=\"api\"}");
    assertThat(errors.temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(errors.timestampsMs()).containsExactly(1000, 2000);
    assertThat(errors.values()).containsExactly(3, 5);
    assertThat(errors.contributions())
        .containsExactlyInAnyOrder(
            new Contribution("api-errors", SliRole.BAD, 1),
            new Contribution("api-errors", SliRole.TOTAL, 1));
    assertThat(batch.series().get(1).contributions())
        .containsExactly(new Contribution("api-errors", SliRole.TOTAL, 1));
  }

  @Test
  void decode_skipsStaleMarkers() {
    double stale = Double.longBitsToDouble(0x7ff0000000000002L);
    byte[] pb =
        WriteRequests.create()
            .series(
                labels("__name__", "http_requests_total", "job", "api"),
                new long[] {1000, 2000},
                new double[] {3, stale})
            .protobuf();
    assertThat(decode(pb, IngestLimits.defaults()).series().get(0).values()).containsExactly(3);
  }

  @Test
  void decode_readsLabelsInAnyOrder_andIgnoresUnknownFields() {
    // A TimeSeries with a sample before its labels and an unknown field 9 (varint).
    byte[] label1 = {0x0a, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 0x13};
    byte[] name = "http_requests_total".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] job = {0x0a, 0x03, 'j', 'o', 'b', 0x12, 0x03, 'a', 'p', 'i'};
    byte[] sample = {0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f, 0x10, (byte) 0xe8, 0x07};
    java.io.ByteArrayOutputStream ts = new java.io.ByteArrayOutputStream();
    ts.write(0x12);
    ts.write(sample.length);
    ts.writeBytes(sample);
    ts.write(0x48); // field 9, varint
    ts.write(0x05);
    ts.write(0x0a);
    ts.write(label1.length + name.length);
    ts.writeBytes(label1);
    ts.writeBytes(name);
    ts.write(0x0a);
    ts.write(job.length);
    ts.writeBytes(job);
    byte[] pb = WriteRequests.create().rawSeries(ts.toByteArray()).protobuf();

    MatchedSeries s = decode(pb, IngestLimits.defaults()).series().get(0);
    assertThat(s.seriesKey()).isEqualTo("http_requests_total{job=\"api\"}");
    assertThat(s.timestampsMs()).containsExactly(1000);
    assertThat(s.values()).containsExactly(1.0);
  }

  @Test
  void decode_rejectsMalformedProtobuf() {
    byte[] valid =
        WriteRequests.create()
            .series(labels("__name__", "x", "job", "api"), new long[] {1}, new double[] {1})
            .protobuf();
    byte[][] corpus = {
      java.util.Arrays.copyOf(valid, valid.length - 3), // truncated
      {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, // length past the end
      {0x00}, // field number 0
      {0x0b}, // group wire type
      {
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        0x01
      }, // varint over 10 bytes
    };
    for (byte[] bad : corpus) {
      assertThatThrownBy(() -> decode(bad, IngestLimits.defaults()))
          .isInstanceOfSatisfying(
              HttpProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.detail()).startsWith("malformed protobuf WriteRequest");
              });
    }
  }

  @Test
  void decode_rejectsASeriesWithoutAName_andInvalidUtf8() {
    byte[] noName =
        WriteRequests.create()
            .series(labels("job", "api"), new long[] {1}, new double[] {1})
            .protobuf();
    assertThatThrownBy(() -> decode(noName, IngestLimits.defaults()))
        .isInstanceOfSatisfying(
            HttpProblem.class, p -> assertThat(p.detail()).contains("__name__"));

    byte[] badUtf8Label = {0x0a, 0x07, 0x0a, 0x01, 'x', 0x12, 0x02, (byte) 0xc3, 0x28};
    byte[] pb = WriteRequests.create().rawSeries(badUtf8Label).protobuf();
    assertThatThrownBy(() -> decode(pb, IngestLimits.defaults()))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.detail()).contains("UTF-8"));
  }

  @Test
  void decode_enforcesTheSeriesSampleAndLabelLimits() {
    WriteRequests many = WriteRequests.create();
    for (int i = 0; i < 11; i++) {
      many.series(labels("__name__", "m" + i), new long[] {1, 2}, new double[] {1, 2});
    }
    byte[] pb = many.protobuf();
    IngestLimits limits =
        IngestLimits.builder().maxSeriesPerRequest(10).maxSamplesPerRequest(1000).build();
    assertThatThrownBy(() -> decode(pb, limits))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(413);
              assertThat(p.extensions()).containsEntry("limit", "maxSeriesPerRequest");
            });
    assertThatThrownBy(
            () ->
                decode(
                    pb,
                    IngestLimits.builder()
                        .maxSeriesPerRequest(100)
                        .maxSamplesPerRequest(20)
                        .build()))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> assertThat(p.extensions()).containsEntry("limit", "maxSamplesPerRequest"));

    byte[] longValue =
        WriteRequests.create()
            .series(
                labels("__name__", "x", "job", "a".repeat(5000)), new long[] {1}, new double[] {1})
            .protobuf();
    assertThatThrownBy(() -> decode(longValue, IngestLimits.defaults()))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.extensions()).containsEntry("limit", "maxLabelValueLength");
            });

    Map<String, String> wide = labels("__name__", "x");
    for (int i = 0; i < 65; i++) {
      wide.put("l" + i, "v");
    }
    byte[] tooWide =
        WriteRequests.create().series(wide, new long[] {1}, new double[] {1}).protobuf();
    assertThatThrownBy(() -> decode(tooWide, IngestLimits.defaults()))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> assertThat(p.extensions()).containsEntry("limit", "maxLabelsPerSeries"));
  }

  @Test
  void decode_rejectsADuplicateLabelOnASelectedSeries() {
    byte[] pb =
        WriteRequests.create()
            .series(
                List.of("__name__", "http_requests_total", "job", "api", "job", "web"),
                new long[] {1},
                new double[] {1})
            .protobuf();
    assertThatThrownBy(() -> decode(pb, IngestLimits.defaults()))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.detail()).contains("twice"));
  }
}
