package dev.burnrate.bench.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterSettings;
import dev.burnrate.ingest.store.WriterStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for the bucket writer: submits matched samples as fast as acknowledgements
 * allow, on a fresh database, and prints committed samples per second with durable acks.
 *
 * <p>Usage: {@code StoreLoad ADMIN_JDBC_URL SCENARIO SECONDS [SERIES] [SERIES_PER_BATCH]
 * [SAMPLES_PER_SERIES] [SERIES_CACHE]} ({@code SERIES_CACHE}: the writer's series cache size,
 * default {@link WriterSettings#defaults()}'s). Scenario {@code counters}: cumulative series with
 * one sample per series per batch, as Prometheus remote_write sends them. Scenario {@code events}:
 * delta series with many samples each, as request events arrive. The database is created from the
 * admin URL and dropped at the end.
 */
public final class StoreLoad {
  private static final int SUBMITTERS = 4;
  private static final int IN_FLIGHT_PER_SUBMITTER = 64;

  private StoreLoad() {}

  /** Runs the load and prints the result. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: StoreLoad ADMIN_JDBC_URL counters|events SECONDS [SERIES] [SERIES_PER_BATCH]"
              + " [SAMPLES_PER_SERIES] [SERIES_CACHE]");
      System.exit(2);
    }
    String adminUrl = args[0];
    String scenario = args[1];
    int seconds = Integer.parseInt(args[2]);
    boolean events = scenario.equals("events");
    int series = args.length > 3 ? Integer.parseInt(args[3]) : (events ? 2_000 : 200_000);
    int seriesPerBatch = args.length > 4 ? Integer.parseInt(args[4]) : (events ? 100 : 1_000);
    int samplesPerSeries = args.length > 5 ? Integer.parseInt(args[5]) : (events ? 50 : 1);
    WriterSettings settings = WriterSettings.defaults();
    if (args.length > 6) {
      settings = settings.toBuilder().seriesCacheSize(Integer.parseInt(args[6])).build();
    }

    String name = "burnrate_bench_" + Long.toHexString(System.nanoTime());
    execute(adminUrl, "CREATE DATABASE " + name);
    try {
      run(
          withDatabase(adminUrl, name),
          settings,
          events,
          seconds,
          series,
          seriesPerBatch,
          samplesPerSeries);
    } finally {
      execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static void run(
      String url,
      WriterSettings settings,
      boolean events,
      int seconds,
      int seriesCount,
      int seriesPerBatch,
      int samplesPerSeries)
      throws Exception {
    List<Contribution> to =
        List.of(
            new Contribution("bench-availability", SliRole.TOTAL, 1),
            new Contribution("bench-latency", SliRole.GOOD, 1));
    String[] keys = new String[seriesCount];
    for (int i = 0; i < seriesCount; i++) {
      keys[i] =
          "http_requests_total{instance=\"10.0.%d.%d:9090\",job=\"api\",route=\"/v1/items/%d\"}"
              .formatted(i / 65536, i / 256 % 256, i);
    }
    try (Database database = Database.open(DatabaseSettings.builder(url).maxPoolSize(4).build());
        BucketWriter writer =
            BucketWriter.start(database.dataSource(), settings, Clock.systemUTC())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ackedSamples = new AtomicLong();
      AtomicLong ackedBatches = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      long startMs = System.currentTimeMillis() - 1_000;
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < SUBMITTERS; t++) {
        int from = seriesCount * t / SUBMITTERS;
        int until = seriesCount * (t + 1) / SUBMITTERS;
        Thread thread =
            new Thread(
                () -> {
                  Semaphore window = new Semaphore(IN_FLIGHT_PER_SUBMITTER);
                  long round = 0;
                  while (!stop.get()) {
                    // One round: every series of this submitter gets its next samples.
                    for (int s = from; s < until && !stop.get(); s += seriesPerBatch) {
                      IngestBatch batch =
                          batch(
                              keys,
                              s,
                              Math.min(until, s + seriesPerBatch),
                              round,
                              startMs,
                              samplesPerSeries,
                              events,
                              to);
                      window.acquireUninterruptibly();
                      long samples =
                          (long) (Math.min(until, s + seriesPerBatch) - s) * samplesPerSeries;
                      writer
                          .submit(batch)
                          .onComplete(
                              ar -> {
                                if (ar.succeeded()) {
                                  ackedSamples.addAndGet(samples);
                                  ackedBatches.incrementAndGet();
                                } else if (ar.cause() instanceof HttpProblem) {
                                  refused.incrementAndGet();
                                }
                                window.release();
                              });
                    }
                    round++;
                  }
                  window.acquireUninterruptibly(IN_FLIGHT_PER_SUBMITTER);
                },
                "submitter-" + t);
        threads.add(thread);
        thread.start();
      }
      // Warm up (JIT, first inserts of every series), then measure.
      Thread.sleep(Math.min(10_000, seconds * 1000L / 3));
      WriterStats before = writer.stats();
      long samples0 = ackedSamples.get();
      long batches0 = ackedBatches.get();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long elapsedNs = System.nanoTime() - t0;
      long samples = ackedSamples.get() - samples0;
      long batches = ackedBatches.get() - batches0;
      WriterStats after = writer.stats();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      double secs = elapsedNs / 1e9;
      long txns = after.transactions() - before.transactions();
      System.out.printf(
          Locale.ROOT,
          "scenario=%s series=%d seriesPerBatch=%d samplesPerSeries=%d seriesCache=%d"
              + " seconds=%.1f%n"
              + "acked samples/s=%.0f  batches/s=%.0f  transactions/s=%.1f  samples/transaction=%.0f"
              + "  applied=%d duplicates=%d tooLate=%d refused=%d%n",
          events ? "events" : "counters",
          seriesCount,
          seriesPerBatch,
          samplesPerSeries,
          settings.seriesCacheSize(),
          secs,
          samples / secs,
          batches / secs,
          txns / secs,
          txns == 0 ? 0.0 : (double) samples / txns,
          after.applied() - before.applied(),
          after.duplicates() - before.duplicates(),
          after.tooLate() - before.tooLate(),
          refused.get());
    }
  }

  private static IngestBatch batch(
      String[] keys,
      int from,
      int until,
      long round,
      long startMs,
      int samplesPerSeries,
      boolean events,
      List<Contribution> to) {
    List<MatchedSeries> series = new ArrayList<>(until - from);
    for (int i = from; i < until; i++) {
      long[] ts = new long[samplesPerSeries];
      double[] values = new double[samplesPerSeries];
      for (int j = 0; j < samplesPerSeries; j++) {
        // Strictly increasing per series; a millisecond apart so a long run stays within lateness.
        ts[j] = startMs + round * samplesPerSeries + j;
        values[j] = events ? 1 : (round * samplesPerSeries + j) * 3.0;
      }
      series.add(
          new MatchedSeries(
              keys[i], events ? Temporality.DELTA : Temporality.CUMULATIVE, to, ts, values));
    }
    return new IngestBatch(series, Optional.empty(), (long) (until - from) * samplesPerSeries);
  }

  private static void execute(String adminUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, new Properties());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String withDatabase(String jdbcUrl, String database) {
    int slash = jdbcUrl.indexOf('/', jdbcUrl.indexOf("//") + 2);
    int query = jdbcUrl.indexOf('?');
    String head =
        slash < 0
            ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query))
            : jdbcUrl.substring(0, slash);
    return head + "/" + database + (query < 0 ? "" : jdbcUrl.substring(query));
  }
}
