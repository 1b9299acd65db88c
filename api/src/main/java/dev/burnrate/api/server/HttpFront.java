package dev.burnrate.api.server;

import dev.burnrate.api.auth.Security;
import dev.burnrate.api.budget.AdjustmentRoutes;
import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.console.ConsoleRoutes;
import dev.burnrate.api.observability.Metrics;
import dev.burnrate.api.observability.Tracing;
import dev.burnrate.api.report.ReportRoutes;
import dev.burnrate.api.report.Sla;
import dev.burnrate.api.report.SloReports;
import dev.burnrate.api.slo.IncidentLinks;
import dev.burnrate.api.slo.SloCatalog;
import dev.burnrate.api.slo.SloRoutes;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.http.Problems;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.store.BucketHistory;
import dev.burnrate.slo.engine.SloEngine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's one HTTP port: the connection guard, tracing, the body limit and authentication in
 * front of every route, then ingest, the REST API, health, {@code /metrics} and {@code
 * /openapi.yaml}.
 */
final class HttpFront {
  private HttpFront() {}

  /**
   * What the routes serve.
   *
   * @param engineSide the engine, its adjustments, ingest and the cluster
   * @param incidents the open incident of each SLO
   * @param slas the SLAs the reports judge
   */
  record Parts(
      BurnrateConfig config,
      Clock clock,
      Vertx vertx,
      Metrics metrics,
      Tracing tracing,
      Database database,
      Security security,
      SloCatalog catalog,
      SloEngine engine,
      EngineWiring engineSide,
      IncidentBridge bridge,
      IncidentLinks incidents,
      List<Sla> slas) {}

  /** Mounts every route and listens; blocks until the port is open. */
  static HttpFront.Listening listen(Parts p) {
    BurnrateConfig config = p.config();
    HttpServerOptions options = httpOptions(config);
    ConnectionGuard guard =
        new ConnectionGuard(
            p.vertx(),
            config.server().headerTimeout(),
            config.server().bodyTimeout(),
            config.server().maxConnections(),
            options.getMaxHeaderSize(),
            options.getMaxInitialLineLength(),
            p.metrics().registry());
    Router router = Router.router(p.vertx());
    router.route().handler(guard.requests());
    router.route().handler(new RequestTracing(p.tracing().tracer(), p.tracing().propagator()));
    router.route().handler(bodyLimit(config.server().maxBodySize()));
    router.route().handler(p.security().handler());
    router.errorHandler(404, Problems.failureHandler());
    router.errorHandler(405, Problems.failureHandler());
    mount(p, p.security().scoped(router));
    // Last, so that the routes' own failure handlers (ingest's, the webhooks') run first.
    router.route().failureHandler(Problems.failureHandler());
    HttpServer http =
        listen(
            p.vertx()
                .createHttpServer(options)
                .connectionHandler(guard.connections())
                .invalidRequestHandler(guard.invalidRequests())
                .requestHandler(router),
            config);
    return new Listening(router, http);
  }

  /** The router with every route, and the server listening with it. */
  record Listening(Router router, HttpServer http) {}

  /** Every route is mounted through the scoped view: each checks the scope its template needs. */
  private static void mount(Parts p, Router routes) {
    new HealthRoutes(checks(p), Map.of("engine", p.engineSide().cluster()::report)).mount(routes);
    String openApi = OpenApiDocument.load(BurnrateServer.class.getClassLoader()).toYaml();
    routes
        .get("/openapi.yaml")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApi));
    // A scrape at 10,000 SLOs writes about 17 MiB of text in a fifth of a second: on a worker, so
    // that the event loop it came in on keeps serving ingest meanwhile.
    routes
        .get("/metrics")
        .handler(
            ctx ->
                ctx.vertx()
                    .executeBlocking(() -> p.metrics().scrape(), false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader("Content-Type", Metrics.CONTENT_TYPE)
                                .end(text))
                    .onFailure(ctx::fail));
    ConsoleRoutes.load(BurnrateServer.class.getClassLoader()).mount(routes);
    p.security().mountTokenRoutes(routes);
    EngineWiring e = p.engineSide();
    BucketHistory buckets = new BucketHistory(p.database().dataSource());
    new SloRoutes(
            p.vertx(),
            p.catalog(),
            p.engine(),
            buckets,
            e.adjustmentStore(),
            p.clock(),
            p.incidents())
        .groupLimits(p.config().engine().maxGroupsPerSlo(), e.ingest()::groupsOverLimit)
        .mount(routes);
    new AdjustmentRoutes(
            p.vertx(), e.adjustmentStore(), p.catalog(), e.adjustments()::syncSoon, p.clock())
        .mount(routes);
    e.ingest().mount(routes);
    p.bridge().routes(p.vertx()).mount(routes);
    new ReportRoutes(
            p.vertx(),
            new SloReports(
                buckets,
                e.adjustmentStore(),
                p.bridge()::incidentsOpened,
                p.catalog()::specs,
                p.slas(),
                p.clock()))
        .mount(routes);
  }

  private static List<ReadinessCheck> checks(Parts p) {
    List<ReadinessCheck> checks = new ArrayList<>();
    checks.add(new DatabaseCheck(p.vertx(), p.database().dataSource()));
    checks.add(
        new ReadinessCheck() {
          @Override
          public String name() {
            return "slos";
          }

          @Override
          public Future<Void> check() {
            return p.catalog().loaded()
                ? Future.succeededFuture()
                : Future.failedFuture("the SLO files have not loaded");
          }
        });
    return checks;
  }

  /** Listens, naming the address in the error when it cannot (a busy port, a wrong host). */
  private static HttpServer listen(HttpServer server, BurnrateConfig config) {
    try {
      return BurnrateServer.await(server.listen());
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
}
