package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void aCounterMadeInTheGlobalRegistry_isScraped_untilTheMetricsClose() {
    Metrics m = Metrics.create();
    try {
      Counter.builder("burnrate.bridge.runbooks")
          .tag("connector", "st2")
          .tag("runbook", "restart-pods")
          .tag("outcome", "failed")
          .register(io.micrometer.core.instrument.Metrics.globalRegistry)
          .increment();

      assertThat(m.scrape())
          .contains(
              "burnrate_bridge_runbooks_total{connector=\"st2\",outcome=\"failed\",runbook=\"restart-pods\"} 1.0");
    } finally {
      m.close();
    }
    assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.getRegistries()).isEmpty();
  }
}
