package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventSeriesTest {
  private static final String H = "http_server_request_duration_seconds";

  private static RequestEvent event(long ts, int status, double ms) {
    return new RequestEvent(ts, "api", "/orders", "GET", status, ms, Map.of("region", "eu"));
  }

  private static IngestBatch match(SelectorIndex idx, List<RequestEvent> events) {
    BatchBuilder out = new BatchBuilder();
    EventSeries.match(events, idx, out);
    return out.build(Optional.empty(), events.size());
  }

  @Test
  void match_countsAnEventInABucketExactlyWhenItsDurationIsWithinLe() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal(
                    "latency",
                    Slos.query(H + "_bucket{le=\"0.3\",job=\"api\"}"),
                    Slos.query(H + "_count{job=\"api\"}"))));
    IngestBatch batch =
        match(idx, List.of(event(1000, 200, 300), event(2000, 200, 300.001), event(3000, 500, 7)));

    MatchedSeries good =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_bucket"))
            .findFirst()
            .orElseThrow();
    assertThat(good.seriesKey())
        .isEqualTo(
            H
                + "_bucket{http_request_method=\"GET\",http_response_status_code=\"200\","
                + "http_route=\"/orders\",job=\"api\",le=\"0.3\",region=\"eu\"}");
    assertThat(good.temporality()).isEqualTo(Temporality.DELTA);
    assertThat(good.timestampsMs()).containsExactly(1000);
    assertThat(good.contributions()).containsExactly(new Contribution("latency", SliRole.GOOD, 1));
    long goodTotal =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_bucket"))
            .mapToLong(MatchedSeries::size)
            .sum();
    assertThat(goodTotal).isEqualTo(2); // 300 ms and 7 ms; not 300.001 ms
    double total =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_count"))
            .flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
            .sum();
    assertThat(total).isEqualTo(3);
  }

  @Test
  void match_addsTheDurationInSecondsToSum_andSelectsByStatus() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(
                Slos.badOverTotal(
                    "errors",
                    Slos.query(H + "_count{http_response_status_code=~\"5..\"}"),
                    Slos.query(H + "_sum"))));
    IngestBatch batch = match(idx, List.of(event(1000, 503, 250), event(1000, 200, 750)));
    assertThat(batch.series()).hasSize(3);
    MatchedSeries errors =
        batch.series().stream()
            .filter(s -> s.seriesKey().contains("503") && s.seriesKey().startsWith(H + "_count"))
            .findFirst()
            .orElseThrow();
    assertThat(errors.values()).containsExactly(1);
    double sum =
        batch.series().stream()
            .filter(s -> s.seriesKey().startsWith(H + "_sum"))
            .flatMapToDouble(s -> java.util.Arrays.stream(s.values()))
            .sum();
    assertThat(sum).isEqualTo(1.0);
  }

  @Test
  void match_countsAnEventOnceForEverySlo_whenTwoSelectorsShareAnLeThreshold() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal(
                    "by-job",
                    Slos.query(H + "_bucket{job=\"api\",le=\"0.3\"}"),
                    Slos.query(H + "_count{job=\"api\"}")),
                Slos.goodOverTotal(
                    "by-route",
                    Slos.query(H + "_bucket{http_route=\"/orders\",le=\"0.3\"}"),
                    Slos.query(H + "_count{http_route=\"/orders\"}"))));
    IngestBatch batch = match(idx, List.of(event(1000, 200, 100), event(1000, 200, 900)));

    List<MatchedSeries> buckets =
        batch.series().stream().filter(s -> s.seriesKey().startsWith(H + "_bucket")).toList();
    assertThat(buckets).hasSize(1);
    assertThat(buckets.get(0).contributions())
        .containsExactly(
            new Contribution("by-job", SliRole.GOOD, 1),
            new Contribution("by-route", SliRole.GOOD, 1));
    assertThat(buckets.get(0).values()).containsExactly(1);
  }

  @Test
  void match_addsNothing_whenNoSloSelectsTheHistogram() {
    SelectorIndex idx =
        SelectorIndex.of(
            List.of(Slos.goodOverTotal("x", Slos.query("a_total"), Slos.query("b_total"))));
    assertThat(match(idx, List.of(event(1, 200, 1))).series()).isEmpty();
  }
}
