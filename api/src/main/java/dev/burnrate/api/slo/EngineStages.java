package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.store.FeedStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The time each stage of the path from a commit to the incident bridge takes, as one timer per
 * stage ({@code burnrate_engine_stage_seconds{stage=...}}): where a slow burn spent its time.
 */
public final class EngineStages {
  /** A stage of the path, in the order a change passes through them. */
  public enum Stage {
    /** The feed's poll of the change log (and the expired minute buckets) from the store. */
    FEED_READ,
    /** Recording what one poll read into the engine. */
    FEED_APPLY,
    /** Evaluating the SLOs one poll changed, or every SLO at a tick. */
    EVALUATE,
    /** How long evaluated transitions waited for the hand-off thread. */
    HANDOFF_WAIT,
    /** Comparing the engine's states with the bridge's when an instance starts handing on. */
    CATCH_UP,
    /** Handing one evaluation's transitions to the listeners (the bridge's commit). */
    ACCEPT,
    /** Publishing the engine's statuses as the per-SLO series that {@code /metrics} reads. */
    GAUGES,
    /** The tasks that run after a tick (incident links, bridge and DORA gauges). */
    AFTER_TICK;

    /** The stage's label value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Stage, Timer> timers = new EnumMap<>(Stage.class);
  private final Timer tick;
  private final Timer changed;

  /**
   * Registers a timer for every stage, so each has a series from the start, and the timers of whole
   * evaluations.
   */
  public EngineStages(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    for (Stage stage : Stage.values()) {
      timers.put(
          stage,
          Timer.builder("burnrate.engine.stage")
              .description(
                  "Time each stage of the path from a commit to the incident bridge takes, by"
                      + " stage")
              .tag("stage", stage.label())
              .register(registry));
    }
    tick = timer(registry, "burnrate.engine.tick", "Time to evaluate every SLO once");
    changed =
        timer(
            registry,
            "burnrate.engine.evaluate.changed",
            "Time to evaluate the SLOs whose buckets one feed poll changed");
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description).register(registry);
  }

  /**
   * Runs one evaluation (of every SLO when {@code all}, else of the changed ones), recording its
   * time under its timer and under {@link Stage#EVALUATE}.
   */
  <T> T evaluation(boolean all, Supplier<T> evaluate) {
    long start = System.nanoTime();
    try {
      return (all ? tick : changed).record(evaluate);
    } finally {
      record(Stage.EVALUATE, System.nanoTime() - start);
    }
  }

  /** Records that {@code stage} took {@code nanos} once. */
  public void record(Stage stage, long nanos) {
    timers.get(stage).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Records the time one stage of a feed poll took. */
  public void recordFeed(FeedStage stage, long nanos) {
    record(
        switch (stage) {
          case READ -> Stage.FEED_READ;
          case APPLY -> Stage.FEED_APPLY;
        },
        nanos);
  }

  /** Runs {@code task}, recording its time under {@code stage}. */
  void time(Stage stage, Runnable task) {
    long start = System.nanoTime();
    try {
      task.run();
    } finally {
      record(stage, System.nanoTime() - start);
    }
  }
}
