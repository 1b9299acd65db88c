package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example files, loaded as users load them, drive the engine as the contract says. */
class ExampleSlosInTheEngineTest {

  @Test
  void exampleSlos_loadIntoTheEngine_withTheirAlertPoliciesOrTheDefaults() {
    SloLoadResult loaded = SloFiles.load(List.of(Path.of("../examples/slos")));
    assertThat(loaded.errors()).isEmpty();
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    SloEngine engine = SloEngine.create(Clock.fixed(now, ZoneOffset.UTC));

    engine.load(loaded.slos());
    engine.record("checkout-availability", now.minus(Duration.ofMinutes(3)), 990, 1000);
    engine.evaluate();

    SloStatus checkout = engine.status("checkout-availability").orElseThrow();
    assertThat(checkout.objective()).isEqualTo(0.999);
    assertThat(checkout.window()).isEqualTo("30d");
    assertThat(checkout.alerts())
        .extracting(SloStatus.AlertStatus::name)
        .containsExactly("checkout-fast-burn", "checkout-slow-burn");
    assertThat(engine.status("catalog-latency").orElseThrow().alerts())
        .extracting(SloStatus.AlertStatus::name)
        .containsExactly("ticket-1d", "ticket-3d");
    assertThat(engine.status("catalog-availability").orElseThrow().alerts())
        .extracting(SloStatus.AlertStatus::name)
        .containsExactly("page-1h", "page-6h", "ticket-1d", "ticket-3d");
  }
}
