package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Future;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UnavailableIT {

  private static Throwable failure(Future<CommitResult> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer from the writer within 60 s", e);
    }
  }

  private static void assertUnavailable(Throwable t) {
    assertThat(t)
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(503);
              assertThat(p.extensions()).containsKey("retryAfterSeconds");
            });
  }

  @Test
  void nobodyListening_failsSubmitsWith503_andKeepsTheQueueBounded() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/nowhere?user=postgres");
    config.setConnectionTimeout(500);
    config.setInitializationFailTimeout(-1);
    config.setMaximumPoolSize(1);
    long now = System.currentTimeMillis();
    try (HikariDataSource dataSource = new HikariDataSource(config);
        BucketWriter writer =
            BucketWriter.start(
                dataSource,
                WriterSettings.builder()
                    .maxQueuedBatches(4)
                    .maxQueuedSamples(1_000)
                    .maxQueuedBytes(1 << 20)
                    .build(),
                Clock.systemUTC())) {
      List<Future<CommitResult>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(writer.submit(batch(delta("s" + i, List.of(total("down")), at(now), 1))));
        assertThat(writer.stats().queuedBatches()).isLessThanOrEqualTo(4);
      }
      for (Future<CommitResult> f : futures) {
        assertUnavailable(failure(f));
      }
      // While the database keeps failing, a submit is refused at once, before any queueing.
      Future<CommitResult> refused =
          writer.submit(batch(delta("again", List.of(total("down")), at(now), 1)));
      assertThat(refused.failed()).isTrue();
      assertUnavailable(refused.cause());

      WriterStats stats = writer.stats();
      assertThat(stats.rejected()).isGreaterThanOrEqualTo(17);
      assertThat(stats.batches()).isZero();
      assertThat(stats.queuedBatches()).isZero();
      assertThat(stats.queuedSamples()).isZero();
    }
  }

  @Test
  void writesResume_whenTheDatabaseComesBack_andTheRetryLandsOnce() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(
                DatabaseSettings.builder(db.url())
                    .maxPoolSize(2)
                    .connectionTimeout(Duration.ofSeconds(1))
                    .statementTimeout(Duration.ofSeconds(30))
                    .build());
        BucketWriter writer =
            BucketWriter.start(
                database.dataSource(),
                WriterSettings.builder()
                    .minRetryAfter(Duration.ofMillis(100))
                    .maxRetryAfter(Duration.ofMillis(200))
                    .build(),
                Clock.systemUTC());
        Connection admin = DriverManager.getConnection(TestDatabase.adminUrl(), new Properties())) {
      long now = System.currentTimeMillis();
      assertThat(failure(writer.submit(batch(delta("up", List.of(total("back")), at(now), 1)))))
          .isNull();

      try (Statement st = admin.createStatement()) {
        st.execute("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
        st.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + db.name()
                + "'");
      }
      IngestBatch retried = batch(delta("retried", List.of(total("back")), at(now), 10));
      assertUnavailable(failure(writer.submit(retried)));

      try (Statement st = admin.createStatement()) {
        st.execute("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
      }
      Await.until(
          "a retried batch to be accepted once the database is back",
          Duration.ofSeconds(30),
          () -> failure(writer.submit(retried)) == null);
      assertThat(failure(writer.submit(retried))).isNull();

      try (Connection c = db.connect()) {
        assertThat(Samples.sums(c, "sli_buckets", "back")).containsExactly(0, 0, 11);
      }
    }
  }
}
