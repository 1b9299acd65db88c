package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.DoraReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** DORA's four keys on /metrics, one series per service, none for a key without data. */
class DoraMetricsTest {

  @Test
  void theKeys_areGaugesPerService_andAKeyWithoutData_hasNoSeries() {
    AtomicReference<Duration> asked = new AtomicReference<>();
    try (Metrics metrics = Metrics.create()) {
      DoraMetrics dora =
          new DoraMetrics(
              w -> {
                asked.set(w);
                return List.of(
                    new DoraReport(
                        "payments",
                        w,
                        2,
                        2 / 30.0,
                        Optional.of(Duration.ofSeconds(156150)),
                        2,
                        1,
                        OptionalDouble.of(0.5),
                        Optional.of(Duration.ofMinutes(40)),
                        1),
                    new DoraReport(
                        "web",
                        w,
                        0,
                        0,
                        Optional.empty(),
                        0,
                        0,
                        OptionalDouble.empty(),
                        Optional.empty(),
                        0));
              },
              metrics.registry());
      dora.refresh();
      String text = metrics.scrape();

      assertThat(asked.get()).isEqualTo(Duration.ofDays(30));
      assertThat(text)
          .contains("burnrate_dora_deployments{service=\"payments\"} 2.0")
          .contains("burnrate_dora_deployments_per_day{service=\"payments\"} 0.0666")
          .contains("burnrate_dora_lead_time_seconds{service=\"payments\"} 156150.0")
          .contains("burnrate_dora_change_failure_ratio{service=\"payments\"} 0.5")
          .contains("burnrate_dora_time_to_restore_seconds{service=\"payments\"} 2400.0")
          .contains("burnrate_dora_deployments{service=\"web\"} 0.0")
          .doesNotContain("burnrate_dora_change_failure_ratio{service=\"web\"}")
          .doesNotContain("burnrate_dora_lead_time_seconds{service=\"web\"}");
    }
  }
}
