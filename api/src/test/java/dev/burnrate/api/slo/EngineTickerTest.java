package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.TracerProvider;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    try (EngineTicker ticker = start(registry)) {
      ticker.onTransitions(handed::addAll);
      ticker.afterTick(afterTick::incrementAndGet);
      ticker.tick(); // a quiet first tick: the listeners are up to date
      afterTick.set(0);
      burn(SloFixtures.CHECKOUT_SLO);

      ticker.evaluateSoon(List.of(SloFixtures.CHECKOUT_SLO));

      // The incident links are such a task: the SLO's new incident shows without waiting a tick.
      Await.until("the after-tick tasks to run", Duration.ofSeconds(10), () -> afterTick.get() > 0);
      assertThat(handed).isNotEmpty();
      // And /metrics shows the alert firing at once, as the API does.
      assertThat(alertFiring(ticker, SloFixtures.CHECKOUT_SLO, "page-1h")).isEqualTo(1.0);
    }
  }

  /** The value of {@code burnrate_slo_alert_firing} that a scrape would show for the alert. */
  private static double alertFiring(EngineTicker ticker, String slo, String alert) {
    MetricSnapshot firing =
        ticker.sloSeries().collect().stream()
            .filter(m -> m.getMetadata().getPrometheusName().equals("burnrate_slo_alert_firing"))
            .findFirst()
            .orElseThrow();
    return firing.getDataPoints().stream()
        .filter(p -> slo.equals(p.getLabels().get("slo")))
        .filter(p -> alert.equals(p.getLabels().get("alert")))
        .map(p -> ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue())
        .findFirst()
        .orElseThrow();
  }

  /** A Sloth file of {@code n} SLOs, shop-s0 to shop-s(n-1), 99.9% from request events. */
  private static String shop(int n) {
    StringBuilder y = new StringBuilder("version: \"prometheus/v1\"\nservice: \"shop\"\nslos:\n");
    for (int i = 0; i < n; i++) {
      y.append("  - name: \"s")
          .append(i)
          .append("\"\n    objective: 99.9\n    sli:\n      events:\n")
          .append("        error_query: sum(rate(x{job=\"s")
          .append(i)
          .append("\",code=~\"5..\"}[{{.window}}]))\n")
          .append("        total_query: sum(rate(x{job=\"s")
          .append(i)
          .append("\"}[{{.window}}]))\n    alerting:\n      name: S")
          .append(i)
          .append("\n");
    }
    return y.toString();
  }

  /** A ticker that leads and ticks only when told (every hour otherwise). */
  private EngineTicker start(SimpleMeterRegistry registry) {
    return EngineTicker.start(
        engine,
        () -> true,
        () -> true,
        Duration.ofHours(1),
        registry,
        TracerProvider.noop().get("test"));
  }

  private void burn(String slo) {
    for (int m = 0; m < 60; m++) {
      engine.record(slo, clock.instant().minus(Duration.ofMinutes(m)), 50, 100);
    }
  }

  private static double evaluations(SimpleMeterRegistry registry) {
    return registry.get("burnrate.engine.evaluate.changed").timer().count();
  }

  @Test
  void aSlowListener_holdsUpNoEvaluation_getsEveryTransitionInOrder_andCloseHandsOnWhatIsQueued()
      throws InterruptedException {
    int slos = 8;
    engine.load(SloFiles.parse("shop.yaml", shop(slos)).slos());
    List<AlertTransition> handed = new CopyOnWriteArrayList<>();
    CountDownLatch bridgeFree = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EngineTicker ticker = start(registry);
    try {
      ticker.tick(); // a quiet first tick: the listeners are up to date
      ticker.onTransitions(
          transitions -> {
            if (calls.incrementAndGet() == 1) {
              try {
                // The bridge's first commit hangs (a lock, a slow disk).
                bridgeFree.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            handed.addAll(transitions);
          });
      for (int i = 0; i < slos; i++) {
        double before = evaluations(registry);
        burn("shop-s" + i);
        ticker.evaluateSoon(List.of("shop-s" + i));
        // Each burn is evaluated while the bridge still hangs on the first.
        Await.until(
            "shop-s" + i + " to be evaluated",
            Duration.ofSeconds(10),
            () -> evaluations(registry) > before);
      }
      // The hand-off thread takes the first transitions on its own time; it then hangs on them.
      Await.until(
          "the bridge to be handed the first burn", Duration.ofSeconds(10), () -> calls.get() >= 1);
      assertThat(calls.get()).isEqualTo(1);
      assertThat(handed).isEmpty();
      assertThat(engine.status("shop-s" + (slos - 1)).orElseThrow().alerts())
          .anySatisfy(a -> assertThat(a.state().name()).isEqualTo("FIRING"));
    } finally {
      bridgeFree.countDown();
      // Closing hands on what was evaluated and queued.
      ticker.close();
    }
    assertThat(calls.get()).isEqualTo(slos);
    List<String> order = new ArrayList<>();
    for (AlertTransition t : handed) {
      assertThat(t.kind()).isEqualTo(AlertTransition.Kind.FIRING);
      if (order.isEmpty() || !order.getLast().equals(t.slo())) {
        order.add(t.slo());
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < slos; i++) {
      expected.add("shop-s" + i);
    }
    assertThat(order).isEqualTo(expected);
  }

  @Test
  void aFailedHandOff_dropsWhatIsQueuedBehindIt_andTheNextEvaluationCatchesUpFromTheStates() {
    engine.load(SloFiles.parse("shop.yaml", shop(3)).slos());
    List<AlertTransition> handed = new CopyOnWriteArrayList<>();
    List<List<AlertTransition>> caughtUp = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EngineTicker ticker = start(registry)) {
      // The listeners hold nothing as firing: a catch-up hands on every firing alert.
      ticker.onTakeover(java.util.Map::of, engine::spec, clock);
      ticker.tick();
      ticker.onTransitions(
          transitions -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("the bridge's database is gone");
            }
            handed.addAll(transitions);
          });
      burn("shop-s0");
      ticker.tick(); // handed on, and failed
      assertThat(handed).isEmpty();
      burn("shop-s1");
      List<AlertTransition> next = ticker.tick();
      caughtUp.add(next);
      // Not shop-s1's transitions alone: the states of both burns, compared with the listeners'.
      assertThat(next).extracting(AlertTransition::slo).contains("shop-s0", "shop-s1");
      assertThat(handed).containsExactlyElementsOf(next);
      assertThat(calls.get()).isEqualTo(2);
    }
  }
}
