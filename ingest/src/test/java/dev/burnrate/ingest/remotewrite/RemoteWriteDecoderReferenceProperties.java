package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.testsupport.property.Gen;
import dev.burnrate.testsupport.property.PropertyRunner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteWriteDecoder} against {@link ReferenceRemoteWriteDecoder}, the plain decoder it
 * replaced: on requests made of the label and sample shapes Prometheus sends and of every shape the
 * wire format allows (fields in any order, repeated or missing, unknown fields, long lengths,
 * invalid UTF-8, limits exceeded), with and without random byte mutations, both decode the same
 * series and samples into the same batch, or both fail with the same status, detail and extensions.
 */
class RemoteWriteDecoderReferenceProperties {
  private static final List<SelectorIndex> INDEXES =
      List.of(
          SelectorIndex.of(
              List.of(
                  Slos.badOverTotal(
                      "api-errors",
                      Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                      Slos.query("http_requests_total{job=\"api\"}")),
                  Slos.goodOverTotal("m", Slos.query("m{a=~\".*\"}"), Slos.query("m")),
                  Slos.goodOverTotal(
                      "unicode",
                      Slos.query("ü_metric{job=\"日本\"}"),
                      Slos.query("ü_metric{job=\"api\"}", "ü_metric{b!=\"x\"}")),
                  Slos.goodOverTotal(
                      "latency",
                      Slos.query("h_bucket{job=\"api\",le=\"0.5\"}"),
                      Slos.query("h_bucket{job=\"api\",le=\"+Inf\"}")))),
          SelectorIndex.of(
              List.of(
                  Slos.goodOverTotal(
                      "empty-job",
                      Slos.query("http_requests_total{job=\"\"}"),
                      Slos.query("http_requests_total{job=\"api\"}", "m{b=\"y\"}")))),
          SelectorIndex.empty());

  private static final IngestLimits TIGHT =
      new IngestLimits(1 << 20, 1 << 20, 4, 7, 3, 4, 6, 32, 65_536, 100_000, 16 << 10);

  private static final byte[] NAME = "__name__".getBytes(StandardCharsets.UTF_8);
  private static final List<byte[]> METRICS =
      bytes("http_requests_total", "m", "ü_metric", "h_bucket", "other_total", "");
  private static final List<byte[]> NAMES =
      bytes(
          "job",
          "job",
          "jo", // a prefix of the hash label
          "jobs", // the hash label is a prefix of it
          "code",
          "a",
          "b",
          "le",
          "instance",
          "abcde",
          "ü",
          "",
          "__name_",
          "__name__x",
          "__name__");
  private static final List<byte[]> VALUES =
      bytes(
          "http_requests_total",
          "api",
          "api",
          "web",
          "500",
          "200",
          "0.5",
          "+Inf",
          "日本",
          "x",
          "y",
          "",
          "a\"b\\c\nd",
          "é".repeat(70),
          "v".repeat(200),
          "w".repeat(5000));
  private static final List<byte[]> INVALID_UTF8 =
      List.of(
          new byte[] {(byte) 0xc3, 0x28},
          new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          new byte[] {'o', 'k', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
          new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0xe2, (byte) 0x82},
          new byte[] {(byte) 0xc0, (byte) 0x80});

  @Test
  void decode_agreesWithTheReference() {
    agreesWithTheReference("decode_agreesWithTheReference", requests());
  }

  @Test
  void decode_agreesWithTheReference_onMutatedRequests() {
    agreesWithTheReference("decode_agreesWithTheReference_onMutatedRequests", mutatedRequests());
  }

  private static void agreesWithTheReference(String name, Gen<byte[]> requests) {
    Map<String, Integer> outcomes = new TreeMap<>();
    PropertyRunner.forAll(
        3000,
        requests,
        indexes(),
        limits(),
        (request, index, limits) -> {
          String expected = outcome(() -> reference(request, limits, index));
          outcomes.merge(kind(expected), 1, Integer::sum);
          assertThat(outcome(() -> decode(request, limits, index)))
              .as("%s", Arrays.toString(request))
              .isEqualTo(expected);
          // Again, now that the tables of seen series hold what the first decoding found.
          assertThat(outcome(() -> decode(request, limits, index)))
              .as("again: %s", Arrays.toString(request))
              .isEqualTo(expected);
        });
    // Which paths the tries reached, as a check on the generators.
    System.out.println(name + " outcomes: " + outcomes);
  }

