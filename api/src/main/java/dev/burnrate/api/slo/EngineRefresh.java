package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.slo.EngineStages.Stage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an evaluation but no burn waits for: publishing the per-SLO series (every SLO's
 * status, built by the engine) and the after-tick tasks, on a thread of their own. Requests made
 * while one is queued are merged into it, so a busy engine refreshes as often as it can, never
 * queueing refreshes.
 */
final class EngineRefresh implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineRefresh.class);

  private final Runnable series;
  private final EngineStages stages;
  private final List<Runnable> afterTick = new CopyOnWriteArrayList<>();
  // The refresh queued and not yet started, if any: a request joins it.
  private final AtomicReference<CompletableFuture<Void>> queued = new AtomicReference<>();
  private final ExecutorService executor = EngineThreads.single("burnrate-engine-refresh");

  /**
   * @param series publishes the per-SLO series from the engine's statuses
   */
  EngineRefresh(Runnable series, EngineStages stages) {
    this.series = requireNonNull(series, "series");
    this.stages = requireNonNull(stages, "stages");
  }

  void afterTick(Runnable task) {
    afterTick.add(requireNonNull(task, "task"));
  }

  /**
   * Refreshes soon; the future completes when a refresh that started after this call has ended (at
   * once when closed).
   */
  CompletableFuture<Void> soon() {
    while (true) {
      CompletableFuture<Void> pending = queued.get();
      if (pending != null) {
        return pending;
      }
      CompletableFuture<Void> next = new CompletableFuture<>();
      if (queued.compareAndSet(null, next)) {
        try {
          executor.execute(() -> run(next));
        } catch (RejectedExecutionException e) {
          queued.compareAndSet(next, null);
          next.complete(null);
        }
        return next;
      }
    }
  }

  private void run(CompletableFuture<Void> done) {
    // From here on a request needs a refresh after this one: what it asks for may be newer.
    queued.compareAndSet(done, null);
    try {
      stages.time(Stage.GAUGES, series);
      stages.time(
          Stage.AFTER_TICK,
          () -> {
            for (Runnable task : afterTick) {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.error("a task after the engine tick failed", e);
              }
            }
          });
    } catch (RuntimeException e) {
      log.error("cannot refresh the SLO series", e);
    } finally {
      done.complete(null);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    CompletableFuture<Void> pending = queued.getAndSet(null);
    if (pending != null) {
      pending.complete(null);
    }
  }
}
