package dev.burnrate.api.server;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.observability.BridgeMetrics;
import dev.burnrate.api.observability.DoraMetrics;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.ResponseMetrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.api.slo.EngineBudgetView;
import dev.burnrate.api.slo.EngineTicker;
import dev.burnrate.api.slo.IncidentLinks;
import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident bridge in the server: built over the engine's budgets, fed the ticker's alert
 * transitions, and asked after every tick for what the SLO status and {@code /metrics} show of it.
 */
final class BridgeWiring {
  private static final Logger log = LoggerFactory.getLogger(BridgeWiring.class);

  private BridgeWiring() {}

  /** The bridge over the engine's error budgets; nothing runs until it is started. */
  static IncidentBridge build(
      BurnrateConfig config,
      Clock clock,
      Database database,
      Metrics metrics,
      Tracing tracing,
      SloCatalog catalog,
      SloEngine engine) {
    return IncidentBridge.builder(database.dataSource(), config.bridge())
        .budgets(new EngineBudgetView(catalog, engine))
        .clock(clock)
        .tracer(tracing.tracer())
        .meterRegistry(metrics.registry())
        .build();
  }

  /**
   * Hands the ticker's alert transitions to the bridge and, after every tick, reads the bridge's
   * incidents and gauges again; returns the open incident of each SLO, for the SLO status.
   */
  static IncidentLinks attach(
      IncidentBridge bridge,
      EngineTicker ticker,
      Clock clock,
      Metrics metrics,
      Tracing tracing,
      SloCatalog catalog,
      SloEngine engine) {
    IncidentLinks incidents = new IncidentLinks(bridge::activeIncidentsBySlo);
    BridgeMetrics bridgeMetrics =
        new BridgeMetrics(bridge::gauges, bridge::outboxStats, metrics.registry());
    DoraMetrics doraMetrics = new DoraMetrics(bridge::dora, metrics.registry());
    ResponseMetrics responseMetrics =
        new ResponseMetrics(bridge::responseGauges, metrics.registry());
    Timer accept =
        Timer.builder("burnrate.bridge.accept")
            .description("Time the incident bridge takes to apply one tick's alert transitions")
            .register(metrics.registry());
    // The engine also knows the instances of grouped SLOs, which the catalog does not hold.
    ticker.onTakeover(
        bridge::activeSloAlerts, name -> catalog.spec(name).or(() -> engine.spec(name)), clock);
    ticker.onTransitions(
        transitions -> {
          Span span =
              tracing
                  .tracer()
                  .spanBuilder("bridge.accept")
                  .setAttribute("burnrate.transitions", transitions.size())
                  .startSpan();
          try {
            accept.record(() -> bridge.acceptAll(transitions));
          } finally {
            span.end();
          }
        });
    ticker.afterTick(
        () -> {
          try {
            incidents.refresh();
            bridgeMetrics.refresh();
            doraMetrics.refresh();
            responseMetrics.refresh();
          } catch (RuntimeException e) {
            log.warn("cannot read the incident bridge's records: {}", e.getMessage());
          }
        });
    return incidents;
  }
}
