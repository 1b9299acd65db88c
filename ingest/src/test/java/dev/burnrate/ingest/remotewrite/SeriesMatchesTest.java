package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.SeriesKeyHash;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeriesMatchesTest {
  private static SelectorIndex index(String job) {
    return SelectorIndex.of(
        List.of(
            Slos.badOverTotal(
                "errors-" + job,
                Slos.query("http_requests_total{job=\"" + job + "\",code=~\"5..\"}"),
                Slos.query("http_requests_total{job=\"" + job + "\"}"))));
  }

  private static byte[] body(String code, String job) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("__name__", "http_requests_total");
    labels.put("code", code);
    labels.put("instance", "host-\"1\"\\");
    labels.put("job", job);
    return WriteRequests.create().series(labels, new long[] {1000}, new double[] {3}).protobuf();
  }

  private static IngestBatch decode(byte[] pb, SelectorIndex index) {
    BatchBuilder out = new BatchBuilder();
    RemoteWriteDecoder.Decoded d =
        RemoteWriteDecoder.decode(pb, IngestLimits.defaults(), index, out);
    return out.build(Optional.empty(), d.samples());
  }

  @Test
  void aSeriesSeenBefore_hasTheSameKeyHashesAndMatches_andANewIndexMatchesAfresh() {
    SelectorIndex api = index("api-seen");
    byte[] pb = body("500", "api-seen");
    MatchedSeries first = decode(pb, api).series().getFirst();
    MatchedSeries again = decode(pb, api).series().getFirst();

    String text =
        "http_requests_total{code=\"500\",instance=\"host-\\\"1\\\"\\\\\",job=\"api-seen\"}";
    for (MatchedSeries s : List.of(first, again)) {
      assertThat(s.seriesKey()).isEqualTo(text);
      assertThat(s.key().hash()).isEqualTo(SeriesKeyHash.of(text));
      assertThat(s.key().check()).isEqualTo(SeriesKeyHash.check(text));
      assertThat(s.contributions())
          .containsExactlyInAnyOrder(
              new Contribution("errors-api-seen", SliRole.BAD, 1),
              new Contribution("errors-api-seen", SliRole.TOTAL, 1));
    }
    // The same series against a reloaded index that selects it differently (here: not at all).
    SelectorIndex other =
        SelectorIndex.of(
            List.of(
                Slos.badOverTotal(
                    "errors-api-seen",
                    Slos.query("http_requests_total{job=\"api-seen\",code=~\"4..\"}"),
                    Slos.query("http_requests_total{job=\"api-seen\",code=\"200\"}"))));
    assertThat(decode(pb, other).series()).isEmpty();
    assertThat(decode(pb, api).series().getFirst().contributions()).hasSize(2);
  }

  @Test
  void aSeriesNoSelectorMatches_staysUnmatched_whenItComesBack() {
    SelectorIndex api = index("api-none");
    byte[] pb = body("500", "web");
    assertThat(decode(pb, api).series()).isEmpty();
    assertThat(decode(pb, api).series()).isEmpty();
  }

  /** The key {@code name{}} written as the decoder writes it. */
  private static AsciiSeriesKey written(String name) {
    byte[] buf = name.getBytes(StandardCharsets.US_ASCII);
    AsciiSeriesKey key = new AsciiSeriesKey();
    assertThat(key.write(buf, 0, buf.length, new int[0], 0)).isTrue();
    return key;
  }

  @Test
  void keysWhoseQuickHashesShareASet_areAllKept_upToItsWays() {
    SelectorIndex api = index("api-ways");
    byte[] name = "http_requests_total".getBytes(StandardCharsets.US_ASCII);
    MetricSelectors selectors = api.selectorsOf(name, 0, name.length);
    SeriesMatches table = new SeriesMatches();
    List<Contribution> matches = List.of(new Contribution("errors-api-ways", SliRole.TOTAL, 1));
    // Quick hashes that differ only in the bits within a set: one set, one key per way.
    int base = 0x5a5a0000 & ~(SeriesMatches.WAYS - 1);
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      AsciiSeriesKey k = written("m" + w);
      table.put(selectors, base + w, k.key(), matches);
    }
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      SeriesMatches.Entry e = table.find(selectors, written("m" + w), base + w);
      assertThat(e).as("way %d", w).isNotNull();
      assertThat(e.key().text()).isEqualTo("m" + w + "{}");
    }
    // A key is found only by its own bytes, even with another key's quick hash.
    assertThat(table.find(selectors, written("m0"), base + 1)).isNull();
    // One more takes a way: the set still holds as many keys as it has ways, the newcomer among
    // them.
    table.put(selectors, base, written("m9").key(), matches);
    int found = 0;
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      found += table.find(selectors, written("m" + w), base + w) == null ? 0 : 1;
    }
    assertThat(found).isEqualTo(SeriesMatches.WAYS - 1);
    assertThat(table.find(selectors, written("m9"), base)).isNotNull();
  }

  /** Label fields in Prometheus' shape: {@code 0a len (0a len name 12 len value)}. */
  private static byte[] labelFields(String... namesAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      byte[] k = namesAndValues[i].getBytes(StandardCharsets.US_ASCII);
      byte[] v = namesAndValues[i + 1].getBytes(StandardCharsets.US_ASCII);
      out.write(0x0a);
      out.write(4 + k.length + v.length);
      out.write(0x0a);
      out.write(k.length);
      out.writeBytes(k);
      out.write(0x12);
      out.write(v.length);
      out.writeBytes(v);
    }
    return out.toByteArray();
  }

  /** A Sample field: value 3 at 1000 ms. */
  private static byte[] sampleField() {
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    sample.write(0x09);
    long bits = Double.doubleToRawLongBits(3);
    for (int i = 0; i < 8; i++) {
      sample.write((int) (bits >>> (8 * i)));
    }
    sample.write(0x10);
    sample.write(0xe8);
    sample.write(0x07);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x12);
    out.write(sample.size());
    out.writeBytes(sample.toByteArray());
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static IngestBatch decodeSeries(SelectorIndex index, byte[] timeSeries) {
    return decode(WriteRequests.create().rawSeries(timeSeries).protobuf(), index);
  }

  private static MetricSelectors selectors(SelectorIndex index) {
    byte[] name = "http_requests_total".getBytes(StandardCharsets.US_ASCII);
    return index.selectorsOf(name, 0, name.length);
  }

  @Test
  void aSeriesOfPrometheusShape_isFoundByTheBytesOfItsLabelFields_withItsKeyAndMatches() {
    SelectorIndex api = index("api-raw");
    byte[] labels = labelFields("__name__", "http_requests_total", "code", "500", "job", "api-raw");
    MatchedSeries first = decodeSeries(api, concat(labels, sampleField())).series().getFirst();

    SeriesMatches.Entry e =
        SeriesMatches.SHARED_RAW.findRaw(
            api, labels, 0, labels.length, SeriesMatches.quickHash(labels, 0, labels.length));
    assertThat(e).isNotNull();
    assertThat(e.key()).isEqualTo(first.key());
    assertThat(e.key().text()).isEqualTo("http_requests_total{code=\"500\",job=\"api-raw\"}");
    assertThat(e.matches()).containsExactlyInAnyOrderElementsOf(first.contributions());
    // Found again from those bytes: the same key and matches.
    MatchedSeries again = decodeSeries(api, concat(labels, sampleField())).series().getFirst();
    assertThat(again.key()).isEqualTo(first.key());
    assertThat(again.seriesKey()).isEqualTo(first.seriesKey());
    assertThat(again.contributions()).isEqualTo(first.contributions());
    // The same bytes under another index are not found.
    assertThat(
            SeriesMatches.SHARED_RAW.findRaw(
                index("api-raw"),
                labels,
                0,
                labels.length,
                SeriesMatches.quickHash(labels, 0, labels.length)))
        .isNull();
  }

  @Test
  void aSeriesNothingMatches_isKeptByItsLabelBytesWithoutAKey_andStaysUnmatched() {
    SelectorIndex api = index("api-raw-none");
    byte[] labels = labelFields("__name__", "http_requests_total", "code", "500", "job", "web");
    assertThat(decodeSeries(api, concat(labels, sampleField())).series()).isEmpty();
    SeriesMatches.Entry e =
        SeriesMatches.SHARED_RAW.findRaw(
            api, labels, 0, labels.length, SeriesMatches.quickHash(labels, 0, labels.length));
    assertThat(e).isNotNull();
    assertThat(e.key()).isNull();
    assertThat(e.matches()).isEmpty();
    assertThat(decodeSeries(api, concat(labels, sampleField())).series()).isEmpty();
  }

  @Test
  void seriesWhoseKeysAreEqual_butWhoseLabelBytesDiffer_eachHaveTheirOwnEntry_andOneKey() {
    SelectorIndex api = index("api-raw-empty");
    byte[] plain =
        labelFields("__name__", "http_requests_total", "code", "500", "job", "api-raw-empty");
    // An empty value is no label: the key leaves it out, the label bytes do not.
    byte[] withEmpty =
        labelFields(
            "__name__", "http_requests_total", "code", "500", "job", "api-raw-empty", "zone", "");
    MatchedSeries a = decodeSeries(api, concat(plain, sampleField())).series().getFirst();
    MatchedSeries b = decodeSeries(api, concat(withEmpty, sampleField())).series().getFirst();
    MatchedSeries b2 = decodeSeries(api, concat(withEmpty, sampleField())).series().getFirst();
    assertThat(b.key()).isEqualTo(a.key());
    assertThat(b2.key()).isEqualTo(a.key());
    assertThat(b2.seriesKey()).isEqualTo(a.seriesKey());
    for (byte[] labels : List.of(plain, withEmpty)) {
      assertThat(
              SeriesMatches.SHARED_RAW.findRaw(
                  api, labels, 0, labels.length, SeriesMatches.quickHash(labels, 0, labels.length)))
          .isNotNull();
    }
  }

  @Test
  void aSeriesWhoseLabelsAreNotInOneRun_isNotKeptByLabelBytes_butMatchesTheSame() {
    SelectorIndex api = index("api-raw-split");
    byte[] head = labelFields("__name__", "http_requests_total", "code", "500");
    byte[] tail = labelFields("job", "api-raw-split");
    // A sample between the labels: the label fields are no longer one run of bytes.
    byte[] split = concat(head, sampleField(), tail);
    byte[] whole = concat(head, tail, sampleField());
    MatchedSeries s1 = decodeSeries(api, split).series().getFirst();
    MatchedSeries s2 = decodeSeries(api, split).series().getFirst();
    MatchedSeries w = decodeSeries(api, whole).series().getFirst();
    assertThat(s1.key()).isEqualTo(w.key());
    assertThat(s2.key()).isEqualTo(w.key());
    assertThat(s2.contributions()).isEqualTo(w.contributions());
    assertThat(
            SeriesMatches.SHARED_RAW.findRaw(
                api, head, 0, head.length, SeriesMatches.quickHash(head, 0, head.length)))
        .isNull();
  }

  private static SeriesMatches.Entry rawEntry(SelectorIndex index, byte[] labels) {
    return SeriesMatches.SHARED_RAW.findRaw(
        index, labels, 0, labels.length, SeriesMatches.quickHash(labels, 0, labels.length));
  }

  @Test
  void aSeriesNotesTheOneAfterIt_andSeriesInAnotherOrder_stillFindTheirOwnKeysAndMatches() {
    SelectorIndex api = index("api-order");
    String[] codes = {"200", "500", "503"};
    byte[][] labels = new byte[codes.length][];
    for (int i = 0; i < codes.length; i++) {
      labels[i] =
          labelFields("__name__", "http_requests_total", "code", codes[i], "job", "api-order");
    }
    WriteRequests inOrder = WriteRequests.create();
    for (byte[] l : labels) {
      inOrder.rawSeries(concat(l, sampleField()));
    }
    IngestBatch first = decode(inOrder.protobuf(), api);
    assertThat(rawEntry(api, labels[0]).next()).isSameAs(rawEntry(api, labels[1]));
    assertThat(rawEntry(api, labels[1]).next()).isSameAs(rawEntry(api, labels[2]));

    // The other way round: every hint is wrong, every series still its own.
    WriteRequests reversed = WriteRequests.create();
    for (int i = labels.length - 1; i >= 0; i--) {
      reversed.rawSeries(concat(labels[i], sampleField()));
    }
    IngestBatch back = decode(reversed.protobuf(), api);
    assertThat(back.series()).hasSize(codes.length);
    for (int i = 0; i < codes.length; i++) {
      MatchedSeries f = first.series().get(i);
      MatchedSeries b = back.series().get(codes.length - 1 - i);
      assertThat(b.key()).isEqualTo(f.key());
      assertThat(b.seriesKey()).contains("code=\"" + codes[i] + "\"");
      assertThat(b.contributions()).isEqualTo(f.contributions());
    }
    assertThat(rawEntry(api, labels[2]).next()).isSameAs(rawEntry(api, labels[1]));
    // Under a reloaded index the hints lead nowhere: the series are matched afresh.
    SelectorIndex none = index("api-order-none");
    assertThat(decode(inOrder.protobuf(), none).series()).isEmpty();
  }

  @Test
  void anEntryPutOutOfTheTable_forgetsTheOneAfterIt() {
    SelectorIndex api = index("api-evict");
    MetricSelectors selectors = selectors(api);
    SeriesMatches table = new SeriesMatches();
    int set = 0x1230000 & ~(SeriesMatches.WAYS - 1);
    SeriesMatches.Entry[] kept = new SeriesMatches.Entry[SeriesMatches.WAYS];
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      byte[] l = labelFields("__name__", "m" + w);
      kept[w] =
          table.putRaw(
              api, IngestLimits.defaults(), selectors, l, 0, l.length, set + w, null, List.of());
    }
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      kept[w].followedBy(kept[(w + 1) % SeriesMatches.WAYS]);
    }
    byte[] newcomer = labelFields("__name__", "m9");
    // The set is full: the newcomer puts one of them out.
    table.putRaw(
        api,
        IngestLimits.defaults(),
        selectors,
        newcomer,
        0,
        newcomer.length,
        set,
        null,
        List.of());
    assertThat(table.findRaw(api, newcomer, 0, newcomer.length, set)).isNotNull();
    int left = 0;
    for (int w = 0; w < SeriesMatches.WAYS; w++) {
      byte[] l = labelFields("__name__", "m" + w);
      boolean found = table.findRaw(api, l, 0, l.length, set + w) != null;
      left += found ? 1 : 0;
      assertThat(kept[w].next()).as("way %d", w).isEqualTo(found ? kept[(w + 1) % 4] : null);
    }
    assertThat(left).isEqualTo(SeriesMatches.WAYS - 1);
  }

  @Test
  void aSeriesFoundByTheHintOfTheOneBefore_isTheSame_butNotWhenMoreFollowsItsSamples() {
    SelectorIndex api = index("api-hint");
    byte[] a = labelFields("__name__", "http_requests_total", "code", "200", "job", "api-hint");
    byte[] b =
        labelFields(
            "__name__",
            "http_requests_total",
            "code",
            "500",
            "instance",
            "a-much-longer-instance-name",
            "job",
            "api-hint");
    byte[] body =
        WriteRequests.create()
            .rawSeries(concat(a, sampleField()))
            .rawSeries(concat(b, sampleField()))
            .protobuf();
    IngestBatch first = decode(body, api);
    assertThat(rawEntry(api, a).next()).isSameAs(rawEntry(api, b));
    // Again: the second series is found by the first one's hint.
    IngestBatch again = decode(body, api);
    assertThat(again.series()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(again.series().get(i).key()).isEqualTo(first.series().get(i).key());
      assertThat(again.series().get(i).contributions())
          .isEqualTo(first.series().get(i).contributions());
      assertThat(again.series().get(i).values()).containsExactly(3);
      assertThat(again.series().get(i).timestampsMs()).containsExactly(1000);
    }
    // Under stricter limits the hint does not stand for the checks: the first series passes
    // them, the second's instance is too long.
    IngestLimits strict = IngestLimits.builder().maxLabelValueLength(20).build();
    BatchBuilder out = new BatchBuilder();
    assertThatThrownBy(() -> RemoteWriteDecoder.decode(body, strict, api, out))
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    // The hinted series' label bytes, then a sample, then one more label: another series.
    byte[] more = labelFields("zone", "eu");
    IngestBatch other =
        decode(
            WriteRequests.create()
                .rawSeries(concat(a, sampleField()))
                .rawSeries(concat(b, sampleField(), more))
                .protobuf(),
            api);
    assertThat(other.series()).hasSize(2);
    assertThat(other.series().get(1).seriesKey())
        .isEqualTo(
            "http_requests_total{code=\"500\",instance=\"a-much-longer-instance-name\","
                + "job=\"api-hint\",zone=\"eu\"}");
    assertThat(other.series().get(1).key()).isNotEqualTo(first.series().get(1).key());
  }
}