  @Test
  void decode_agreesWithTheReference_onEveryTruncationAndEveryByteOfABenchmarkLikeRequest() {
    byte[] request = prometheusLike();
    SelectorIndex index = INDEXES.get(0);
    for (int cut = 0; cut <= request.length; cut++) {
      byte[] truncated = Arrays.copyOf(request, cut);
      assertThat(outcome(() -> decode(truncated, IngestLimits.defaults(), index)))
          .as("cut at %d", cut)
          .isEqualTo(outcome(() -> reference(truncated, IngestLimits.defaults(), index)));
    }
    for (int at = 0; at < request.length; at++) {
      // One more and one less catch a length that is off by one.
      int[] values = {
        0x00, 0x08, 0x0a, 0x12, 0x7f, 0x80, 0xc3, 0xff, request[at] + 1, request[at] - 1
      };
      for (int value : values) {
        byte[] changed = request.clone();
        changed[at] = (byte) value;
        assertThat(outcome(() -> decode(changed, IngestLimits.defaults(), index)))
            .as("byte %d set to %02x", at, value & 0xff)
            .isEqualTo(outcome(() -> reference(changed, IngestLimits.defaults(), index)));
      }
    }
  }

  /** Two series as Prometheus sends them, one selected, one not, with sorted labels. */
  private static byte[] prometheusLike() {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    for (String job : new String[] {"api", "web"}) {
      ByteArrayOutputStream ts = new ByteArrayOutputStream();
      field(ts, 1, label("__name__", "http_requests_total"));
      field(ts, 1, label("code", "500"));
      field(ts, 1, label("instance", "10.1.0.1:9100"));
      field(ts, 1, label("job", job));
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      sample.write(0x09);
      for (int i = 0; i < 8; i++) {
        sample.write((int) (Double.doubleToRawLongBits(3.5) >>> (8 * i)));
      }
      sample.write(0x10);
      varint(sample, 1_700_000_000_000L);
      field(ts, 2, sample.toByteArray());
      field(request, 1, ts.toByteArray());
    }
    return request.toByteArray();
  }

  private static byte[] label(String name, String value) {
    ByteArrayOutputStream l = new ByteArrayOutputStream();
    field(l, 1, name.getBytes(StandardCharsets.UTF_8));
    field(l, 2, value.getBytes(StandardCharsets.UTF_8));
    return l.toByteArray();
  }

  private static String decode(byte[] request, IngestLimits limits, SelectorIndex index) {
    BatchBuilder out = new BatchBuilder();
    RemoteWriteDecoder.Decoded d = RemoteWriteDecoder.decode(request, limits, index, out);
    return d.series() + " series, " + d.samples() + " samples: " + describe(out, d.samples());
  }

  private static String reference(byte[] request, IngestLimits limits, SelectorIndex index) {
    BatchBuilder out = new BatchBuilder();
    ReferenceRemoteWriteDecoder.Decoded d =
        ReferenceRemoteWriteDecoder.decode(request, limits, index, out);
    return d.series() + " series, " + d.samples() + " samples: " + describe(out, d.samples());
  }

  private static String describe(BatchBuilder out, long samples) {
    IngestBatch batch = out.build(Optional.empty(), samples);
    StringBuilder sb = new StringBuilder();
    for (MatchedSeries s : batch.series()) {
      sb.append(s.seriesKey())
          .append(' ')
          .append(s.temporality())
          .append(' ')
          .append(s.contributions())
          .append(' ')
          .append(Arrays.toString(s.timestampsMs()))
          .append(' ')
          .append(Arrays.toString(s.values()))
          .append('\n');
    }
    return sb.toString();
  }

  /** The kind of an outcome, so that the statistics show which paths the tries reached. */
  private static String kind(String outcome) {
    if (outcome.startsWith("problem")) {
      String detail = outcome.substring(outcome.indexOf(": ") + 2);
      return detail.replaceAll("[0-9]+", "N").replaceAll(" at byte N.*|: .*", "");
    }
    return outcome.endsWith("samples: ") ? "decoded, nothing matched" : "decoded, matched";
  }

  private static String outcome(Supplier<String> decode) {
    try {
      return decode.get();
    } catch (HttpProblem p) {
      return "problem "
          + p.status()
          + " "
          + p.title()
          + ": "
          + p.detail()
          + " "
          + new TreeMap<>(p.extensions());
    }
  }

