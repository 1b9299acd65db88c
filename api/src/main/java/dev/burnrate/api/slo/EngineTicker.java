package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
 */
public final class EngineTicker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineTicker.class);

  private final SloEngine engine;
  private final BooleanSupplier current;
  private final BooleanSupplier leader;
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean changeQueued = new AtomicBoolean();
  private volatile Supplier<List<AlertTransition>> takeover = List::of;
  // Ticker thread only: whether the listeners have this instance's transitions from the start of
  // its lead.
  private boolean handingOn;
  private volatile boolean catchUp;
  private final SloMetrics sloMetrics;
  private final Tracer tracer;
  private final Timer tickTimer;
  private final Timer changedTimer;
  private final MeterRegistry registry;
  private final List<Consumer<List<AlertTransition>>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterTick = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "burnrate-engine-tick");
            t.setDaemon(true);
            return t;
          });

  private EngineTicker(
      SloEngine engine,
      BooleanSupplier current,
      BooleanSupplier leader,
      MeterRegistry registry,
      Tracer tracer) {
    this.engine = requireNonNull(engine, "engine");
    this.current = requireNonNull(current, "current");
    this.leader = requireNonNull(leader, "leader");
    this.registry = requireNonNull(registry, "registry");
    this.tracer = requireNonNull(tracer, "tracer");
    this.sloMetrics = new SloMetrics(registry);
    this.tickTimer =
        Timer.builder("burnrate.engine.tick")
            .description("Time to evaluate every SLO once")
            .register(registry);
    this.changedTimer =
        Timer.builder("burnrate.engine.evaluate.changed")
            .description("Time to evaluate the SLOs whose buckets one feed poll changed")
            .register(registry);
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
    ticker.executor.scheduleWithFixedDelay(ticker::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
    return ticker;
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
   * that handed transitions on, on the ticker's thread.
   */
  public void afterTick(Runnable task) {
    afterTick.add(requireNonNull(task, "task"));
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
    this.takeover =
        () ->
            TakeoverTransitions.between(
                engine.statuses(), listenersFiring.get(), specs, clock.instant());
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
      } catch (java.util.concurrent.RejectedExecutionException e) {
        changeQueued.set(false);
      }
    }
  }

  private void evaluateChangedSafely() {
    changeQueued.set(false);
    List<String> slos = new java.util.ArrayList<>(changed);
    changed.removeAll(slos);
    if (slos.isEmpty()) {
      return;
    }
    try {
      if (!evaluate(slos).isEmpty()) {
        // The listeners changed what the after-tick tasks read (an incident opened): refresh now,
        // not at the next tick.
        runAfterTick();
      }
    } catch (RuntimeException e) {
      log.error("engine evaluation failed", e);
    }
  }

  /** Calls {@code listener} with the transitions of every tick that has some. */
  public void onTransitions(Consumer<List<AlertTransition>> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("engine tick failed", e);
    }
  }

  /**
   * One tick: evaluates when leading, hands the transitions to the listeners, then runs the
   * after-tick tasks; returns the transitions.
   */
  public List<AlertTransition> tick() {
    try {
      return evaluate(null);
    } finally {
      runAfterTick();
    }
  }

  private void runAfterTick() {
    for (Runnable task : afterTick) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("a task after the engine tick failed", e);
      }
    }
  }

  /**
   * Evaluates {@code slos} (null: every SLO, and updates the gauges) when the engine is current,
   * and hands the transitions on when leading.
   */
  @SuppressWarnings("try")
  private List<AlertTransition> evaluate(List<String> slos) {
    if (!current.getAsBoolean()) {
      handingOn = false;
      return List.of();
    }
    Span span = tracer.spanBuilder("engine.tick").startSpan();
    // The scope is only held: it makes the span current for the listeners' spans.
    try (Scope ignored = span.makeCurrent()) {
      List<AlertTransition> evaluated =
          slos == null
              ? tickTimer.record(() -> engine.evaluate())
              : changedTimer.record(() -> engine.evaluate(slos));
      if (slos == null || !evaluated.isEmpty()) {
        // Every tick, and as soon as an alert changes state, so /metrics agrees with the API.
        sloMetrics.update(engine.statuses());
      }
      if (!leader.getAsBoolean()) {
        // A standby's engine moves through the same states; the leader hands them on.
        handingOn = false;
        return List.of();
      }
      List<AlertTransition> transitions = evaluated;
      if (!handingOn || catchUp) {
        catchUp = false;
        // What this engine evaluated while standing by (or before the listeners failed) never
        // reached them: hand on the difference of states instead, which covers this evaluation.
        transitions = takeover.get();
        log.info("leading: handing on {} alert transitions to catch up", transitions.size());
      }
      span.setAttribute("burnrate.transitions", transitions.size());
      for (AlertTransition t : transitions) {
        Counter.builder("burnrate.engine.transitions")
            .description("Alert transitions the engine emitted, by kind")
            .tag("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT))
            .register(registry)
            .increment();
        log.info(
            "SLO {} alert {} ({}): {}",
            t.slo(),
            t.alert(),
            t.severity().id(),
            t.kind().name().toLowerCase(java.util.Locale.ROOT));
      }
      boolean delivered = true;
      if (!transitions.isEmpty()) {
        for (Consumer<List<AlertTransition>> l : listeners) {
          try {
            l.accept(transitions);
          } catch (RuntimeException e) {
            delivered = false;
            log.error("an alert transition listener failed; catching up at the next tick", e);
          }
        }
      }
      handingOn = delivered;
      return transitions;
    } catch (RuntimeException e) {
      // Whether the listeners got this evaluation is unknown: compare states at the next one.
      handingOn = false;
      span.setStatus(StatusCode.ERROR, e.getMessage());
      throw e;
    } finally {
      span.end();
    }
  }

  /** Stops ticking. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
