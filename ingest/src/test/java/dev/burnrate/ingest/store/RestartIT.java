package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.cumulative;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.keyed;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RestartIT {

  private static List<CommitResult> commitAll(Database database, List<IngestBatch> batches)
      throws Exception {
    List<CommitResult> results = new ArrayList<>();
    try (BucketWriter writer =
        BucketWriter.start(database.dataSource(), WriterSettings.defaults(), Clock.systemUTC())) {
      for (IngestBatch b : batches) {
        results.add(
            writer.submit(b).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      }
    }
    return results;
  }

  @Test
  void resendingAfterARestart_changesNoTotal() throws Exception {
    long t = System.currentTimeMillis() - 120_000;
    List<IngestBatch> batches =
        List.of(
            batch(
                cumulative(
                    "req_total", List.of(total("api")), at(t, t + 15_000, t + 30_000), 5, 9, 20)),
            batch(delta("events", List.of(total("api")), at(t + 1, t + 2), 2, 3)),
            keyed("k-1", delta("keyed", List.of(total("api")), at(t), 100)));
    try (TestDatabase db = TestDatabase.create()) {
      double[] before;
      try (Database database =
          Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build())) {
        assertThat(commitAll(database, batches))
            .containsExactly(
                new CommitResult(3, 0, 0), new CommitResult(2, 0, 0), new CommitResult(1, 0, 0));
        try (Connection c = db.connect()) {
          before = Samples.sums(c, "sli_buckets", "api");
        }
      }
      assertThat(before).containsExactly(0, 0, 15 + 5 + 100);

      try (Database reopened =
          Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build())) {
        assertThat(commitAll(reopened, batches))
            .containsExactly(
                new CommitResult(0, 3, 0), new CommitResult(0, 2, 0), new CommitResult(0, 1, 0));
        try (Connection c = db.connect()) {
          assertThat(Samples.sums(c, "sli_buckets", "api")).containsExactly(before);
          assertThat(Samples.sums(c, "sli_buckets_1h", "api")).containsExactly(before);
        }
      }
    }
  }
}
