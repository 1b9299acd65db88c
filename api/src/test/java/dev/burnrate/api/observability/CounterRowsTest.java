package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CounterRowsTest {
  private static String family(String scrape) {
    return scrape
        .lines()
        .filter(l -> l.contains("burnrate_engine_feed_skipped_rows"))
        .collect(Collectors.joining("\n"));
  }

  @Test
  void aScrape_readsTheMapAsItIsThen_oneSortedSeriesPerKey() {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    try (Metrics metrics = Metrics.create()) {
      metrics.register(
          new CounterRows(
              "burnrate_engine_feed_skipped_rows", "Rows left out", "slo", () -> counts));
      // No key yet: no family at all, as with a meter family without meters.
      assertThat(family(metrics.scrape())).isEmpty();

      counts.put("search", 0L);
      counts.put("checkout", 3L);
      assertThat(family(metrics.scrape()))
          .isEqualTo(
              """
              # HELP burnrate_engine_feed_skipped_rows_total Rows left out
              # TYPE burnrate_engine_feed_skipped_rows_total counter
              burnrate_engine_feed_skipped_rows_total{slo="checkout"} 3.0
              burnrate_engine_feed_skipped_rows_total{slo="search"} 0.0""");

      counts.merge("search", 2L, Long::sum);
      counts.remove("checkout");
      assertThat(family(metrics.scrape()))
          .contains("burnrate_engine_feed_skipped_rows_total{slo=\"search\"} 2.0")
          .doesNotContain("checkout");
    }
  }

  @Test
  void labelValues_areEscapedAsTheFormatRequires() {
    Map<String, Long> counts = Map.of("a\"b\\c", 1L);
    try (Metrics metrics = Metrics.create()) {
      metrics.register(
          new CounterRows("burnrate_engine_feed_skipped_rows", "Rows", "slo", () -> counts));
      assertThat(family(metrics.scrape()))
          .contains("burnrate_engine_feed_skipped_rows_total{slo=\"a\\\"b\\\\c\"} 1.0");
    }
  }
}
