package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A gauge family whose rows are replaced at every refresh, read by scrapes at any time. */
class GaugeRowsTest {

  @Test
  void publish_replacesTheRows_updatesValues_andDropsTagSetsNotAddedAgain() {
    try (Metrics metrics = Metrics.create()) {
      GaugeRows rows = GaugeRows.register(metrics.registry(), "test.lag", "A lag", "seconds");
      rows.add(Tags.of("instance_id", "a"), 1.5);
      rows.add(Tags.of("instance_id", "b"), 2);
      rows.publish();
      assertThat(metrics.scrape())
          .contains("test_lag_seconds{instance_id=\"a\"} 1.5")
          .contains("test_lag_seconds{instance_id=\"b\"} 2.0");

      rows.add(Tags.of("instance_id", "a"), 3);
      rows.publish();
      assertThat(metrics.scrape())
          .contains("test_lag_seconds{instance_id=\"a\"} 3.0")
          .doesNotContain("instance_id=\"b\"");

      rows.publish();
      assertThat(metrics.scrape()).doesNotContain("test_lag_seconds{");
    }
  }

  @Test
  void scrapesWhileEveryRowIsPublishedAgain_neverSeeARowTwice() throws InterruptedException {
    try (Metrics metrics = Metrics.create()) {
      GaugeRows rows = GaugeRows.register(metrics.registry(), "test.rows", "Rows");
      List<Tags> tags = new ArrayList<>();
      // One row: a family whose only row is removed and added again loses and regains its
      // collector, the case that broke scrapes.
      for (int i = 0; i < 1; i++) {
        tags.add(Tags.of("row", Integer.toString(i)));
      }
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger scraped = new AtomicInteger();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread refresher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int round = 0;
                          !done.get() && (round < 20_000 || scraped.get() < 500);
                          round++) {
                        for (Tags t : tags) {
                          rows.add(t, round);
                        }
                        rows.publish();
                      }
                    } catch (Throwable t) {
                      failed.set(t);
                    } finally {
                      done.set(true);
                    }
                  });
      int scrapes = 0;
      try {
        while (!done.get() || scrapes == 0) {
          String text = metrics.scrape();
          scrapes++;
          scraped.set(scrapes);
          assertThat(text).doesNotContain("Duplicate labels");
        }
      } finally {
        done.set(true);
        refresher.join();
      }
      assertThat(failed.get()).isNull();
      assertThat(scrapes).isPositive();
      assertThat(metrics.scrape()).containsPattern("test_rows\\{row=\"0\"} [0-9]+\\.0");
    }
  }
}