  private static Gen<SelectorIndex> indexes() {
    return Gen.frequencyOf(
        Gen.weight(6, Gen.just(INDEXES.get(0))),
        Gen.weight(3, Gen.just(INDEXES.get(1))),
        Gen.weight(1, Gen.just(INDEXES.get(2))));
  }

  private static Gen<IngestLimits> limits() {
    return Gen.frequencyOf(
        Gen.weight(4, Gen.just(IngestLimits.defaults())), Gen.weight(1, Gen.just(TIGHT)));
  }

  private static Gen<byte[]> mutatedRequests() {
    Gen<byte[]> requests = requests();
    Gen<List<Integer>> positionLists = Gen.ints(0, Integer.MAX_VALUE).list(1, 3);
    Gen<List<Byte>> valueLists = Gen.bytes().list(3);
    Gen<Integer> kinds = Gen.ints(0, 4);
    return r -> mutate(requests.next(r), positionLists.next(r), valueLists.next(r), kinds.next(r));
  }

  private static byte[] mutate(
      byte[] request, List<Integer> positions, List<Byte> values, int kind) {
    if (request.length == 0) {
      return request;
    }
    byte[] b = request.clone();
    switch (kind) {
      case 0 -> {
        return Arrays.copyOf(b, positions.get(0) % b.length); // truncated
      }
      case 1 -> {
        // one byte dropped
        int at = positions.get(0) % b.length;
        byte[] shorter = new byte[b.length - 1];
        System.arraycopy(b, 0, shorter, 0, at);
        System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
        return shorter;
      }
      case 2 -> {
        // a byte one more or one less: a length off by one
        int at = positions.get(0) % b.length;
        b[at] = (byte) (b[at] + (values.get(0) < 0 ? -1 : 1));
        return b;
      }
      default -> {
        for (int i = 0; i < positions.size(); i++) {
          b[positions.get(i) % b.length] = values.get(i);
        }
        return b;
      }
    }
  }

  /** Mostly requests a Prometheus could send; one in four with odd or invalid labels. */
  private static Gen<byte[]> requests() {
    Gen<byte[]> series =
        Gen.<List<byte[]>>frequencyOf(
                Gen.weight(3, series(true).list(1, 5)), Gen.weight(1, series(false).list(0, 4)))
            .map(RemoteWriteDecoderReferenceProperties::concat);
    Gen<byte[]> metadata =
        Gen.of(new byte[0], new byte[] {0x1a, 0x02, 0x08, 0x01}, new byte[] {0x20, 0x07});
    Gen<Integer> firsts = Gen.ints(0, 1);
    return r -> {
      byte[] s = series.next(r);
      byte[] m = metadata.next(r);
      return firsts.next(r) == 0 ? concat(List.of(m, s)) : concat(List.of(s, m));
    };
  }

  /** One label to encode: its name, its value and the shape of its message. */
  private record LabelSpec(byte[] name, byte[] value, int shape) {}

