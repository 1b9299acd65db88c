package dev.burnrate.api.server;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.observability.GaugeRows;
import dev.burnrate.ingest.store.EngineInstance;
import dev.burnrate.ingest.store.EngineLeader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /health/ready} and {@code /metrics} say about the instances that share the database:
 * which one leads, and how far each one's engine lags behind the store. Read from {@code
 * engine_instances} on its own thread, so neither endpoint waits for the database.
 */
final class EngineCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineCluster.class);

  private final EngineLeader leader;
  private final GaugeRows instanceLag;
  private final Duration within;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("burnrate-engine-cluster").daemon().factory());
  private volatile List<EngineInstance> instances = List.of();

  private EngineCluster(EngineLeader leader, MeterRegistry registry) {
    this.leader = leader;
    // An instance that has not reported for three leases is gone (or frozen, and led no more).
    this.within = leader.settings().leaseTimeout().multipliedBy(3);
    Gauge.builder(
            "burnrate.engine.lag",
            () -> leader.lag().map(EngineCluster::seconds).orElse(Double.NaN))
        .description(
            "How far this instance's engine lags behind the store (age of the newest snapshot it"
                + " holds); NaN while it rebuilds")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("burnrate.engine.current", () -> leader.isCurrent() ? 1 : 0)
        .description("1 while this instance's engine is fed from the store and tailing, else 0")
        .register(registry);
    Gauge.builder("burnrate.engine.instance.self", () -> 1)
        .description("Always 1; its instance label names the instance that answers this scrape")
        .tag("instance_id", leader.instanceId())
        .register(registry);
    this.instanceLag =
        GaugeRows.register(
            registry,
            "burnrate.engine.instance.lag",
            "How far each instance's engine lags behind the store, as engine_instances holds"
                + " it; leader=true on the one that leads",
            "seconds");
  }

  /** Registers the gauges and starts refreshing the view of the instances. */
  static EngineCluster bind(EngineLeader leader, MeterRegistry registry) {
    EngineCluster cluster = new EngineCluster(requireNonNull(leader, "leader"), registry);
    long every = Math.max(100, leader.settings().retryInterval().toMillis());
    cluster.executor.scheduleWithFixedDelay(cluster::refresh, 0, every, TimeUnit.MILLISECONDS);
    return cluster;
  }

  /** Reads the instances again; blocks on the database. */
  void refresh() {
    try {
      List<EngineInstance> read = leader.instances(within);
      instances = read;
      for (EngineInstance i : read) {
        double lag = i.lag().map(EngineCluster::seconds).orElse(Double.NaN);
        instanceLag.add(Tags.of("instance_id", i.id(), "leader", Boolean.toString(i.leads())), lag);
      }
      instanceLag.publish();
    } catch (SQLException | RuntimeException e) {
      log.debug("cannot read engine_instances: {}", e.toString());
    }
  }

  /** The engine's part of {@code /health/ready}: this instance, the leader, every instance. */
  Map<String, Object> report() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instance", leader.instanceId());
    out.put("leads", leader.isLeader());
    out.put("current", leader.isCurrent());
    out.put("lagSeconds", leader.lag().map(EngineCluster::seconds).orElse(null));
    List<EngineInstance> all = instances;
    Optional<String> lead =
        all.stream().filter(EngineInstance::leads).map(EngineInstance::id).findFirst();
    out.put("leader", leader.isLeader() ? leader.instanceId() : lead.orElse(null));
    List<Map<String, Object>> list = new ArrayList<>();
    for (EngineInstance i : all) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("instance", i.id());
      m.put("leads", i.leads());
      m.put("current", i.current());
      m.put("lagSeconds", i.lag().map(EngineCluster::seconds).orElse(null));
      m.put("seenAt", i.seenAt().toString());
      list.add(m);
    }
    out.put("instances", list);
    // Ready all the same: every SLO but these is evaluated, and every instance reads the same rows,
    // so taking instances out of service would stop them all for one bad row.
    Map<String, Long> skipped = new java.util.TreeMap<>(leader.skippedRows());
    skipped.values().removeIf(n -> n == 0);
    out.put("feed", skipped.isEmpty() ? "ok" : "degraded");
    List<Map<String, Object>> skippedList = new ArrayList<>();
    for (Map.Entry<String, Long> e : skipped.entrySet()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slo", e.getKey());
      m.put("rows", e.getValue());
      m.put(
          "detail",
          e.getValue()
              + " bucket rows of SLO "
              + e.getKey()
              + " were left out of the engine: a value is not finite or too large");
      skippedList.add(m);
    }
    out.put("skippedRows", skippedList);
    return out;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
