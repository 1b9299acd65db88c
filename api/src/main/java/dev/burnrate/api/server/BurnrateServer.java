package dev.burnrate.api.server;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.auth.Security;
import dev.burnrate.api.budget.AdjustmentRoutes;
import dev.burnrate.api.budget.AdjustmentStore;
import dev.burnrate.api.budget.AdjustmentSync;
import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.console.ConsoleRoutes;
import dev.burnrate.api.observability.BridgeMetrics;
import dev.burnrate.api.observability.DoraMetrics;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.ResponseMetrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.api.report.ReportRoutes;
import dev.burnrate.api.report.SlaFile;
import dev.burnrate.api.report.SloReports;
import dev.burnrate.api.slo.EngineBudgetView;
import dev.burnrate.api.slo.EngineTicker;
import dev.burnrate.api.slo.GroupMetrics;
import dev.burnrate.api.slo.IncidentLinks;
import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.api.slo.SloCatalogTable;
import dev.burnrate.api.slo.SloRoutes;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.EngineLeader;
import dev.burnrate.ingest.store.LeaderSettings;
import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one HTTP port for ingest, the REST API, health, {@code /metrics} and {@code
 * /openapi.yaml}; the store's writer, the engine (fed by the leader) ticking on its own thread, and
 * the SLO files watched for changes. {@link #close()} shuts down gracefully.
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

      SloEngine engine = SloEngine.create(clock, engineSettings(config.engine()));
      AdjustmentStore adjustmentStore = new AdjustmentStore(database.dataSource());
      // The leader and the ticker come next; the sync reaches them through these holders.
      AtomicReference<EngineLeader> leaderRef = new AtomicReference<>();
      AtomicReference<EngineTicker> tickerRef = new AtomicReference<>();
      AdjustmentSync adjustments =
          new AdjustmentSync(
              adjustmentStore,
              engine,
              catalog::adjustments,
              () -> leaderRef.get().rebuild(),
              () -> leaderRef.get().rebuilds(),
              () -> tickerRef.get().catchUp(),
              clock);
      try {
        // Before the first feed, so the first rebuild already leaves the covered minutes out.
        adjustments.syncOnce(false);
      } catch (SQLException e) {
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
      started.add(ticker);
      tickerRef.set(ticker);
      GroupMetrics groupMetrics =
          new GroupMetrics(engine, ingest.groupLimiter()::overLimit, metrics.registry());
      long groupTimer =
          vertx.setPeriodic(config.engine().tickInterval().toMillis(), id -> groupMetrics.update());
      started.add(() -> vertx.cancelTimer(groupTimer));
      started.add(adjustments.start(config.engine().tickInterval()));
      // Burn to incident in a poll: what a commit changed is evaluated as soon as it is fed.
      leader.onFed(ticker::evaluateSoon);
      EngineCluster cluster = EngineCluster.bind(leader, metrics.registry());
      started.add(cluster);

      IncidentBridge bridge =
          IncidentBridge.builder(database.dataSource(), config.bridge())
              .budgets(new EngineBudgetView(catalog, engine))
              .clock(clock)
              .tracer(tracing.tracer())
              .meterRegistry(metrics.registry())
              .build();
      bridge.start();
      started.add(bridge);
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
      if (config.slos().watch() && !config.slos().paths().isEmpty()) {
        started.add(catalog.watch(config.slos().watchInterval()));
      }

      List<ReadinessCheck> checks = new ArrayList<>();
      checks.add(new DatabaseCheck(vertx, database.dataSource()));
      checks.add(
          new ReadinessCheck() {
            @Override
            public String name() {
              return "slos";
            }

            @Override
            public Future<Void> check() {
              return catalog.loaded()
                  ? Future.succeededFuture()
                  : Future.failedFuture("the SLO files have not loaded");
            }
          });

      HttpServerOptions options = httpOptions(config);
      ConnectionGuard guard =
          new ConnectionGuard(
              vertx,
              config.server().headerTimeout(),
              config.server().bodyTimeout(),
              config.server().maxConnections(),
              options.getMaxHeaderSize(),
              options.getMaxInitialLineLength(),
              metrics.registry());
      Router router = Router.router(vertx);
      router.route().handler(guard.requests());
      router.route().handler(new RequestTracing(tracing.tracer(), tracing.propagator()));
      router.route().handler(bodyLimit(config.server().maxBodySize()));
      router.route().handler(security.handler());
      router.errorHandler(404, Problems.failureHandler());
      router.errorHandler(405, Problems.failureHandler());

      // Every route is mounted through the scoped view: each checks the scope its template needs.
      Router routes = security.scoped(router);
      new HealthRoutes(checks, Map.of("engine", cluster::report)).mount(routes);
      String openApi = OpenApiDocument.load(BurnrateServer.class.getClassLoader()).toYaml();
      routes
          .get("/openapi.yaml")
          .handler(
              ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApi));
      routes
          .get("/metrics")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", Metrics.CONTENT_TYPE)
                      .end(metrics.scrape()));
      ConsoleRoutes.load(BurnrateServer.class.getClassLoader()).mount(routes);
      security.mountTokenRoutes(routes);
      SloRoutes.create(vertx, catalog, engine, database.dataSource(), clock, incidents)
          .groupLimits(config.engine().maxGroupsPerSlo(), ingest.groupLimiter()::overLimit)
          .mount(routes);
      new AdjustmentRoutes(vertx, adjustmentStore, catalog, adjustments::syncSoon, clock)
          .mount(routes);
      ingest.mount(routes);
      bridge.routes(vertx).mount(routes);
      new ReportRoutes(
              vertx,
              new SloReports(
                  database.dataSource(), bridge::incidentsOpened, catalog::specs, slas, clock))
          .mount(routes);
      // Last, so that the routes' own failure handlers (ingest's, the webhooks') run first.
      router.route().failureHandler(Problems.failureHandler());

      HttpServer http =
          listen(
              vertx
                  .createHttpServer(options)
                  .connectionHandler(guard.connections())
                  .invalidRequestHandler(guard.invalidRequests())
                  .requestHandler(router),
              config);
      log.info(
          "listening on {}://{}:{} with {} SLOs",
          config.server().tls() ? "https" : "http",
          config.server().host(),
          http.actualPort(),
          catalog.specs().size());
      return new BurnrateServer(
          config,
          new Components(metrics, database, vertx, catalog, engine, ticker, started),
          router,
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

  private static EngineSettings engineSettings(BurnrateConfig.Engine e) {
    return EngineSettings.builder()
        .noDataAfter(e.noDataAfter())
        .minEventsToAlert(e.minEventsToAlert())
        .resolveAfter(e.resolveAfter())
        .resolveAfterTicks(e.resolveAfterTicks())
        .maxGroupsPerSlo(e.maxGroupsPerSlo())
        .build();
  }

  /** Listens, naming the address in the error when it cannot (a busy port, a wrong host). */
  private static HttpServer listen(HttpServer server, BurnrateConfig config) {
    try {
      return await(server.listen());
    } catch (RuntimeException e) {
      Throwable cause =
          e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
      String why =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      String hint =
          cause instanceof java.net.BindException
              ? "; another process listens there: stop it or choose another port with --port or"
                  + " server.port"
              : "";
      throw new IllegalStateException(
          "cannot listen on "
              + config.server().host()
              + ":"
              + config.server().port()
              + ": "
              + why
              + hint,
          cause);
    }
  }

  private static HttpServerOptions httpOptions(BurnrateConfig config) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.server().host())
            .setPort(config.server().port())
            .setIdleTimeout(
                (int) Math.min(Integer.MAX_VALUE, config.server().idleTimeout().toMillis()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            // Detecting cleartext HTTP/2 waits for the first bytes before the connection exists,
            // which would hide silent sockets from the connection cap and the header timeout.
            .setHttp2ClearTextEnabled(false)
            .setCompressionSupported(true);
    if (config.server().tls()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.server().tlsCert().orElseThrow().toString())
                  .setKeyPath(config.server().tlsKey().orElseThrow().toString()));
    }
    return options;
  }

  /** Refuses bodies whose declared length is over the limit before anything reads them. */
  private static Handler<RoutingContext> bodyLimit(long max) {
    return ctx -> {
      String length = ctx.request().getHeader("Content-Length");
      if (length != null) {
        long n;
        try {
          n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          ctx.fail(HttpProblem.badRequest("Content-Length", "Content-Length is not a number"));
          return;
        }
        if (n > max) {
          ctx.fail(
              HttpProblem.tooLarge(
                  "server.maxBodySize",
                  max,
                  "the body has " + n + " bytes; the limit (server.maxBodySize) is " + max));
          return;
        }
      }
      ctx.next();
    };
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
