package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

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
}