  /**
   * A TimeSeries field of a WriteRequest: usually a {@code __name__} label with a metric name the
   * indexes select, other labels (often sorted by name, as Prometheus sends them), samples and
   * unknown fields in some order. A clean series has well-formed labels and samples (any limit may
   * still be exceeded); a dirty one also empty names, invalid UTF-8, messages cut short.
   */
  private static Gen<byte[]> series(boolean clean) {
    Gen<byte[]> metricNames =
        clean
            ? Gen.of(
                bytes(
                    "http_requests_total",
                    "http_requests_total",
                    "http_requests_total",
                    "m",
                    "m",
                    "ü_metric",
                    "h_bucket",
                    "other_total"))
            : Gen.<byte[]>frequencyOf(
                Gen.weight(10, Gen.of(METRICS)), Gen.weight(1, Gen.of(INVALID_UTF8)));
    Gen<Integer> nameShapes = shapes(clean).filter(shape -> !clean || shape != 2);
    Gen<LabelSpec> nameLabel = r -> new LabelSpec(NAME, metricNames.next(r), nameShapes.next(r));
    Gen<LabelSpec> otherLabel;
    if (clean) {
      Gen<byte[]> names = Gen.of(NAMES).filter(n -> n.length > 0 && !Arrays.equals(n, NAME));
      Gen<byte[]> values = Gen.of(VALUES);
      Gen<Integer> shapes = shapes(true);
      Gen<LabelSpec> any = r -> new LabelSpec(names.next(r), values.next(r), shapes.next(r));
      otherLabel =
          Gen.frequencyOf(
              Gen.weight(3, pinned("job", "api", "api", "api", "web", "日本", "")),
              Gen.weight(2, pinned("code", "500", "200")),
              Gen.weight(1, pinned("b", "x", "y")),
              Gen.weight(1, pinned("le", "0.5", "+Inf", "1")),
              Gen.weight(3, any));
    } else {
      Gen<byte[]> names =
          Gen.frequencyOf(
              Gen.weight(20, Gen.of(NAMES)),
              Gen.weight(1, Gen.of(INVALID_UTF8)),
              Gen.weight(1, Gen.just("n".repeat(300).getBytes(StandardCharsets.UTF_8))));
      Gen<byte[]> values =
          Gen.frequencyOf(
              Gen.weight(20, Gen.of(VALUES)),
              Gen.weight(1, Gen.of(INVALID_UTF8)),
              Gen.weight(1, Gen.byteArrays(0, 12)));
      Gen<Integer> shapes = shapes(false);
      otherLabel = r -> new LabelSpec(names.next(r), values.next(r), shapes.next(r));
    }
    Gen<byte[]> sampleField = sampleMessage(clean).map(m -> fieldOf(2, m));
    Gen<byte[]> unknown =
        Gen.of(
            new byte[] {0x18, 0x05}, // field 3, varint
            new byte[] {0x22, 0x01, 0x00}, // field 4, bytes (exemplars)
            new byte[] {0x29, 1, 2, 3, 4, 5, 6, 7, 8}, // field 5, fixed64
            new byte[] {0x35, 1, 2, 3, 4}); // field 6, fixed32
    Gen<List<LabelSpec>> nameLabels =
        clean
            ? nameLabel.map(List::of)
            : Gen.frequencyOf(
                Gen.weight(1, Gen.just(List.<LabelSpec>of())),
                Gen.weight(8, nameLabel.map(List::of)),
                Gen.weight(1, nameLabel.list(2)));
    Gen<List<LabelSpec>> otherLabels;
    if (clean) {
      Gen<LabelSpec> job = pinned("job", "api", "api", "api", "web", "日本", "");
      // Sometimes wide: past the decoder's first table of 16 labels.
      Gen<List<LabelSpec>> more =
          Gen.frequencyOf(
              Gen.weight(9, otherLabel.list(0, 4)), Gen.weight(1, otherLabel.list(14, 24)));
      otherLabels =
          r -> {
            LabelSpec j = job.next(r);
            List<LabelSpec> l = new ArrayList<>(more.next(r));
            l.add(j);
            return l;
          };
    } else {
      otherLabels = otherLabel.list(0, 5);
    }
    Gen<List<byte[]>> sampleLists =
        Gen.frequencyOf(
            Gen.weight(9, sampleField.list(clean ? 1 : 0, 3)),
            Gen.weight(1, sampleField.list(4, 10)));
    Gen<List<byte[]>> unknownLists = unknown.list(0, 1);
    Gen<Integer> orders = Gen.ints(0, 5);
    return r ->
        timeSeries(
            nameLabels.next(r),
            otherLabels.next(r),
            sampleLists.next(r),
            unknownLists.next(r),
            orders.next(r));
  }

  private static byte[] timeSeries(
      List<LabelSpec> names,
      List<LabelSpec> others,
      List<byte[]> samples,
      List<byte[]> unknowns,
      int order) {
    List<LabelSpec> specs = new ArrayList<>(names);
    specs.addAll(others);
    if (order <= 2) { // Prometheus' order: labels sorted by name, then samples
      specs.sort((x, y) -> Arrays.compareUnsigned(x.name(), y.name()));
    }
    List<byte[]> labels = new ArrayList<>();
    for (LabelSpec spec : specs) {
      labels.add(fieldOf(1, labelMessage(spec)));
    }
    List<byte[]> parts = new ArrayList<>();
    switch (order) {
      case 0, 1, 2, 3 -> {
        parts.addAll(labels);
        parts.addAll(samples);
        parts.addAll(unknowns);
      }
      case 4 -> {
        parts.addAll(samples);
        parts.addAll(unknowns);
        parts.addAll(labels);
      }
      default -> {
        for (int i = 0; i < Math.max(labels.size(), samples.size()); i++) {
          if (i < samples.size()) {
            parts.add(samples.get(i));
          }
          if (i < labels.size()) {
            parts.add(labels.get(i));
          }
        }
        parts.addAll(unknowns);
      }
    }
    return fieldOf(1, concat(parts));
  }

