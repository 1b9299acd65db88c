package dev.burnrate.ingest.e2e;

import dev.burnrate.http.Problems;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterSettings;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.slo.definition.SloSpec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole ingest node in its own process, for {@link ServerCrashIT}: the real receivers on a
 * loopback port, the group-commit writer and the database. It prints {@code PORT n} once it
 * listens, and exits when its standard input closes (so it never outlives the test's JVM).
 *
 * <p>Arguments: the JDBC URL of a database.
 */
public final class IngestNode {
  /** Events with a duration up to this many seconds are good. */
  static final String EVENTS_THRESHOLD = "0.3";

  /** The SLO over events: good = requests of job "crash" within 300 ms. */
  static final String EVENTS_SLO = "crash-events";

  /** The SLO over remote_write counters: bad = 5xx of job "crash". */
  static final String COUNTERS_SLO = "crash-counters";

  private IngestNode() {}

  static List<SloSpec> slos() {
    return List.of(
        Slos.goodOverTotal(
            EVENTS_SLO,
            Slos.query(
                "http_server_request_duration_seconds_bucket{job=\"crash\",le=\""
                    + EVENTS_THRESHOLD
                    + "\"}"),
            Slos.query("http_server_request_duration_seconds_count{job=\"crash\"}")),
        Slos.badOverTotal(
            COUNTERS_SLO,
            Slos.query("crash_requests_total{job=\"crash\",code=~\"5..\"}"),
            Slos.query("crash_requests_total{job=\"crash\"}")));
  }

  /** Serves until standard input closes or the process is killed. */
  public static void main(String[] args) throws Exception {
    Database database = Database.open(DatabaseSettings.builder(args[0]).maxPoolSize(2).build());
    Clock clock = Clock.systemUTC();
    BucketWriter writer =
        BucketWriter.start(database.dataSource(), WriterSettings.defaults(), clock);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    IngestRoutes.create(vertx, writer, IngestLimits.defaults(), clock, slos()).mount(router);
    router.route().failureHandler(Problems.failureHandler());
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    System.out.println("PORT " + server.actualPort());
    System.out.flush();
    InputStream in = System.in;
    try {
      while (in.read() >= 0) {
        // The test never writes; end of input means it is gone.
      }
    } catch (IOException e) {
      // The same: the parent went away.
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    writer.close();
    database.close();
    System.exit(0);
  }
}
