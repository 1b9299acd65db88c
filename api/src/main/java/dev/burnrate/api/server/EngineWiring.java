package dev.burnrate.api.server;

import dev.burnrate.api.budget.AdjustmentStore;
import dev.burnrate.api.budget.AdjustmentSync;
import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.observability.CounterRows;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.api.slo.EngineTicker;
import dev.burnrate.api.slo.GroupMetrics;
import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.api.slo.SloCatalogTable;
import dev.burnrate.bridge.BudgetReset;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.EngineLeader;
import dev.burnrate.ingest.store.LeaderSettings;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine side of the server, started in order: the budget adjustments, the store's writer, the
 * leader that feeds the engine, ingest's routes, the SLO catalog table and the ticker.
 *
 * @param adjustmentStore the budget adjustments table
 * @param adjustments keeps the engine on the stored adjustments
 * @param ingest the ingest routes, not mounted yet
 * @param leader the engine's feed and leader election
 * @param ticker evaluates the engine on its own thread
 * @param cluster the engine instances, for health and {@code /metrics}
 */
record EngineWiring(
    AdjustmentStore adjustmentStore,
    AdjustmentSync adjustments,
    IngestRoutes ingest,
    EngineLeader leader,
    EngineTicker ticker,
    EngineCluster cluster) {
  private static final Logger log = LoggerFactory.getLogger(EngineWiring.class);

  /**
   * Starts the engine side; whatever it starts is added to {@code started}.
   *
   * @param resets the approved budget resets the adjustments are made from
   */
  static EngineWiring start(
      BurnrateConfig config,
      Clock clock,
      Database database,
      Vertx vertx,
      Metrics metrics,
      Tracing tracing,
      SloCatalog catalog,
      SloEngine engine,
      Supplier<List<BudgetReset>> resets,
      List<AutoCloseable> started) {
    AdjustmentStore adjustmentStore = new AdjustmentStore(database.dataSource());
    // The leader and the ticker come next; the sync reaches them through these holders.
    AtomicReference<EngineLeader> leaderRef = new AtomicReference<>();
    AtomicReference<EngineTicker> tickerRef = new AtomicReference<>();
    AdjustmentSync adjustments =
        new AdjustmentSync(
            adjustmentStore,
            engine,
            catalog::adjustments,
            resets,
            () -> leaderRef.get().rebuild(),
            () -> leaderRef.get().rebuilds(),
            () -> tickerRef.get().catchUp(),
            clock);
    try {
      // Before the first feed, so the first rebuild already leaves the covered minutes out.
      adjustments.syncOnce(false);
    } catch (SQLException | RuntimeException e) {
      log.warn("cannot read the budget adjustments yet, will retry: {}", e.toString());
    }
    BucketWriter writer =
        BucketWriter.start(database.dataSource(), config.ingest().writer(), clock);
    started.add(writer);
    IngestMetrics.bind(writer, metrics.registry());
    EngineLeader leader =
        EngineLeader.start(
            database, engine, catalog.specs(), clock, leaderSettings(config.engine()));
    started.add(leader);
    IngestRoutes ingest =
        IngestRoutes.create(vertx, writer, config.ingest().limits(), clock, catalog.specs())
            .maxGroupsPerSlo(config.engine().maxGroupsPerSlo());
    IngestMetrics.bind(ingest, metrics.registry());
    SloCatalogTable catalogTable = new SloCatalogTable(database.dataSource());
    try {
      catalogTable.write(catalog.specs());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write slo_catalog: " + e.getMessage(), e);
    }
    leaderRef.set(leader);
    catalog.onChange(
        specs -> {
          leader.updateSlos(specs);
          ingest.updateSlos(specs);
          try {
            catalogTable.write(specs);
          } catch (SQLException e) {
            log.error("cannot write slo_catalog; dashboards show the previous SLO set", e);
          }
        });
    EngineTicker ticker =
        EngineTicker.start(
            engine,
            leader::isCurrent,
            leader::isLeader,
            config.engine().tickInterval(),
            metrics.registry(),
            tracing.tracer());
    metrics.register(ticker.sloSeries());
    started.add(ticker);
    tickerRef.set(ticker);
    GroupMetrics groupMetrics =
        new GroupMetrics(engine, ingest::groupsOverLimit, metrics.registry());
    long groupTimer =
        vertx.setPeriodic(config.engine().tickInterval().toMillis(), id -> groupMetrics.update());
    started.add(() -> vertx.cancelTimer(groupTimer));
    started.add(adjustments.start(config.engine().tickInterval()));
    // Burn to incident in a poll: what a commit changed is evaluated as soon as it is fed.
    leader.onFed(ticker::evaluateSoon);
    leader.onStage(ticker.stages()::recordFeed);
    EngineCluster cluster = EngineCluster.bind(leader, metrics.registry());
    metrics.register(
        new CounterRows(
            "burnrate_engine_feed_skipped_rows",
            "Bucket rows of the SLO left out of this instance's engine because a value was not"
                + " finite or too large to add up; the other SLOs are fed as usual",
            "slo",
            leader::skippedRows));
    started.add(cluster);
    return new EngineWiring(adjustmentStore, adjustments, ingest, leader, ticker, cluster);
  }

  /** The engine feed and leader election of a configuration. */
  static LeaderSettings leaderSettings(BurnrateConfig.Engine e) {
    LeaderSettings.Builder s =
        LeaderSettings.builder()
            .pollInterval(e.pollInterval())
            .retryInterval(e.leaderRetryInterval())
            .leaseTimeout(e.leaseTimeout());
    e.instanceId().ifPresent(s::instanceId);
    return s.build();
  }

  /** The engine's rules of a configuration. */
  static EngineSettings engineSettings(BurnrateConfig.Engine e) {
    return EngineSettings.builder()
        .noDataAfter(e.noDataAfter())
        .minEventsToAlert(e.minEventsToAlert())
        .resolveAfter(e.resolveAfter())
        .resolveAfterTicks(e.resolveAfterTicks())
        .maxGroupsPerSlo(e.maxGroupsPerSlo())
        .build();
  }
}
