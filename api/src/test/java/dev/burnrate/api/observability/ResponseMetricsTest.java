package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ResponseGauges;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResponseMetricsTest {
  @Test
  void refresh_publishesMttaMttrAndInsideTargets_perGroup_andCountsBreaches() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicReference<ResponseGauges> now =
        new AtomicReference<>(
            new ResponseGauges(
                List.of(
                    new ResponseGauges.Row("team", "team-payments", 2, 900, 5400, 0.5),
                    new ResponseGauges.Row("priority", "P4", 1, Double.NaN, Double.NaN, 1)),
                Map.of("acknowledge", 1L, "resolve", 0L)));
    ResponseMetrics metrics = new ResponseMetrics(now::get, registry);
    metrics.refresh();
    assertThat(
            registry
                .get("burnrate.bridge.incident.mtta")
                .tags("by", "team", "name", "team-payments")
                .gauge()
                .value())
        .isEqualTo(900);
    assertThat(
            registry
                .get("burnrate.bridge.incident.mttr")
                .tags("by", "team", "name", "team-payments")
                .gauge()
                .value())
        .isEqualTo(5400);
    assertThat(registry.get("burnrate.bridge.incident.mtta").tags("name", "P4").gauge().value())
        .isNaN();
    assertThat(
            registry
                .get("burnrate.bridge.incident.inside.targets")
                .tags("by", "priority", "name", "P4")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(
            registry
                .get("burnrate.bridge.incident.breaches")
                .tags("target", "acknowledge")
                .functionCounter()
                .count())
        .isEqualTo(1);

    now.set(new ResponseGauges(List.of(), Map.of("acknowledge", 3L, "resolve", 1L)));
    metrics.refresh();
    assertThat(
            registry
                .get("burnrate.bridge.incident.breaches")
                .tags("target", "resolve")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("burnrate.bridge.incident.mtta").gauges()).isEmpty();
  }
}
