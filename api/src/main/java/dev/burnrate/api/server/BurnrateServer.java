package dev.burnrate.api.server;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.auth.Security;
import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.db.Database;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one HTTP port for ingest, the REST API, health, {@code /metrics} and {@code
 * /openapi.yaml}, over one database pool. {@link #close()} shuts down gracefully.
 */
public final class BurnrateServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BurnrateServer.class);

  private final BurnrateConfig config;
  private final Metrics metrics;
  private final Tracing tracing;
  private final Database database;
  private final Vertx vertx;
  private final Router router;
  private final HttpServer http;

  private BurnrateServer(
      BurnrateConfig config,
      Metrics metrics,
      Tracing tracing,
      Database database,
      Vertx vertx,
      Router router,
      HttpServer http) {
    this.config = config;
    this.metrics = metrics;
    this.tracing = tracing;
    this.database = database;
    this.vertx = vertx;
    this.router = router;
    this.http = http;
  }

  /**
   * Starts the server with the database at {@code jdbcUrl}; blocks until it listens.
   *
   * @throws IllegalStateException when a part cannot start; whatever started is stopped again
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
      Database database = Database.open(jdbcUrl, config.database());
      started.add(database);
      Vertx vertx =
          Vertx.builder()
              .with(
                  new VertxOptions()
                      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
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

      List<ReadinessCheck> checks = new ArrayList<>();
      checks.add(new DatabaseCheck(vertx, database.dataSource()));

      Router router = Router.router(vertx);
      router.route().handler(new RequestTracing(tracing.tracer()));
      router.route().handler(bodyLimit(config.server().maxBodySize()));
      router.route().handler(security.handler());
      router.route().failureHandler(Problems.failureHandler());
      router.errorHandler(404, Problems.failureHandler());
      router.errorHandler(405, Problems.failureHandler());

      new HealthRoutes(checks).mount(router);
      String openApi = OpenApiDocument.load(BurnrateServer.class.getClassLoader()).toYaml();
      router
          .get("/openapi.yaml")
          .handler(
              ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApi));
      router
          .get("/metrics")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", Metrics.CONTENT_TYPE)
                      .end(metrics.scrape()));
      security.mountTokenRoutes(router);

      HttpServerOptions options =
          new HttpServerOptions()
              .setHost(config.server().host())
              .setPort(config.server().port())
              .setCompressionSupported(true);
      if (config.server().tls()) {
        options
            .setSsl(true)
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertPath(config.server().tlsCert().orElseThrow().toString())
                    .setKeyPath(config.server().tlsKey().orElseThrow().toString()));
      }
      HttpServer http = await(vertx.createHttpServer(options).requestHandler(router).listen());
      log.info(
          "listening on {}://{}:{}",
          config.server().tls() ? "https" : "http",
          config.server().host(),
          http.actualPort());
      return new BurnrateServer(config, metrics, tracing, database, vertx, router, http);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /** Refuses bodies whose declared length is over the limit before anything reads them. */
  private static io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> bodyLimit(long max) {
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
    return metrics;
  }

  /** The database pool. */
  public Database database() {
    return database;
  }

  /** The configuration the server runs with. */
  public BurnrateConfig config() {
    return config;
  }

  /**
   * Stops taking connections, waits up to {@code server.shutdownTimeout} for requests in flight,
   * then closes Vert.x, the pool, and the exporters.
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
    closeAll(List.of(metrics, tracing, database, () -> await(vertx.close())));
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
