package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the engine on its own thread: every SLO each tick (the ceiling for SLOs that get no
 * data), and the SLOs whose buckets changed as soon as the feed brings them. Every instance whose
 * engine is current evaluates, so any of them serves the same statuses; only the leader hands alert
 * transitions to the listeners (the incident bridge). An instance that starts leading (or whose
 * listeners failed) first hands on what {@link TakeoverTransitions} finds between its engine and
 * the bridge.
 *
 * <p>Only evaluation runs on the evaluating thread: the transitions go to the listeners in order on
 * a thread of their own ({@link TransitionHandOff}), and the per-SLO series and after-tick tasks on
 * a third ({@link EngineRefresh}), so neither a slow bridge commit nor a refresh of 10,000 SLOs'
 * series delays the next evaluation, and so the next burn.
 */
public final class EngineTicker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineTicker.class);

  private final SloEngine engine;
  private final BooleanSupplier current;
  private final BooleanSupplier leader;
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean changeQueued = new AtomicBoolean();
  // Evaluating thread only: whether the listeners have this instance's transitions from the start
  // of its lead.
  private boolean handingOn;
  private volatile boolean catchUp;
  private final Tracer tracer;
  private final EngineStages stages;
  private final TransitionHandOff handOff;
  private final SloMetrics sloSeries = new SloMetrics();
  private final EngineRefresh refresh;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(EngineThreads.daemon("burnrate-engine-tick"));
  private volatile Thread evaluating;

  private EngineTicker(
      SloEngine engine,
      BooleanSupplier current,
      BooleanSupplier leader,
      MeterRegistry registry,
      Tracer tracer) {
    this.engine = requireNonNull(engine, "engine");
    this.current = requireNonNull(current, "current");
    this.leader = requireNonNull(leader, "leader");
    this.tracer = requireNonNull(tracer, "tracer");
    this.stages = new EngineStages(registry);
    this.handOff = new TransitionHandOff(leader, stages, registry);
    this.refresh = new EngineRefresh(() -> sloSeries.publish(engine.statuses()), stages);
    Gauge.builder("burnrate.engine.leader", () -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this instance is the engine's leader, else 0")
        .register(registry);
  }

  /**
   * Starts ticking every {@code interval}.
   *
   * @param current whether the engine holds the store's data and may be evaluated now
   * @param leader whether this instance hands transitions on now
   */
  public static EngineTicker start(
      SloEngine engine,
      BooleanSupplier current,
      BooleanSupplier leader,
      Duration interval,
      MeterRegistry registry,
      Tracer tracer) {
    EngineTicker ticker = new EngineTicker(engine, current, leader, registry, tracer);
    long ms = interval.toMillis();
    ticker.executor.execute(() -> ticker.evaluating = Thread.currentThread());
    ticker.executor.scheduleWithFixedDelay(ticker::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
    return ticker;
  }

  /**
   * The per-SLO series ({@code burnrate_slo_*}) as of the last refresh, for {@code /metrics}: the
   * caller registers them ({@link dev.burnrate.api.observability.Metrics#register}).
   */
  public MultiCollector sloSeries() {
    return sloSeries;
  }

  /** The timers of the path from a commit to the bridge, for the stages outside this class. */
  public EngineStages stages() {
    return stages;
  }

  /**
   * Makes the next leading evaluation hand on the difference between the engine's states and the
   * listeners' (as a new leader does), for after a rebuild that started every alert afresh.
   */
  public void catchUp() {
    catchUp = true;
  }

  /**
   * Runs {@code task} after every tick (leading or not), and after an evaluation of changed SLOs
   * that changed an alert's state, on a refresh thread of its own (after the transitions were
   * handed on).
   */
  public void afterTick(Runnable task) {
    refresh.afterTick(task);
  }

  /**
   * Sets what a new leader hands on first: the transitions between its engine's states and the
   * alerts the listeners hold as firing (see {@link TakeoverTransitions}).
   *
   * @param listenersFiring the alert rules the listeners hold as firing, by SLO
   * @param specs an SLO's definition by name (its alerts' labels and annotations)
   * @param clock the time the transitions carry
   */
  public void onTakeover(
      Supplier<Map<String, Set<String>>> listenersFiring,
      Function<String, Optional<SloSpec>> specs,
      Clock clock) {
    requireNonNull(listenersFiring, "listenersFiring");
    requireNonNull(specs, "specs");
    requireNonNull(clock, "clock");
    handOff.takeover(
        statuses ->
            TakeoverTransitions.between(statuses, listenersFiring.get(), specs, clock.instant()));
  }

  /**
   * Evaluates the named SLOs soon on the ticker's thread; calls made before it runs are merged into
   * one evaluation.
   */
  public void evaluateSoon(Collection<String> slos) {
    changed.addAll(slos);
    if (changeQueued.compareAndSet(false, true)) {
      try {
        executor.execute(this::evaluateChangedSafely);
      } catch (RejectedExecutionException e) {
        changeQueued.set(false);
      }
    }
  }

  private void evaluateChangedSafely() {
    changeQueued.set(false);
    List<String> slos = new ArrayList<>(changed);
    changed.removeAll(slos);
    if (slos.isEmpty()) {
      return;
    }
    try {
      evaluate(slos);
    } catch (RuntimeException e) {
      log.error("engine evaluation failed", e);
    }
  }

  /** Calls {@code listener} with the transitions of every evaluation that has some. */
  public void onTransitions(Consumer<List<AlertTransition>> listener) {
    handOff.onTransitions(listener);
  }

  private void tickSafely() {
    try {
      evaluate(null);
    } catch (RuntimeException e) {
      log.error("engine tick failed", e);
    }
  }

  /**
   * One tick, on the ticker's thread, waited for: evaluates every SLO when the engine is current,
   * hands the transitions to the listeners when leading, then refreshes the series and runs the
   * after-tick tasks; returns the transitions handed on.
   */
  public List<AlertTransition> tick() {
    CompletableFuture<List<AlertTransition>> handed;
    if (Thread.currentThread() == evaluating) {
      handed = evaluate(null);
    } else {
      CompletableFuture<CompletableFuture<List<AlertTransition>>> evaluated =
          new CompletableFuture<>();
      try {
        executor.execute(
            () -> {
              try {
                evaluated.complete(evaluate(null));
              } catch (RuntimeException e) {
                evaluated.completeExceptionally(e);
              }
            });
      } catch (RejectedExecutionException e) {
        return List.of();
      }
      handed = evaluated.thenCompose(f -> f);
    }
    List<AlertTransition> transitions = handed.join();
    refresh.soon().join();
    return transitions;
  }

  /**
   * Evaluates {@code slos} (null: every SLO) when the engine is current, and queues the transitions
   * for the listeners when leading; then a refresh of the series and after-tick tasks follows every
   * tick and every evaluation that changed an alert's state. The future completes with what was
   * handed on.
   */
  @SuppressWarnings("try")
  private CompletableFuture<List<AlertTransition>> evaluate(List<String> slos) {
    if (!current.getAsBoolean()) {
      handingOn = false;
      return CompletableFuture.completedFuture(List.of());
    }
    Span span = tracer.spanBuilder("engine.tick").startSpan();
    // The scope is only held: it makes the span the parent of the listeners' spans.
    try (Scope ignored = span.makeCurrent()) {
      List<AlertTransition> evaluated =
          stages.evaluation(
              slos == null, () -> slos == null ? engine.evaluate() : engine.evaluate(slos));
      span.setAttribute("burnrate.transitions", evaluated.size());
      boolean refreshAfter = slos == null || !evaluated.isEmpty();
      CompletableFuture<List<AlertTransition>> handed;
      boolean failedSince = handOff.takeFailure();
      if (!leader.getAsBoolean()) {
        // A standby's engine moves through the same states; the leader hands them on.
        handingOn = false;
        handed = CompletableFuture.completedFuture(List.of());
      } else if (!handingOn || catchUp || failedSince) {
        catchUp = false;
        // What this engine evaluated while standing by (or after the listeners failed) never
        // reached them: hand on the difference of states instead, which covers this evaluation.
        handed = handOff.catchUp(engine.statuses());
        handingOn = true;
      } else if (evaluated.isEmpty()) {
        handed = CompletableFuture.completedFuture(List.of());
      } else {
        handed = handOff.handOn(evaluated);
      }
      if (refreshAfter) {
        // After the hand-off: the incident links then show the incident it opened.
        handed.whenComplete((t, e) -> refresh.soon());
      }
      return handed;
    } catch (RuntimeException e) {
      // Whether the listeners got this evaluation is unknown: compare states at the next one.
      handingOn = false;
      span.setStatus(StatusCode.ERROR, e.getMessage());
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Stops evaluating, hands on the transitions already evaluated (waiting up to ten seconds), then
   * stops the refreshes.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handOff.close();
    refresh.close();
  }
}
