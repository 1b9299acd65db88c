package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.cumulative;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Future;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two writers with their own pools, as two ingest processes on one database. */
class MultiWriterIT {
  static final int SERIES = 200;
  private static final int STEPS = 20;

  /** Step {@code k} of the shared series set: every series one second later, 10 higher. */
  static IngestBatch step(long t0, int k) {
    List<MatchedSeries> series = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      series.add(
          cumulative("shared-" + s, List.of(total("shared")), at(t0 + k * 1000L), 100 + 10.0 * k));
    }
    return new IngestBatch(series, Optional.empty(), SERIES);
  }

  @Test
  void twoWritersOnOneSeriesSet_countEveryIncreaseOnce() throws Exception {
    long t0 = System.currentTimeMillis() - 600_000;
    try (TestDatabase db = TestDatabase.create();
        Database first = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build());
        Database second = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build());
        BucketWriter a =
            BucketWriter.start(first.dataSource(), WriterSettings.defaults(), Clock.systemUTC());
        BucketWriter b =
            BucketWriter.start(second.dataSource(), WriterSettings.defaults(), Clock.systemUTC())) {
      // Both create the same new series at once: one baseline, the other sees a duplicate.
      CompletableFuture<CommitResult> fromA =
          a.submit(step(t0, 0)).toCompletionStage().toCompletableFuture();
      CompletableFuture<CommitResult> fromB =
          b.submit(step(t0, 0)).toCompletionStage().toCompletableFuture();
      CommitResult ra = fromA.get(60, TimeUnit.SECONDS);
      CommitResult rb = fromB.get(60, TimeUnit.SECONDS);
      assertThat(ra.applied() + rb.applied()).isEqualTo(SERIES);
      assertThat(ra.duplicates() + rb.duplicates()).isEqualTo(SERIES);

      // Then the steps alternate between the writers, all in flight together.
      List<Future<CommitResult>> steps = new ArrayList<>();
      for (int k = 1; k <= STEPS; k++) {
        steps.add((k % 2 == 0 ? a : b).submit(step(t0, k)));
      }
      for (Future<CommitResult> f : steps) {
        f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }

      try (Connection c = db.connect()) {
        assertThat(Samples.count(c, "SELECT count(*) FROM sli_series")).isEqualTo(SERIES);
        // Whatever order the steps committed in, each series rose from 100 to 300.
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(200.0 * SERIES);
        assertThat(Samples.sums(c, "sli_buckets_1h", "shared")[2]).isEqualTo(200.0 * SERIES);
      }
      assertThat(a.stats().failedTransactions() + b.stats().failedTransactions()).isZero();
    }
  }
}
