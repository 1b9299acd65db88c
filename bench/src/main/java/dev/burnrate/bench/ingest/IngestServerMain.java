package dev.burnrate.bench.ingest;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Burnrate's ingest server for the load benchmark, in its own process so that its CPU time is
 * measured like the other servers': the receivers, the group-commit writer and the database, wired
 * as the api module wires them (one HTTP server).
 *
 * <p>Arguments: JDBC URL, port, number of SLOs, and optionally where series state is kept ({@code
 * inline}, the default, or {@code log}); in log mode {@code -DapplyIntervalMs=} sets the applier's
 * interval (default: the writer's). Prints {@code READY} once it listens; exits when standard input
 * closes.
 */
public final class IngestServerMain {
  private IngestServerMain() {}

  /** Serves until standard input closes. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    int port = Integer.parseInt(args[1]);
    int slos = Integer.parseInt(args[2]);
    Database database = Database.open(DatabaseSettings.of(url));
    Clock clock = Clock.systemUTC();
    WriterSettings settings =
        args.length > 3 && args[3].equals("log")
            ? WriterSettings.builder()
                .seriesState(
                    WriterSettings.SeriesState.LOG,
                    Duration.ofMillis(
                        Long.getLong(
                            "applyIntervalMs",
                            WriterSettings.defaults().applyInterval().toMillis())))
                .build()
            : WriterSettings.defaults();
    BucketWriter writer = BucketWriter.start(database.dataSource(), settings, clock);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    IngestRoutes.create(vertx, writer, IngestLimits.defaults(), clock, BenchSlos.of(slos))
        .mount(router);
    vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() >= 0) {
      // End of input: the load generator is gone.
    }
    System.out.println(writer.stats());
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    writer.close();
    database.close();
  }
}
