package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the engine every tick on its own thread, while this instance leads: updates the per-SLO
 * gauges and hands alert transitions to the listeners (the incident bridge).
 */
public final class EngineTicker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineTicker.class);

  private final SloEngine engine;
  private final BooleanSupplier leader;
  private final SloMetrics sloMetrics;
  private final Tracer tracer;
  private final Timer tickTimer;
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
      SloEngine engine, BooleanSupplier leader, MeterRegistry registry, Tracer tracer) {
    this.engine = requireNonNull(engine, "engine");
    this.leader = requireNonNull(leader, "leader");
    this.registry = requireNonNull(registry, "registry");
    this.tracer = requireNonNull(tracer, "tracer");
    this.sloMetrics = new SloMetrics(registry);
    this.tickTimer =
        Timer.builder("burnrate.engine.tick")
            .description("Time to evaluate every SLO once")
            .register(registry);
    Gauge.builder("burnrate.engine.leader", () -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this instance is the engine's leader, else 0")
        .register(registry);
  }

  /**
   * Starts ticking every {@code interval}.
   *
   * @param leader whether this instance should evaluate now
   */
  public static EngineTicker start(
      SloEngine engine,
      BooleanSupplier leader,
      Duration interval,
      MeterRegistry registry,
      Tracer tracer) {
    EngineTicker ticker = new EngineTicker(engine, leader, registry, tracer);
    long ms = interval.toMillis();
    ticker.executor.scheduleWithFixedDelay(ticker::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
    return ticker;
  }

  /** Runs {@code task} after every tick (leading or not), on the ticker's thread. */
  public void afterTick(Runnable task) {
    afterTick.add(requireNonNull(task, "task"));
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
      return evaluate();
    } finally {
      for (Runnable task : afterTick) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("a task after the engine tick failed", e);
        }
      }
    }
  }

  @SuppressWarnings("try")
  private List<AlertTransition> evaluate() {
    if (!leader.getAsBoolean()) {
      return List.of();
    }
    Span span = tracer.spanBuilder("engine.tick").startSpan();
    // The scope is only held: it makes the span current for the listeners' spans.
    try (Scope ignored = span.makeCurrent()) {
      List<AlertTransition> transitions = tickTimer.record(engine::evaluate);
      sloMetrics.update(engine.statuses());
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
      if (!transitions.isEmpty()) {
        for (Consumer<List<AlertTransition>> l : listeners) {
          try {
            l.accept(transitions);
          } catch (RuntimeException e) {
            log.error("an alert transition listener failed", e);
          }
        }
      }
      return transitions;
    } catch (RuntimeException e) {
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
