package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.bad;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.bucket;
import static dev.burnrate.ingest.store.Samples.count;
import static dev.burnrate.ingest.store.Samples.cumulative;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.good;
import static dev.burnrate.ingest.store.Samples.keyed;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BucketWriterIT {
  // A recent whole hour: with TimescaleDB a retention policy drops chunks older than 100 days.
  private static final long NOW =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;

  private static TestDatabase db;
  private static Database database;
  private static BucketWriter writer;

  @BeforeAll
  static void start() {
    db = TestDatabase.create();
    database = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(3).build());
    writer =
        BucketWriter.start(
            database.dataSource(),
            WriterSettings.defaults(),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    writer.close();
    database.close();
    db.close();
  }

  private static CommitResult commit(IngestBatch batch) throws Exception {
    return writer.submit(batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static double[] minute(String slo, long startMs) throws SQLException {
    try (Connection c = db.connect()) {
      return bucket(c, "sli_buckets", slo, startMs);
    }
  }

  @Test
  void counterIncreases_landInTheirMinuteBuckets_afterTheBaseline() throws Exception {
    List<Contribution> to = List.of(total("counter"));
    long t0 = NOW - 10 * MINUTE;

    CommitResult first = commit(batch(cumulative("c1", to, at(t0, t0 + 15_000), 10, 15)));
    CommitResult second = commit(batch(cumulative("c1", to, at(t0 + 2 * MINUTE), 25)));

    assertThat(first).isEqualTo(new CommitResult(2, 0, 0));
    assertThat(second).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(minute("counter", t0)).containsExactly(0, 0, 5);
    assertThat(minute("counter", t0 + 2 * MINUTE)).containsExactly(0, 0, 10);
    try (Connection c = db.connect()) {
      assertThat(
              count(
                  c,
                  "SELECT last_value::bigint FROM sli_series JOIN sli_series_keys USING (series_hash)"
                      + " WHERE series_key = 'c1'"
                      + " AND last_ts_ms = "
                      + (t0 + 2 * MINUTE)))
          .isEqualTo(25);
      assertThat(bucket(c, "sli_buckets_1h", "counter", NOW - HOUR)).containsExactly(0, 0, 15);
    }
  }

  @Test
  void counterReset_addsTheNewValue() throws Exception {
    List<Contribution> to = List.of(total("reset"));
    long t0 = NOW - 20 * MINUTE;

    commit(batch(cumulative("r1", to, at(t0, t0 + MINUTE), 100, 120)));
    commit(batch(cumulative("r1", to, at(t0 + 2 * MINUTE), 7)));

    assertThat(minute("reset", t0 + MINUTE)).containsExactly(0, 0, 20);
    assertThat(minute("reset", t0 + 2 * MINUTE)).containsExactly(0, 0, 7);
  }

  @Test
  void resentAndOutOfOrderSamples_addNothing() throws Exception {
    List<Contribution> to = List.of(total("resend"));
    long t0 = NOW - 30 * MINUTE;
    IngestBatch b = batch(cumulative("s1", to, at(t0, t0 + MINUTE, t0 + 2 * MINUTE), 1, 4, 9));

    CommitResult first = commit(b);
    CommitResult again = commit(b);
    CommitResult older = commit(batch(cumulative("s1", to, at(t0 + MINUTE + 1), 5)));

    assertThat(first).isEqualTo(new CommitResult(3, 0, 0));
    assertThat(again).isEqualTo(new CommitResult(0, 3, 0));
    assertThat(older).isEqualTo(new CommitResult(0, 1, 0));
    try (Connection c = db.connect()) {
      assertThat(Samples.sums(c, "sli_buckets", "resend")).containsExactly(0, 0, 8);
    }
  }

  @Test
  void samplesBeyondTheLateness_areRejectedAndCounted() throws Exception {
    List<Contribution> to = List.of(total("late"));

    CommitResult r =
        commit(
            batch(
                delta("l1", to, at(NOW - HOUR - 1, NOW - HOUR + 1), 5, 6),
                delta("l2", to, at(NOW + 11 * MINUTE), 7)));

    assertThat(r).isEqualTo(new CommitResult(1, 0, 2));
    try (Connection c = db.connect()) {
      assertThat(Samples.sums(c, "sli_buckets", "late")).containsExactly(0, 0, 6);
    }
  }

  @Test
  void deltaSamples_addAsTheyAre_andRepeatedTimesAreDuplicates() throws Exception {
    List<Contribution> to = List.of(good("delta"), total("delta"));
    long t0 = NOW - 5 * MINUTE;

    CommitResult first = commit(batch(delta("d1", to, at(t0, t0 + 1000), 3, 4)));
    CommitResult again = commit(batch(delta("d1", to, at(t0 + 1000, t0 + 2000), 4, 2)));

    assertThat(first).isEqualTo(new CommitResult(2, 0, 0));
    assertThat(again).isEqualTo(new CommitResult(1, 1, 0));
    assertThat(minute("delta", t0)).containsExactly(9, 0, 9);
  }

  @Test
  void aRepeatedIdempotencyKey_addsNothing_evenWithOtherSamples() throws Exception {
    List<Contribution> to = List.of(total("keys"));
    long t0 = NOW - 3 * MINUTE;

    CommitResult first = commit(keyed("req-1", delta("k1", to, at(t0), 10)));
    CommitResult sameKey = commit(keyed("req-1", delta("k2", to, at(t0), 10)));
    CommitResult otherKey = commit(keyed("req-2", delta("k2", to, at(t0), 1)));

    assertThat(first).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(sameKey).isEqualTo(new CommitResult(0, 1, 0));
    assertThat(otherKey).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(minute("keys", t0)).containsExactly(0, 0, 11);
    try (Connection c = db.connect()) {
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM sli_idempotency_keys WHERE idempotency_key IN"
                      + " ('req-1', 'req-2') AND expires_at = committed_at + interval '24 hours'"))
          .isEqualTo(2);
    }
  }

  @Test
  void aKeyComingBackWithAnotherBody_isRefusedWith422_andAddsNothing() throws Exception {
    List<Contribution> to = List.of(total("hashed"));
    long t0 = NOW - 5 * MINUTE;
    IngestBatch original =
        new IngestBatch(
            List.of(delta("h1", to, at(t0), 10)), Optional.of("req-9"), 1, Optional.of("aa"));
    IngestBatch retry =
        new IngestBatch(
            List.of(delta("h1", to, at(t0), 10)), Optional.of("req-9"), 1, Optional.of("aa"));
    IngestBatch other =
        new IngestBatch(
            List.of(delta("h1", to, at(t0), 7)), Optional.of("req-9"), 1, Optional.of("bb"));

    assertThat(commit(original)).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(commit(retry)).isEqualTo(new CommitResult(0, 1, 0));
    assertThatThrownBy(() -> commit(other))
        .hasCauseInstanceOf(HttpProblem.class)
        .cause()
        .satisfies(
            e -> {
              HttpProblem p = (HttpProblem) e;
              assertThat(p.status()).isEqualTo(422);
              assertThat(p.extensions()).containsEntry("field", "Idempotency-Key");
            });
    assertThat(minute("hashed", t0)).containsExactly(0, 0, 10);
  }

  @Test
  void keyedEventBatches_fromSeveralShippers_allCount_andTheirRetriesDoNot() throws Exception {
    List<Contribution> to = List.of(total("events"));
    long t0 = NOW - 4 * MINUTE;
    IngestBatch a = keyed("shipper-a-7", delta("ev", to, at(t0 + 900), 2));
    IngestBatch b = keyed("shipper-b-3", delta("ev", to, at(t0 + 100, t0 + 950), 1, 4));

    assertThat(commit(a)).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(commit(b)).isEqualTo(new CommitResult(2, 0, 0));
    assertThat(commit(a)).isEqualTo(new CommitResult(0, 1, 0));
    assertThat(minute("events", t0)).containsExactly(0, 0, 7);
  }

  @Test
  void rolesAndSigns_goToTheirColumns() throws Exception {
    long t0 = NOW - 7 * MINUTE;

    commit(
        batch(
            delta("all", List.of(total("signs"), good("signs")), at(t0), 10),
            delta(
                "slow",
                List.of(new Contribution("signs", SliRole.GOOD, -1), bad("errors")),
                at(t0),
                3),
            delta("errs", List.of(bad("errors"), total("errors")), at(t0), 2)));

    assertThat(minute("signs", t0)).containsExactly(7, 0, 10);
    assertThat(minute("errors", t0)).containsExactly(0, 5, 2);
  }

  @Test
  void everyCommit_appendsItsBucketIncreasesToTheChangeLog() throws Exception {
    long t0 = NOW - 9 * MINUTE;

    commit(batch(delta("log1", List.of(total("changes")), at(t0, t0 + MINUTE), 1, 2)));
    commit(batch(delta("log1", List.of(total("changes")), at(t0 + MINUTE + 1), 4)));

    try (Connection c = db.connect()) {
      assertThat(count(c, "SELECT count(*) FROM sli_changes WHERE slo = 'changes'")).isEqualTo(3);
      assertThat(count(c, "SELECT sum(total)::bigint FROM sli_changes WHERE slo = 'changes'"))
          .isEqualTo(7);
      assertThat(count(c, "SELECT count(DISTINCT xid) FROM sli_changes WHERE slo = 'changes'"))
          .isEqualTo(2);
    }
  }

  @Test
  void aBatchTheDatabaseCannotStore_isRefusedWith400_andChangesNothing() {
    IngestBatch nul = batch(delta("bad\0key", List.of(total("nul")), at(NOW), 1));

    assertThat(writer.submit(nul).cause())
        .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  @Test
  void maintenance_deletesExpiredKeysAndOldState_onItsInterval() throws Exception {
    long later = NOW + Duration.ofDays(200).toMillis();
    try (BucketWriter maintaining =
        BucketWriter.start(
            database.dataSource(),
            WriterSettings.builder().maintenanceInterval(Duration.ofMillis(1)).build(),
            Clock.fixed(Instant.ofEpochMilli(later), ZoneOffset.UTC))) {
      commit(keyed("old-key", cumulative("old", List.of(total("old")), at(NOW - MINUTE), 1)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long left;
      do {
        try (Connection c = db.connect()) {
          left =
              count(
                      c,
                      "SELECT count(*) FROM sli_idempotency_keys WHERE idempotency_key = 'old-key'")
                  + count(c, "SELECT count(*) FROM sli_series_keys WHERE series_key = 'old'")
                  // With TimescaleDB the retention policy drops old buckets, not the writer.
                  + (database.timescale()
                      ? 0
                      : count(c, "SELECT count(*) FROM sli_buckets WHERE slo = 'old'"));
        }
      } while (left > 0 && System.nanoTime() < deadline);
      assertThat(left).isZero();
      assertThat(maintaining.stats().failedTransactions()).isZero();
    }
  }

  @Test
  void aCachedStateThatAnotherWriterMovedOn_isReadAgain_andOnlyTheNewIncreaseCounts()
      throws Exception {
    List<Contribution> to = List.of(total("stale"));
    long t0 = NOW - 40 * MINUTE;
    commit(batch(cumulative("st1", to, at(t0), 10)));
    // Another writer took the counter from 10 to 50 (and counted those 40) since.
    setState("st1", t0 + MINUTE, 50);
    long retried = writer.stats().retriedTransactions();

    CommitResult next = commit(batch(cumulative("st1", to, at(t0 + 2 * MINUTE), 70)));

    assertThat(next).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(minute("stale", t0 + 2 * MINUTE)).containsExactly(0, 0, 20);
    // The cached guess (10 at t0) was refused by the update and the state read again.
    assertThat(writer.stats().retriedTransactions()).isEqualTo(retried + 1);
  }

  @Test
  void aCachedStateThatWasDeleted_startsANewBaseline() throws Exception {
    List<Contribution> to = List.of(total("gone"));
    long t0 = NOW - 40 * MINUTE;
    commit(batch(cumulative("gone1", to, at(t0), 10)));
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      st.executeUpdate(
          "DELETE FROM sli_series WHERE series_hash ="
              + " (SELECT series_hash FROM sli_series_keys WHERE series_key = 'gone1')");
    }

    CommitResult next = commit(batch(cumulative("gone1", to, at(t0 + 2 * MINUTE), 70)));

    assertThat(next).isEqualTo(new CommitResult(1, 0, 0));
    assertThat(minute("gone", t0 + 2 * MINUTE)).containsExactly(0, 0, 0);
    try (Connection c = db.connect()) {
      assertThat(
              count(
                  c,
                  "SELECT last_value::bigint FROM sli_series JOIN sli_series_keys USING (series_hash)"
                      + " WHERE series_key = 'gone1'"))
          .isEqualTo(70);
    }
  }

  @Test
  void withoutASeriesCache_everyStateIsRead_andNothingIsRetried() throws Exception {
    List<Contribution> to = List.of(total("uncached"));
    long t0 = NOW - 40 * MINUTE;
    try (BucketWriter uncached =
        BucketWriter.start(
            database.dataSource(),
            WriterSettings.builder().seriesCacheSize(0).build(),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))) {
      uncached
          .submit(batch(cumulative("u1", to, at(t0), 10)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      setState("u1", t0 + MINUTE, 50);

      uncached
          .submit(batch(cumulative("u1", to, at(t0 + 2 * MINUTE), 70)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      assertThat(minute("uncached", t0 + 2 * MINUTE)).containsExactly(0, 0, 20);
      assertThat(uncached.stats().retriedTransactions()).isZero();
    }
  }

  private static void setState(String key, long ts, double value) throws SQLException {
    try (Connection c = db.connect();
        var st = c.createStatement()) {
      assertThat(
              st.executeUpdate(
                  "UPDATE sli_series SET last_ts_ms = "
                      + ts
                      + ", last_value = "
                      + value
                      + " WHERE series_hash ="
                      + " (SELECT series_hash FROM sli_series_keys WHERE series_key = '"
                      + key
                      + "')"))
          .isEqualTo(1);
    }
  }
}
