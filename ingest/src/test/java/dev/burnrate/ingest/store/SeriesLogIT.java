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
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Series state kept by the series log applier ({@code seriesState: log}), on real PostgreSQL. */
class SeriesLogIT {
  private static final long MINUTE = 60_000;
  private static final int SERIES = MultiWriterIT.SERIES;

  /** Log mode, applied every 100 ms (lease 2 s). */
  private static WriterSettings logMode(Duration applyInterval) {
    return WriterSettings.builder()
        .seriesState(WriterSettings.SeriesState.LOG, applyInterval)
        .build();
  }

  /**
   * A writer in log mode whose own applier takes its turn at start and then waits an hour. Its
   * first round (on the empty log) is over when this returns, so every row logged afterwards is
   * left to the test's appliers.
   */
  private static BucketWriter idleApplierWriter(Database database) throws Exception {
    BucketWriter w =
        BucketWriter.start(database.dataSource(), logMode(Duration.ofHours(1)), Clock.systemUTC());
    try (Connection c = database.dataSource().getConnection()) {
      awaitFirstTurn(c);
    } catch (Exception | AssertionError e) {
      w.close();
      throw e;
    }
    return w;
  }

  /** Waits until an applier has taken the first turn: its first round has committed. */
  private static void awaitFirstTurn(Connection c) {
    Await.until(
        "an applier to take its first turn",
        Duration.ofSeconds(30),
        () ->
            query(
                    c,
                    x ->
                        Samples.count(
                            x, "SELECT count(*) FROM sli_series_log_applier WHERE owner <> ''"))
                == 1);
  }

  private static SeriesLogApplier newApplier(Database database, WriterSettings settings) {
    return new SeriesLogApplier(database.dataSource(), settings, Clock.systemUTC());
  }

  /** Sends {@code MultiWriterIT}'s steps {@code from} to {@code to} through {@code w}, in turn. */
  private static void logSteps(BucketWriter w, long t0, int from, int to) throws Exception {
    for (int k = from; k <= to; k++) {
      await(w.submit(MultiWriterIT.step(t0, k)));
    }
  }

  private static CommitResult await(Future<CommitResult> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static long logRows(Connection c) throws Exception {
    return Samples.count(c, "SELECT count(*) FROM sli_series_log");
  }

  private static void awaitApplied(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      Await.until(
          "the series log to be applied",
          Duration.ofSeconds(30),
          () -> query(c, SeriesLogIT::logRows) == 0);
    }
  }

