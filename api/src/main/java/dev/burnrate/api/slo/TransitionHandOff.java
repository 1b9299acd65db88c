package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.slo.EngineStages.Stage;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.slo.engine.SloStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the engine's alert transitions to the listeners (the incident bridge) on a thread of its
 * own, one evaluation after the other in the order they were evaluated, so that a slow bridge
 * commit holds up no evaluation.
 *
 * <p>After a hand-off fails (or is dropped because this instance no longer leads), what is queued
 * behind it is dropped too until the evaluating thread sends a catch-up: the difference between the
 * engine's states, taken right after an evaluation, and the alerts the listeners hold. The
 * listeners thus never see a transition out of order, and none is lost. {@link #close()} hands on
 * what is queued before it returns.
 */
final class TransitionHandOff implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransitionHandOff.class);
  private static final long DRAIN_SECONDS = 10;

  private final BooleanSupplier leader;
  private final EngineStages stages;
  private final MeterRegistry registry;
  private final List<Consumer<List<AlertTransition>>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile Function<List<SloStatus>, List<AlertTransition>> takeover = s -> List.of();
  // Hand-off thread only: an earlier hand-off failed, so later evaluations are dropped until a
  // catch-up brings the listeners to the engine's states.
  private boolean stale;
  private final ExecutorService executor = EngineThreads.single("burnrate-engine-handoff");

  TransitionHandOff(BooleanSupplier leader, EngineStages stages, MeterRegistry registry) {
    this.leader = requireNonNull(leader, "leader");
    this.stages = requireNonNull(stages, "stages");
    this.registry = requireNonNull(registry, "registry");
  }

  void onTransitions(Consumer<List<AlertTransition>> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Sets how a catch-up turns the engine's statuses into transitions for the listeners. */
  void takeover(Function<List<SloStatus>, List<AlertTransition>> takeover) {
    this.takeover = requireNonNull(takeover, "takeover");
  }

  /**
   * Whether a hand-off failed since the last call: the evaluating thread then sends a catch-up
   * instead of its next evaluation.
   */
  boolean takeFailure() {
    return failed.getAndSet(false);
  }

  /**
   * Queues one evaluation's transitions; the future completes with what was handed on (empty when
   * they were dropped).
   */
  CompletableFuture<List<AlertTransition>> handOn(List<AlertTransition> evaluated) {
    return submit(false, () -> evaluated);
  }

  /**
   * Queues a catch-up to {@code statuses}, the engine's states right after an evaluation (which it
   * covers); the future completes with the transitions that were handed on.
   */
  CompletableFuture<List<AlertTransition>> catchUp(List<SloStatus> statuses) {
    return submit(
        true,
        () -> {
          long start = System.nanoTime();
          List<AlertTransition> transitions = takeover.apply(statuses);
          stages.record(Stage.CATCH_UP, System.nanoTime() - start);
          log.info("leading: handing on {} alert transitions to catch up", transitions.size());
          return transitions;
        });
  }

  @SuppressWarnings("try")
  private CompletableFuture<List<AlertTransition>> submit(
      boolean catchUp, java.util.function.Supplier<List<AlertTransition>> transitions) {
    CompletableFuture<List<AlertTransition>> done = new CompletableFuture<>();
    // The evaluation's span stays the parent of the listeners' spans.
    Context context = Context.current();
    long queued = System.nanoTime();
    try {
      executor.execute(
          () -> {
            stages.record(Stage.HANDOFF_WAIT, System.nanoTime() - queued);
            try (Scope ignored = context.makeCurrent()) {
              done.complete(run(catchUp, transitions));
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      // Closed: nothing is handed on any more; the next leader catches up from the store.
      failed.set(true);
      done.complete(List.of());
    }
    return done;
  }

  private List<AlertTransition> run(
      boolean catchUp, java.util.function.Supplier<List<AlertTransition>> supplier) {
    if (!catchUp && stale) {
      return List.of();
    }
    if (!leader.getAsBoolean()) {
      // Led when evaluated, not any more: the instance that leads now hands on from its states.
      drop();
      return List.of();
    }
    List<AlertTransition> transitions;
    try {
      transitions = supplier.get();
    } catch (RuntimeException e) {
      log.error("cannot compare the engine's states with the listeners'; retrying", e);
      drop();
      return List.of();
    }
    for (AlertTransition t : transitions) {
      Counter.builder("burnrate.engine.transitions")
          .description("Alert transitions the engine emitted, by kind")
          .tag("kind", t.kind().name().toLowerCase(Locale.ROOT))
          .register(registry)
          .increment();
      log.info(
          "SLO {} alert {} ({}): {}",
          t.slo(),
          t.alert(),
          t.severity().id(),
          t.kind().name().toLowerCase(Locale.ROOT));
    }
    boolean delivered = true;
    if (!transitions.isEmpty()) {
      long start = System.nanoTime();
      for (Consumer<List<AlertTransition>> l : listeners) {
        try {
          l.accept(transitions);
        } catch (RuntimeException e) {
          delivered = false;
          log.error("an alert transition listener failed; catching up at the next evaluation", e);
        }
      }
      stages.record(Stage.ACCEPT, System.nanoTime() - start);
    }
    if (delivered) {
      stale = false;
    } else {
      drop();
    }
    return transitions;
  }

  private void drop() {
    stale = true;
    failed.set(true);
  }

  /** Hands on what is queued (for up to ten seconds), then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
        log.warn("alert transitions still queued after {} s; the next leader catches up", 10);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
