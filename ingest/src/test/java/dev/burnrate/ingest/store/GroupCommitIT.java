package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupCommitIT {
  private static TestDatabase db;
  private static Database database;

  @BeforeAll
  static void start() {
    db = TestDatabase.create();
    database = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(3).build());
  }

  @AfterAll
  static void stop() {
    database.close();
    db.close();
  }

  @Test
  void concurrentSubmits_shareTransactions_andCompleteOnlyAfterTheirCommit() throws Exception {
    int threads = 8;
    int perThread = 100;
    long now = System.currentTimeMillis();
    ConcurrentLinkedQueue<String> notVisibleAtCompletion = new ConcurrentLinkedQueue<>();
    AtomicInteger completed = new AtomicInteger();
    try (BucketWriter writer =
            BucketWriter.start(
                database.dataSource(), WriterSettings.defaults(), Clock.systemUTC());
        Connection check = db.connect()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<CommitResult>> futures = new ArrayList<>();
      List<java.util.concurrent.Future<List<CompletableFuture<CommitResult>>>> submitted =
          new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(
            pool.submit(
                () -> {
                  go.await();
                  List<CompletableFuture<CommitResult>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    String key = "gc-" + thread + "-" + i;
                    Future<CommitResult> f =
                        writer.submit(batch(delta(key, List.of(total("gc")), at(now), 1)));
                    // Runs when the future completes: the series row must be committed by then.
                    f.onSuccess(
                        r -> {
                          if (!visible(check, key)) {
                            notVisibleAtCompletion.add(key);
                          }
                          completed.incrementAndGet();
                        });
                    mine.add(f.toCompletionStage().toCompletableFuture());
                  }
                  return mine;
                }));
      }
      go.countDown();
      for (var s : submitted) {
        futures.addAll(s.get(30, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      pool.shutdown();

      WriterStats stats = writer.stats();
      assertThat(stats.batches()).isEqualTo(threads * perThread);
      assertThat(stats.transactions()).isLessThan(threads * perThread);
      assertThat(stats.queuedBatches()).isZero();
      assertThat(completed.get()).isEqualTo(threads * perThread);
      assertThat(notVisibleAtCompletion).isEmpty();
      assertThat(Samples.sums(check, "sli_buckets", "gc"))
          .containsExactly(0, 0, threads * perThread);
    }
  }

  @Test
  void aSubmitFromAVertxContext_completesOnThatContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (BucketWriter writer =
        BucketWriter.start(database.dataSource(), WriterSettings.defaults(), Clock.systemUTC())) {
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Boolean> onContext = new CompletableFuture<>();
      context.runOnContext(
          v ->
              writer
                  .submit(
                      batch(delta("ctx", List.of(total("ctx")), at(System.currentTimeMillis()), 1)))
                  .onComplete(ar -> onContext.complete(Vertx.currentContext() == context)));

      assertThat(onContext.get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static synchronized boolean visible(Connection c, String key) {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sli_series_keys WHERE series_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }
}