  /** A query's answer inside a wait's condition. */
  private static long query(Connection c, SqlProbe probe) {
    try {
      return probe.read(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private interface SqlProbe {
    long read(Connection c) throws Exception;
  }

  /** Waits until {@code applier} has the turn again (the other's lease ran out) and applied all. */
  private static void awaitTurn(String what, SeriesLogApplier applier, Connection c) {
    Await.until(
        what,
        Duration.ofSeconds(30),
        () -> applier.applyAll() && query(c, SeriesLogIT::logRows) == 0);
  }

  @Test
  void retriesResetsAndLateSamples_countOnce_afterTheApply() throws Exception {
    long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
    try (TestDatabase db = TestDatabase.create();
        Database database = Database.open(DatabaseSettings.of(db.url()))) {
      try (BucketWriter w =
          BucketWriter.start(
              database.dataSource(), logMode(Duration.ofMillis(100)), Clock.systemUTC())) {
        List<Contribution> to = List.of(total("c"));
        IngestBatch first = batch(cumulative("s", to, at(t0), 100));
        IngestBatch second = batch(cumulative("s", to, at(t0 + 1000, t0 + 2000), 130, 150));
        IngestBatch reset = batch(cumulative("s", to, at(t0 + 3000), 20));
        IngestBatch late = batch(cumulative("s", to, at(t0 - 2 * 3_600_000, t0 + 500), 5, 999));
        IngestBatch stale = batch(cumulative("s", to, at(t0 + 4000), Double.NaN));
        assertThat(await(w.submit(first))).isEqualTo(new CommitResult(1, 0, 0));
        // Each request sent twice, as after a lost acknowledgement.
        await(w.submit(first));
        await(w.submit(second));
        await(w.submit(second));
        await(w.submit(reset));
        await(w.submit(reset));
        // The late sample is refused at the ack; the older one is taken, and adds nothing later.
        assertThat(await(w.submit(late))).isEqualTo(new CommitResult(1, 0, 1));
        assertThat(await(w.submit(stale))).isEqualTo(new CommitResult(0, 1, 0));
        awaitApplied(db);
        assertThat(w.stats().logDuplicates()).isEqualTo(1 + 2 + 1 + 1);
        assertThat(w.stats().logLagMillis()).isBetween(0L, 30_000L);
      }
      try (Connection c = db.connect()) {
        // 100 -> 150 is 50, then a reset to 20 counts 20: 70, each once.
        assertThat(Samples.sums(c, "sli_buckets", "c")[2]).isEqualTo(70.0);
        assertThat(Samples.sums(c, "sli_buckets_1h", "c")[2]).isEqualTo(70.0);
        assertThat(Samples.bucket(c, "sli_buckets", "c", t0)[2]).isEqualTo(70.0);
        assertThat(Samples.count(c, "SELECT sum(total) FROM sli_changes WHERE slo = 'c'"))
            .isEqualTo(70);
        assertThat(Samples.count(c, "SELECT last_ts_ms FROM sli_series")).isEqualTo(t0 + 3000);
        assertThat(Samples.count(c, "SELECT count(*) FROM sli_series_keys WHERE series_key = 's'"))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void keyedDeltas_countAtTheAck_andCumulativeSeries_whenTheLogIsApplied() throws Exception {
    long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
    try (TestDatabase db = TestDatabase.create();
        Database database = Database.open(DatabaseSettings.of(db.url()))) {
      // An apply interval of an hour: after the applier's first round at start, only close applies.
      BucketWriter w = idleApplierWriter(database);
      try (Connection c = db.connect()) {
        await(w.submit(batch(cumulative("s", List.of(total("c")), at(t0), 10))));
        IngestBatch events =
            keyed(
                "k1",
                delta("e", List.of(total("d")), at(t0, t0 + 1), 1, 1),
                cumulative("s", List.of(total("c")), at(t0 + 1000), 15));
        assertThat(await(w.submit(events))).isEqualTo(new CommitResult(3, 0, 0));
        assertThat(await(w.submit(events))).isEqualTo(new CommitResult(0, 3, 0));
        assertThat(Samples.sums(c, "sli_buckets", "d")[2]).isEqualTo(2.0);
        assertThat(Samples.sums(c, "sli_buckets", "c")[2]).isZero();
        assertThat(logRows(c)).isEqualTo(2);
        w.close();
        assertThat(logRows(c)).isZero();
        assertThat(Samples.sums(c, "sli_buckets", "c")[2]).isEqualTo(5.0);
        assertThat(Samples.sums(c, "sli_buckets", "d")[2]).isEqualTo(2.0);
      }
    }
  }

  @Test
  void twoInstancesInLogMode_countEveryIncreaseOnce() throws Exception {
    long t0 = System.currentTimeMillis() - 600_000;
    try (TestDatabase db = TestDatabase.create();
        Database first = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build());
        Database second = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build());
        BucketWriter a =
            BucketWriter.start(
                first.dataSource(), logMode(Duration.ofMillis(50)), Clock.systemUTC());
        BucketWriter b =
            BucketWriter.start(
                second.dataSource(), logMode(Duration.ofMillis(50)), Clock.systemUTC())) {
      CompletableFuture<CommitResult> fromA =
          a.submit(MultiWriterIT.step(t0, 0)).toCompletionStage().toCompletableFuture();
      CompletableFuture<CommitResult> fromB =
          b.submit(MultiWriterIT.step(t0, 0)).toCompletionStage().toCompletableFuture();
      fromA.get(60, TimeUnit.SECONDS);
      fromB.get(60, TimeUnit.SECONDS);
      List<Future<CommitResult>> steps = new ArrayList<>();
      for (int k = 1; k <= 20; k++) {
        steps.add((k % 2 == 0 ? a : b).submit(MultiWriterIT.step(t0, k)));
        // Some steps again, through the other instance, as a client's retry elsewhere.
        if (k % 3 == 0) {
          steps.add((k % 2 == 0 ? b : a).submit(MultiWriterIT.step(t0, k)));
        }
      }
      for (Future<CommitResult> f : steps) {
        await(f);
      }
      awaitApplied(db);
      try (Connection c = db.connect()) {
        assertThat(Samples.count(c, "SELECT count(*) FROM sli_series")).isEqualTo(SERIES);
        assertThat(Samples.count(c, "SELECT count(*) FROM sli_series_keys")).isEqualTo(SERIES);
        // Each series rose from 100 to 300, whichever instance applied which step.
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(200.0 * SERIES);
        assertThat(Samples.sums(c, "sli_buckets_1h", "shared")[2]).isEqualTo(200.0 * SERIES);
      }
      assertThat(a.stats().failedTransactions() + b.stats().failedTransactions()).isZero();
    }
  }

  @Test
  void anApplierKilledMidRound_appliesNothing_andAnotherTakesOverAfterTheLease() throws Exception {
    long t0 = System.currentTimeMillis() - 600_000;
    WriterSettings quick = logMode(Duration.ofMillis(100));
    try (TestDatabase db = TestDatabase.create();
        Database database = Database.open(DatabaseSettings.of(db.url()));
        BucketWriter w = idleApplierWriter(database)) {
      SeriesLogApplier first = newApplier(database, quick);
      SeriesLogApplier second = newApplier(database, quick);
      logSteps(w, t0, 0, 2);
      long leaseMs = SeriesLogApplier.lease(quick.applyInterval()).toMillis();
      try (Connection c = db.connect();
          Connection blocker = db.connect();
          Statement st = c.createStatement()) {
        // The writer's own applier took its turn at start: wait out its lease.
        Await.until(
            "the writer's applier's lease to run out",
            Duration.ofSeconds(30),
            () ->
                query(
                        c,
                        x ->
                            Samples.count(
                                x,
                                "SELECT count(*) FROM sli_series_log_applier WHERE renewed_at < now()"
                                    + " - make_interval(secs => "
                                    + leaseMs / 1000.0
                                    + ")"))
                    == 1);
        blocker.setAutoCommit(false);
        try (Statement b = blocker.createStatement()) {
          b.execute("LOCK TABLE sli_changes IN ACCESS EXCLUSIVE MODE");
        }
        CompletableFuture<Boolean> round = CompletableFuture.supplyAsync(first::applyAll);
        // The round has taken the log rows and written series and buckets when it waits here.
        long pid =
            Await.until(
                "the round to wait on the locked change log",
                Duration.ofSeconds(30),
                () -> {
                  long p =
                      query(
                          c,
                          x ->
                              Samples.count(
                                  x,
                                  "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE"
                                      + " wait_event_type = 'Lock' AND query LIKE 'INSERT INTO"
                                      + " sli_changes%'"));
                  return p == 0 ? Optional.empty() : Optional.of(p);
                });
        st.execute("SELECT pg_terminate_backend(" + pid + ")");
        assertThat(round.get(30, TimeUnit.SECONDS)).isFalse();
        blocker.rollback();
        assertThat(logRows(c)).isEqualTo(3);
        assertThat(Samples.count(c, "SELECT count(*) FROM sli_series")).isZero();
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isZero();

        // The killed round renewed nothing: the second applier takes over at once.
        assertThat(second.applyAll()).isTrue();
        assertThat(logRows(c)).isZero();
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(20.0 * SERIES);

        // While the second holds the turn, the first stands by; after the lease it takes over.
        logSteps(w, t0, 3, 5);
        assertThat(first.applyAll()).isTrue();
        assertThat(first.lagMs()).isEqualTo(-1);
        assertThat(logRows(c)).isEqualTo(3);
        awaitTurn("the first applier to take over after the second's lease", first, c);
        assertThat(first.applyAll()).isTrue();
        assertThat(first.lagMs()).isZero();
        assertThat(logRows(c)).isZero();

        // Steps sent twice; the second takes the turn back with its cached states stale (the
        // first moved them on): the compare-and-set catches it, the round reads and stays exact.
        for (int k = 6; k <= 8; k++) {
          await(w.submit(MultiWriterIT.step(t0, k)));
          await(w.submit(MultiWriterIT.step(t0, k)));
        }
        awaitTurn("the second applier to take the turn back", second, c);
        assertThat(second.applyAll()).isTrue();
        assertThat(second.retried()).isPositive();
        assertThat(logRows(c)).isZero();
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(80.0 * SERIES);
        assertThat(Samples.sums(c, "sli_buckets_1h", "shared")[2]).isEqualTo(80.0 * SERIES);
        assertThat(second.duplicates()).isEqualTo(3L * SERIES);
      }
    }
  }

  @Test
  void aDueRound_leavesRowsAppendedDuringIt_forTheNextInterval() throws Exception {
    long t0 = System.currentTimeMillis() - 600_000;
    WriterSettings quick = logMode(Duration.ofMillis(100));
    try (TestDatabase db = TestDatabase.create();
        Database database = Database.open(DatabaseSettings.of(db.url()));
        BucketWriter w = idleApplierWriter(database)) {
      logSteps(w, t0, 0, 2);
      SeriesLogApplier applier = newApplier(database, quick);
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        awaitTurn("the writer's applier's lease to run out", applier, c);
        assertThat(applier.rows()).isEqualTo(3);
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(20.0 * SERIES);
        logSteps(w, t0, 3, 5);
        // A writer that appends while the round runs: every row the round deletes comes back as a
        // new row (a re-sent request), after the round chose what to take.
        st.execute(
            "CREATE FUNCTION resend() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO sli_series_log (samples, payload) VALUES (OLD.samples, OLD.payload);"
                + " RETURN OLD; END $$");
        st.execute(
            "CREATE TRIGGER resend AFTER DELETE ON sli_series_log"
                + " FOR EACH ROW EXECUTE FUNCTION resend()");
        // One round: what was there is applied, what came during the round waits. Draining the
        // log instead would never end here.
        CompletableFuture<Boolean> due = CompletableFuture.supplyAsync(applier::applyDue);
        assertThat(due.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(applier.rows()).isEqualTo(6);
        assertThat(logRows(c)).isEqualTo(3);
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(50.0 * SERIES);

        // The re-sent rows are duplicates when their turn comes: nothing is counted twice.
        st.execute("DROP TRIGGER resend ON sli_series_log");
        assertThat(applier.applyDue()).isTrue();
        assertThat(logRows(c)).isZero();
        assertThat(applier.duplicates()).isEqualTo(3L * SERIES);
        assertThat(Samples.sums(c, "sli_buckets", "shared")[2]).isEqualTo(50.0 * SERIES);
      }
    }
  }
}
