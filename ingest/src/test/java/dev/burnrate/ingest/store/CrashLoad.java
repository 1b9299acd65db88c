package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.cumulative;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.keyed;
import static dev.burnrate.ingest.store.Samples.total;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A writer under load in its own process, for {@link CrashIT}: submits batches {@code 0..n-1} from
 * several threads and prints {@code ACK i} once batch {@code i} is acknowledged.
 *
 * <p>Arguments: JDBC URL, base time in epoch milliseconds, number of batches, and optionally {@code
 * log} for series state in the log ({@link #LOG_MODE}).
 */
public final class CrashLoad {
  /** Series state in the log, applied every 100 ms (lease 2 s). */
  static final WriterSettings LOG_MODE =
      WriterSettings.builder()
          .seriesState(WriterSettings.SeriesState.LOG, java.time.Duration.ofMillis(100))
          .build();

  private CrashLoad() {}

  /**
   * Batch {@code i}: an idempotency key, a delta series adding 1 to SLO {@code crash-d}, and a
   * cumulative series of two samples adding 7 to SLO {@code crash-c}.
   */
  static IngestBatch batch(long base, int i) {
    return keyed(
        "crash-" + i,
        delta("crash-d-" + i, List.of(total("crash-d")), at(base + i), 1),
        cumulative("crash-c-" + i, List.of(total("crash-c")), at(base, base + 1), 5, 12));
  }

  /** Runs the load until killed or done. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    long base = Long.parseLong(args[1]);
    int n = Integer.parseInt(args[2]);
    int threads = 4;
    PrintStream out = System.out;
    Database database = Database.open(DatabaseSettings.builder(url).maxPoolSize(2).build());
    WriterSettings settings =
        args.length > 3 && args[3].equals("log") ? LOG_MODE : WriterSettings.defaults();
    BucketWriter writer = BucketWriter.start(database.dataSource(), settings, Clock.systemUTC());
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int first = t;
      workers[t] =
          new Thread(
              () -> {
                Semaphore window = new Semaphore(64);
                for (int i = first; i < n; i += threads) {
                  try {
                    window.acquire();
                  } catch (InterruptedException e) {
                    return;
                  }
                  submit(writer, base, i, out, window);
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    writer.close();
    database.close();
  }

  private static void submit(
      BucketWriter writer, long base, int i, PrintStream out, Semaphore window) {
    writer
        .submit(batch(base, i))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                synchronized (out) {
                  out.println("ACK " + i);
                  out.flush();
                }
                window.release();
              } else if (ar.cause() instanceof HttpProblem p && p.status() == 503) {
                // Back-pressure: retry the same batch, as a client would.
                Thread.ofVirtual().start(() -> submit(writer, base, i, out, window));
              } else {
                synchronized (out) {
                  out.println("FAIL " + i + " " + ar.cause());
                  out.flush();
                }
                window.release();
              }
            });
  }

  static CommitResult await(io.vertx.core.Future<CommitResult> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
