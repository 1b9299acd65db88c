package dev.burnrate.api.budget;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BudgetReset;
import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.engine.SloEngine;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's engine on the stored budget adjustments. Every instance runs one: it writes
 * the SLO files' adjustments and the approved budget resets into the table (both idempotent), reads
 * the table, and when the set changed gives it to the engine and has the engine rebuilt from the
 * store, so that the covered minutes leave every window through the engine's one computation. After
 * that rebuild it asks the ticker to hand on the alert states the rebuild changed.
 */
public final class AdjustmentSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdjustmentSync.class);

  private final AdjustmentStore store;
  private final SloEngine engine;
  private final Supplier<List<BudgetAdjustment>> fromFiles;
  private final Supplier<List<BudgetReset>> resets;
  private final Runnable rebuild;
  private final LongSupplier rebuilds;
  private final Runnable afterRebuild;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("burnrate-adjustments").daemon().factory());
  private List<BudgetAdjustment> written;
  private long rebuildMark = -1;

  /**
   * A sync that is not running yet.
   *
   * @param fromFiles the adjustments of the loaded SLO files
   * @param resets the approved budget resets ({@code IncidentBridge::approvedBudgetResets})
   * @param rebuild asks the engine's feeder to rebuild it from the store
   * @param rebuilds how many rebuilds the feeder has finished
   * @param afterRebuild what to do once the asked rebuild is done (hand on alert states)
   */
  public AdjustmentSync(
      AdjustmentStore store,
      SloEngine engine,
      Supplier<List<BudgetAdjustment>> fromFiles,
      Supplier<List<BudgetReset>> resets,
      Runnable rebuild,
      LongSupplier rebuilds,
      Runnable afterRebuild,
      Clock clock) {
    this.store = requireNonNull(store, "store");
    this.engine = requireNonNull(engine, "engine");
    this.fromFiles = requireNonNull(fromFiles, "fromFiles");
    this.resets = requireNonNull(resets, "resets");
    this.rebuild = requireNonNull(rebuild, "rebuild");
    this.rebuilds = requireNonNull(rebuilds, "rebuilds");
    this.afterRebuild = requireNonNull(afterRebuild, "afterRebuild");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * One pass; returns whether the engine's adjustments changed. Blocks on the database. The first
   * pass, before the engine is first fed, needs no rebuild: pass {@code rebuildIfChanged} false.
   */
  public synchronized boolean syncOnce(boolean rebuildIfChanged) throws SQLException {
    List<BudgetAdjustment> files = fromFiles.get();
    if (!files.equals(written)) {
      store.syncFiles(files, clock.instant());
      written = files;
    }
    int converted = store.convertResets(resets.get(), clock.instant());
    if (converted > 0) {
      log.info("{} approved budget resets became budget adjustments", converted);
    }
    List<BudgetAdjustment> now =
        store.list().stream().map(AdjustmentStore.Stored::adjustment).toList();
    boolean changed = !now.equals(engine.adjustments());
    if (changed) {
      engine.adjust(now);
      if (rebuildIfChanged) {
        log.info("budget adjustments changed ({} in force): rebuilding the engine", now.size());
        rebuildMark = rebuilds.getAsLong();
        rebuild.run();
      }
    }
    if (rebuildMark >= 0 && rebuilds.getAsLong() > rebuildMark) {
      rebuildMark = -1;
      afterRebuild.run();
    }
    return changed;
  }

  /** Starts syncing every {@code interval}; {@link #close()} stops it. */
  public AdjustmentSync start(Duration interval) {
    long ms = Math.max(50, interval.toMillis());
    executor.scheduleWithFixedDelay(this::syncSafely, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Runs a pass soon, on the sync's thread (after a change through the API). */
  public void syncSoon() {
    try {
      executor.execute(this::syncSafely);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing: nothing to sync.
    }
  }

  private void syncSafely() {
    try {
      syncOnce(true);
    } catch (SQLException | RuntimeException e) {
      log.warn("cannot sync the budget adjustments, will retry: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