  /** A label with one of the given values, in a shape that keeps the name. */
  private static Gen<LabelSpec> pinned(String name, String... values) {
    Gen<byte[]> vs = Gen.of(bytes(values));
    Gen<Integer> shapes = shapes(true);
    return r -> new LabelSpec(name.getBytes(StandardCharsets.UTF_8), vs.next(r), shapes.next(r));
  }

  /**
   * Mostly the shape Prometheus writes; the others are what the wire format also allows (shapes 3
   * and 8, a label without a name, only in dirty series).
   */
  private static Gen<Integer> shapes(boolean clean) {
    return Gen.frequencyOf(
        Gen.weight(30, Gen.just(0)),
        Gen.weight(8, Gen.ints(1, 8).filter(s -> !clean || (s != 3 && s != 8))));
  }

  private static byte[] labelMessage(LabelSpec spec) {
    byte[] n = spec.name();
    byte[] v = spec.value();
    return switch (spec.shape()) {
      case 1 -> concat(List.of(fieldOf(2, v), fieldOf(1, n))); // value first
      case 2 -> fieldOf(1, n); // no value
      case 3 -> fieldOf(2, v); // no name
      case 4 -> concat(List.of(fieldOf(1, v), fieldOf(1, n), fieldOf(2, v))); // name twice
      case 5 -> concat(List.of(fieldOf(1, n), fieldOf(2, n), fieldOf(2, v))); // value twice
      case 6 -> concat(List.of(fieldOf(1, n), new byte[] {0x18, 0x01}, fieldOf(2, v)));
      case 7 -> concat(List.of(longLengthField(1, n), longLengthField(2, v)));
      case 8 -> new byte[0];
      default -> concat(List.of(fieldOf(1, n), fieldOf(2, v)));
    };
  }

  /** A Sample message: value and timestamp, sometimes reordered, partial or odd. */
  private static Gen<byte[]> sampleMessage(boolean clean) {
    Gen<Double> values =
        Gen.oneOf(
            Gen.doubles(-1e6, 1e6),
            Gen.of(
                Double.NaN,
                Double.longBitsToDouble(0x7ff0000000000002L),
                Double.POSITIVE_INFINITY,
                1.7e308,
                -1.0,
                0.0));
    Gen<Long> timestamps = Gen.oneOf(Gen.longs(0, 2_000_000_000_000L), Gen.of(-1L, 0L));
    Gen<Integer> shapes = Gen.ints(0, clean ? 8 : 9);
    return r -> sample(values.next(r), timestamps.next(r), shapes.next(r));
  }

  private static byte[] sample(double v, long t, int shape) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    value.write(0x09);
    long bits = Double.doubleToRawLongBits(v);
    for (int i = 0; i < 8; i++) {
      value.write((int) (bits >>> (8 * i)));
    }
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    ts.write(0x10);
    varint(ts, t);
    return switch (shape) {
      case 6 -> concat(List.of(ts.toByteArray(), value.toByteArray()));
      case 7 -> value.toByteArray();
      case 8 -> concat(List.of(value.toByteArray(), ts.toByteArray(), new byte[] {0x18, 0x01}));
      case 9 -> new byte[] {0x09, 1, 2}; // a truncated double
      default -> concat(List.of(value.toByteArray(), ts.toByteArray()));
    };
  }

  private static byte[] fieldOf(int field, byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, field, bytes);
    return out.toByteArray();
  }

  /** A length-delimited field whose length is written in two bytes even when one would do. */
  private static byte[] longLengthField(int field, byte[] bytes) {
    if (bytes.length >= 1 << 14) {
      return fieldOf(field, bytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(field << 3 | 2);
    out.write(0x80 | (bytes.length & 0x7f));
    out.write(bytes.length >>> 7);
    out.writeBytes(bytes);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int field, byte[] bytes) {
    varint(out, field << 3 | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static List<byte[]> bytes(String... s) {
    List<byte[]> out = new ArrayList<>();
    for (String x : s) {
      out.add(x.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
