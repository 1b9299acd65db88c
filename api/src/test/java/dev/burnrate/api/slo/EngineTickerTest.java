package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.TracerProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineTickerTest {
  private final TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
  private final SloEngine engine = SloEngine.create(clock);

  @Test
  void
      anEvaluationOfChangedSlos_thatHandsTransitionsOn_runsTheAfterTickTasks_andUpdatesTheGauges() {
    engine.load(SloFiles.parse("checkout.yaml", SloFixtures.CHECKOUT).slos());
    List<AlertTransition> handed = new CopyOnWriteArrayList<>();
    AtomicInteger afterTick = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EngineTicker ticker =
        EngineTicker.start(
            engine,
            () -> true,
            () -> true,
            Duration.ofHours(1),
            registry,
            TracerProvider.noop().get("test"))) {
      ticker.onTransitions(handed::addAll);
      ticker.afterTick(afterTick::incrementAndGet);
      ticker.tick(); // a quiet first tick: the listeners are up to date
      afterTick.set(0);
      for (int m = 0; m < 60; m++) {
        engine.record(
            SloFixtures.CHECKOUT_SLO, clock.instant().minus(Duration.ofMinutes(m)), 50, 100);
      }

      ticker.evaluateSoon(List.of(SloFixtures.CHECKOUT_SLO));

      // The incident links are such a task: the SLO's new incident shows without waiting a tick.
      Await.until("the after-tick tasks to run", Duration.ofSeconds(10), () -> afterTick.get() > 0);
      assertThat(handed).isNotEmpty();
      // And /metrics shows the alert firing at once, as the API does.
      assertThat(
              registry
                  .get("burnrate.slo.alert.firing")
                  .tags("slo", SloFixtures.CHECKOUT_SLO, "alert", "page-1h")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
    }
  }
}
