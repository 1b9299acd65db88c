package dev.burnrate.api.server;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.auth.Security;
import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.api.report.SlaFile;
import dev.burnrate.api.slo.EngineTicker;
import dev.burnrate.api.slo.IncidentLinks;
import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.engine.SloEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one HTTP port for ingest, the REST API, health, {@code /metrics} and {@code
 * /openapi.yaml}; the store's writer, the engine (fed by the leader) ticking on its own thread, and
 * the SLO files watched for changes. {@link #close()} shuts down gracefully.
 *
 * <p>The start runs in order: the engine side ({@link EngineWiring}), the incident bridge fed by it
 * ({@link BridgeWiring}), then the HTTP port ({@link HttpFront}).
 */
public final class BurnrateServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BurnrateServer.class);

  /** Flyway locations of every module; those present on the classpath are applied. */
  static final List<String> MIGRATIONS =
      List.of("db/migration/ingest", "db/migration/bridge", "db/migration/api");

  /** What to say at start when ingest and writes need a token and none exists. */
  static final String NO_TOKEN_HINT =
      "no API token exists and auth.required is on, so ingest and writes answer 401: restart with"
          + " BURNRATE_ADMIN_TOKEN=<16+ characters> to create an admin token, then create an"
          + " ingest token with POST /api/v1/tokens (see docs/security.md)";

  private final BurnrateConfig config;
  private final Components parts;
  private final Router router;
  private final HttpServer http;

  /** Everything that was started, in start order; closed in reverse. */
  private record Components(
      Metrics metrics,
      Database database,
      Vertx vertx,
      SloCatalog catalog,
      SloEngine engine,
      EngineTicker ticker,
      List<AutoCloseable> started) {}

  private BurnrateServer(BurnrateConfig config, Components parts, Router router, HttpServer http) {
    this.config = config;
    this.parts = parts;
    this.router = router;
    this.http = http;
  }

  /**
   * Starts the server with the database at {@code jdbcUrl}; blocks until it listens.
   *
   * @throws IllegalStateException when a part cannot start (the SLO files have errors, the database
   *     does not answer, the port is taken); whatever started is stopped again
   */
  public static BurnrateServer start(BurnrateConfig config, String jdbcUrl, Clock clock) {
    requireNonNull(config, "config");
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(clock, "clock");
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Metrics metrics = Metrics.create();
      started.add(metrics);
      Tracing tracing =
          Tracing.create(config.tracing().otlpEndpoint(), config.tracing().serviceName());
      started.add(tracing);

      // A wrong SLA file stops the start, like a wrong SLO file: reports must not lie quietly.
      List<dev.burnrate.api.report.Sla> slas =
          config.reports().slaFile().map(SlaFile::read).orElse(List.of());
      SloCatalog catalog = SloCatalog.of(config.slos().paths());
      SloCatalog.Reload initial = catalog.reload();
      if (!initial.applied()) {
        throw new IllegalStateException(
            "the SLO files have errors:\n"
                + initial.result().errors().stream()
                    .map(Diagnostic::format)
                    .collect(Collectors.joining("\n")));
      }

      Database database = Database.open(databaseSettings(config, jdbcUrl));
      started.add(database);
      Vertx vertx =
          Vertx.builder()
              .with(
                  new VertxOptions()
                      .setMetricsOptions(
                          new MicrometerMetricsOptions()
                              .setEnabled(true)
                              // The route template (not the path) keeps the label set bounded.
                              .addLabels(Label.HTTP_ROUTE)))
              .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
              .build();
      started.add(() -> await(vertx.close()));

      Security security =
          Security.create(vertx, database.dataSource(), clock, config.auth(), metrics.registry());
      await(security.bootstrapAdmin(config.auth().adminToken()));
      config
          .auth()
          .adminToken()
          .ifPresent(t -> log.info("admin token from BURNRATE_ADMIN_TOKEN is in place"));
      if (config.auth().required() && config.auth().adminToken().isEmpty()) {
        boolean none =
            await(
                vertx.executeBlocking(
                    () -> security.store().list().stream().allMatch(t -> t.revokedAt().isPresent()),
                    false));
        if (none) {
          log.warn(NO_TOKEN_HINT);
        }
      }

      SloEngine engine = SloEngine.create(clock, EngineWiring.engineSettings(config.engine()));
      // Built before the engine side, whose first adjustment sync reads its budget resets.
      IncidentBridge bridge =
          BridgeWiring.build(config, clock, database, metrics, tracing, catalog, engine);
      EngineWiring engineSide =
          EngineWiring.start(
              config,
              clock,
              database,
              vertx,
              metrics,
              tracing,
              catalog,
              engine,
              bridge::approvedBudgetResets,
              started);
      bridge.start();
      started.add(bridge);
      // Closed before the bridge: the ticker hands on what it evaluated first.
      started.add(engineSide.ticker()::close);
      IncidentLinks incidents =
          BridgeWiring.attach(
              bridge, engineSide.ticker(), clock, metrics, tracing, catalog, engine);
      if (config.slos().watch() && !config.slos().paths().isEmpty()) {
        started.add(catalog.watch(config.slos().watchInterval()));
      }

      HttpFront.Listening front =
          HttpFront.listen(
              new HttpFront.Parts(
                  config,
                  clock,
                  vertx,
                  metrics,
                  tracing,
                  database,
                  security,
                  catalog,
                  engine,
                  engineSide,
                  bridge,
                  incidents,
                  slas));
      HttpServer http = front.http();
      log.info(
          "listening on {}://{}:{} with {} SLOs",
          config.server().tls() ? "https" : "http",
          config.server().host(),
          http.actualPort(),
          catalog.specs().size());
      return new BurnrateServer(
          config,
          new Components(metrics, database, vertx, catalog, engine, engineSide.ticker(), started),
          front.router(),
          http);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /** The database settings of a configuration: pool, timeouts, migrations, bucket retention. */
  static DatabaseSettings databaseSettings(BurnrateConfig config, String jdbcUrl) {
    ClassLoader loader = BurnrateServer.class.getClassLoader();
    List<String> locations =
        MIGRATIONS.stream()
            .filter(dir -> loader.getResource(dir) != null)
            .map(dir -> "classpath:" + dir)
            .toList();
    DatabaseSettings.Builder s =
        DatabaseSettings.builder(jdbcUrl)
            .maxPoolSize(config.database().poolSize())
            .connectionTimeout(config.database().connectionTimeout())
            .statementTimeout(config.database().statementTimeout())
            .migrationLocations(locations)
            // One key for both: the writer's deletes on plain PostgreSQL, TimescaleDB's policy.
            .bucketRetention(config.ingest().writer().bucketRetention());
    if (config.database().user().isPresent()) {
      s.user(config.database().user().get()).password(config.database().password().orElse(""));
    } else {
      // The user may be in the URL (?user=...): the password alone must still be used.
      config.database().password().ifPresent(s::password);
    }
    return s.build();
  }

  /** The port the server listens on (the real one when configured with 0). */
  public int port() {
    return http.actualPort();
  }

  /** The router, with every route mounted. */
  public Router router() {
    return router;
  }

  /** The metrics registry. */
  public Metrics metrics() {
    return parts.metrics();
  }

  /** The database. */
  public Database database() {
    return parts.database();
  }

  /** The running SLOs. */
  public SloCatalog catalog() {
    return parts.catalog();
  }

  /** The SLO engine. */
  public SloEngine engine() {
    return parts.engine();
  }

  /** The engine's ticker (tests tick it to evaluate at once). */
  public EngineTicker ticker() {
    return parts.ticker();
  }

  /** The configuration the server runs with. */
  public BurnrateConfig config() {
    return config;
  }

  /**
   * Stops taking connections, waits up to {@code server.shutdownTimeout} for requests in flight,
   * then stops the engine, the writer (committing what it queued), Vert.x, the pool and the
   * exporters.
   */
  @Override
  public void close() {
    log.info("shutting down");
    try {
      http.shutdown(config.server().shutdownTimeout())
          .toCompletionStage()
          .toCompletableFuture()
          .get(config.server().shutdownTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not shut down cleanly", e);
    }
    closeAll(parts.started());
    log.info("stopped");
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        log.warn("error while stopping", e);
      }
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
