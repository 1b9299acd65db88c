package dev.burnrate.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Ingest threads record while the engine ticks and reloads; no count is lost. */
class ConcurrencyTest {

  @Test
  void recordsFromManyThreads_allLand_whileEvaluateAndReloadRun() throws Exception {
    TestClock clock = TestClock.at("2026-05-04T12:00:30Z");
    SloEngine engine = SloEngine.create(clock);
    List<dev.burnrate.slo.definition.SloSpec> specs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      specs.add(Slos.thirtyDays("slo-" + i));
    }
    List<dev.burnrate.slo.definition.SloSpec> edited = new ArrayList<>();
    for (dev.burnrate.slo.definition.SloSpec s : specs) {
      edited.add(
          new dev.burnrate.slo.definition.SloSpec(
              s.name(),
              s.service(),
              "edited",
              s.objective(),
              s.window(),
              s.budgetingMethod(),
              s.timeSlices(),
              s.sli(),
              s.alertRules(),
              s.labels(),
              s.source(),
              List.of(),
              List.of()));
    }
    engine.load(specs);
    int threads = 4;
    int perThread = 20_000;
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      Future<?> ticker =
          pool.submit(
              () -> {
                int n = 0;
                while (!done.get()) {
                  engine.evaluate();
                  // Reloading an edited (history-keeping) set must not lose concurrent records.
                  if (++n % 10 == 0) {
                    engine.load(edited);
                    engine.load(specs);
                  }
                }
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    engine.record("slo-" + (i % 8), clock.instant(), 1, 1);
                  }
                }));
      }
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      ticker.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    engine.evaluate();
    double total = engine.statuses().stream().mapToDouble(s -> s.sli().total()).sum();
    assertThat(total).isEqualTo((double) threads * perThread);
  }
}
