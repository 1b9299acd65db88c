package dev.burnrate.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.internal.SeriesKeyHash;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.ingest.testing.WriteRequests;
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
}
