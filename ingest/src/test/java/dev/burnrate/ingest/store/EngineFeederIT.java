package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.bad;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.good;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineFeederIT {
  private static final long MINUTE = 60_000;

  private TestDatabase db;
  private Database database;
  private final long now = System.currentTimeMillis() / MINUTE * MINUTE;

  @BeforeEach
  void start() {
    db = TestDatabase.create();
    database = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(4).build());
  }

  @AfterEach
  void stop() {
    database.close();
    db.close();
  }

  private EngineFeeder feeder(RecordingEngine engine, Duration window, String... slos) {
    return new EngineFeeder(
        database.dataSource(),
        engine,
        java.util.Arrays.stream(slos).map(s -> Slos.goodOverTotal(s, window)).toList(),
        Clock.systemUTC());
  }

  @Test
  void aPollReadsInOneReadOnlySnapshot_andLeavesThePoolsConnectionsAsTheyWere() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (Connection c = ChangeLog.snapshotConnection(database.dataSource())) {
        assertThat(show(c, "transaction_isolation")).isEqualTo("repeatable read");
        assertThat(show(c, "transaction_read_only")).isEqualTo("on");
        ChangeLog.SnapshotAndPruned first = ChangeLog.snapshotAndPruned(c, "1:1:");
        // A commit after the snapshot is not seen by the rest of the poll.
        try (Connection w = begin()) {
          write(w, "later", now, 1, 1);
          w.commit();
        }
        assertThat(ChangeLog.currentSnapshot(c)).isEqualTo(first.snapshot());
        assertThat(ChangeLog.changesSince(c, first.snapshot())).isEmpty();
        assertThat(first.pruned()).isFalse();
        c.commit();
      }
      // The next user of a pooled connection gets the session's defaults.
      try (Connection c = database.dataSource().getConnection()) {
        assertThat(show(c, "transaction_isolation")).isEqualTo("read committed");
        assertThat(show(c, "transaction_read_only")).isEqualTo("off");
      }
    }
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SHOW " + setting);
        java.sql.ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Commits a row in the minutes the test writes concurrently: with TimescaleDB the transaction
   * that creates a chunk holds a lock other writers of that chunk wait on until it commits.
   */
  private void createChunks() throws SQLException {
    try (Connection c = begin()) {
      write(c, "chunks", now - MINUTE, 0, 0);
      write(c, "chunks", now, 0, 0);
      c.commit();
    }
  }

  private Connection begin() throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    return c;
  }

  /** Writes a bucket increase and its change row, as one writer transaction does. */
  private static void write(Connection c, String slo, long startMs, double good, double totalCount)
      throws SQLException {
    OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sli_buckets AS b (slo, bucket_start, good, bad, total) VALUES (?, ?, ?, 0, ?)"
                + " ON CONFLICT (slo, bucket_start) DO UPDATE SET good = b.good + excluded.good,"
                + " total = b.total + excluded.total")) {
      ps.setString(1, slo);
      ps.setObject(2, start);
      ps.setDouble(3, good);
      ps.setDouble(4, totalCount);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sli_changes (slo, bucket_start, good, bad, total) VALUES (?, ?, ?, 0, ?)")) {
      ps.setString(1, slo);
      ps.setObject(2, start);
      ps.setDouble(3, good);
      ps.setDouble(4, totalCount);
      ps.executeUpdate();
    }
  }

  @Test
  void transactionsCommittingOutOfIdOrder_areEachFedOnce() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder = feeder(engine, Duration.ofDays(30), "s");
    createChunks();
    feeder.rebuild();
    try (Connection first = begin();
        Connection second = begin()) {
      // Different buckets: two writers of one bucket would queue on its row lock.
      write(first, "s", now, 1, 1); // draws the lower change id
      write(second, "s", now - MINUTE, 2, 2);
      second.commit();

      feeder.poll();
      assertThat(engine.sums("s")).containsExactly(2, 2);

      first.commit();
      feeder.poll();
      assertThat(engine.sums("s")).containsExactly(3, 3);
    }
    feeder.poll();
    assertThat(engine.sums("s")).containsExactly(3, 3);
  }

  @Test
  void rebuild_thenTailing_countsEveryCommitOnce_evenAroundAnOpenTransaction() throws Exception {
    try (Connection c = begin()) {
      write(c, "s", now - 10 * MINUTE, 100, 100);
      c.commit();
    }
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder = feeder(engine, Duration.ofDays(30), "s");
    createChunks();
    try (Connection older = begin();
        Connection newer = begin()) {
      write(older, "s", now, 1, 1); // its xid holds the snapshot's xmin back
      write(newer, "s", now - MINUTE, 10, 10);
      newer.commit(); // visible to the rebuild, though its xid is above xmin

      feeder.rebuild();
      assertThat(engine.sums("s")).containsExactly(110, 110);

      older.commit();
      feeder.poll();
      assertThat(engine.sums("s")).containsExactly(111, 111);
    }
    feeder.poll();
    assertThat(engine.sums("s")).containsExactly(111, 111);
  }

  @Test
  void rebuild_readsOnlyTheSlosWindow_orTheThreeDaysThatTheLongestBurnRateCovers()
      throws Exception {
    try (Connection c = begin()) {
      write(c, "s", now - 4 * 86_400_000L, 5, 5);
      write(c, "s", now - 2 * 86_400_000L, 1, 2);
      write(c, "w", now - 8 * 86_400_000L, 5, 5);
      write(c, "w", now - 6 * 86_400_000L, 1, 2);
      c.commit();
    }
    RecordingEngine hour = new RecordingEngine();
    feeder(hour, Duration.ofHours(1), "s").rebuild();
    RecordingEngine week = new RecordingEngine();
    feeder(week, Duration.ofDays(7), "w").rebuild();

    assertThat(hour.sums("s")).containsExactly(1, 2);
    assertThat(week.sums("w")).containsExactly(1, 2);
  }

  @Test
  void aOneDayWindow_isExactToTheMinute_losingEachMinuteWhenItLeaves() throws Exception {
    // Half past the hour: the minute that leaves first lies in the window's oldest, partial hour.
    Instant start = Instant.ofEpochMilli(now).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    start = start.plus(Duration.ofMinutes(30));
    long startMs = start.toEpochMilli();
    try (Connection c = begin()) {
      write(c, "d", startMs - 1438 * MINUTE, 0, 10); // leaves the 1d window at start + 2m
      write(c, "d", startMs - 60 * MINUTE, 10, 10);
      c.commit();
    }
    dev.burnrate.testsupport.TestClock clock = dev.burnrate.testsupport.TestClock.at(start);
    dev.burnrate.slo.engine.SloEngine engine = dev.burnrate.slo.engine.SloEngine.create(clock);
    EngineFeeder feeder =
        new EngineFeeder(
            database.dataSource(),
            engine,
            List.of(Slos.goodOverTotal("d", Duration.ofDays(1))),
            clock);
    feeder.rebuild();
    engine.evaluate();
    assertThat(engine.status("d").orElseThrow().sli().total()).isEqualTo(20);

    clock.advance(Duration.ofMinutes(1));
    feeder.poll();
    engine.evaluate();
    assertThat(engine.status("d").orElseThrow().sli().total()).isEqualTo(20);

    clock.advance(Duration.ofMinutes(1));
    feeder.poll();
    engine.evaluate();
    assertThat(engine.status("d").orElseThrow().sli().total()).isEqualTo(10);
    assertThat(engine.status("d").orElseThrow().sli().good()).isEqualTo(10);
    assertThat(feeder.expiredBuckets()).isEqualTo(1);
    assertThat(feeder.lastFed()).contains("d");
  }

  @Test
  void aBucketThatCannotBeAddedUp_isLeftOut_againWhenItLeavesTheWindow() throws Exception {
    Instant start = Instant.ofEpochMilli(now).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    start = start.plus(Duration.ofMinutes(30));
    long startMs = start.toEpochMilli();
    try (Connection c = begin()) {
      write(c, "d", startMs - 1439 * MINUTE, 0, Double.POSITIVE_INFINITY); // leaves at start + 1m
      write(c, "d", startMs - 60 * MINUTE, 10, 10);
      c.commit();
    }
    dev.burnrate.testsupport.TestClock clock = dev.burnrate.testsupport.TestClock.at(start);
    SloEngine engine = SloEngine.create(clock);
    EngineFeeder feeder =
        new EngineFeeder(
            database.dataSource(),
            engine,
            List.of(Slos.goodOverTotal("d", Duration.ofDays(1))),
            clock);
    feeder.rebuild();
    assertThat(feeder.skippedRows()).containsEntry("d", 1L);

    clock.advance(Duration.ofMinutes(2));
    feeder.poll();
    engine.evaluate();

    // Never added, so never subtracted: the SLO keeps its one good bucket.
    assertThat(engine.status("d").orElseThrow().sli().total()).isEqualTo(10);
    assertThat(engine.status("d").orElseThrow().sli().good()).isEqualTo(10);
  }

  @Test
  void writerCommits_reachTheEngine_withGoodAsTotalMinusBadForBadOverTotalSlos() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder =
        new EngineFeeder(
            database.dataSource(),
            engine,
            List.of(
                Slos.goodOverTotal("ok", Duration.ofDays(7)),
                Slos.badOverTotal("errors", Duration.ofDays(7))),
            Clock.systemUTC());
    feeder.rebuild();
    try (BucketWriter writer =
        BucketWriter.start(database.dataSource(), WriterSettings.defaults(), Clock.systemUTC())) {
      writer
          .submit(
              batch(
                  delta("all", List.of(total("ok"), total("errors")), at(now), 50),
                  delta("fine", List.of(good("ok")), at(now), 45),
                  delta("failed", List.of(bad("errors")), at(now), 5),
                  delta("unknown", List.of(total("not-an-slo")), at(now), 9)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    feeder.poll();

    assertThat(engine.sums("ok")).containsExactly(45, 50);
    assertThat(engine.sums("errors")).containsExactly(45, 50);
    assertThat(engine.sums("not-an-slo")).containsExactly(0, 0);
  }

  @Test
  void aPruneThatWaits_holdsUpNoPoll() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder =
        new EngineFeeder(
            database.dataSource(),
            engine,
            List.of(Slos.goodOverTotal("s", Duration.ofDays(30))),
            Clock.systemUTC(),
            Duration.ZERO,
            Duration.ZERO);
    createChunks();
    feeder.rebuild();
    java.util.concurrent.ExecutorService polls =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Connection blocker = begin()) {
      // Holds the horizon row as a long-running prune elsewhere would: a prune now waits.
      try (PreparedStatement ps =
          blocker.prepareStatement("SELECT pruned_below FROM sli_changes_horizon FOR UPDATE")) {
        ps.executeQuery().close();
      }
      for (int i = 1; i <= 3; i++) {
        try (Connection c = begin()) {
          write(c, "s", now, 1, 1);
          c.commit();
        }
        int expected = i;
        java.util.concurrent.Future<Integer> poll = polls.submit(() -> feeder.poll(true));
        Await.until(
            "poll " + i + " to return while a prune waits",
            Duration.ofSeconds(20),
            () -> poll.isDone());
        assertThat(poll.get()).isEqualTo(1);
        assertThat(engine.sums("s")).containsExactly(expected, expected);
      }
      assertThat(feeder.pruning()).isTrue();
      blocker.rollback();
    } finally {
      polls.shutdownNow();
    }
    Await.until("the waiting prune to finish", Duration.ofSeconds(20), () -> !feeder.pruning());
  }

  @Test
  void anSloAddedLater_isReadFromTheBuckets_andNothingIsCountedTwice() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder = feeder(engine, Duration.ofDays(30), "a");
    feeder.rebuild();
    try (Connection c = begin()) {
      write(c, "a", now, 1, 1);
      write(c, "b", now, 2, 2);
      c.commit();
    }
    feeder.poll();
    feeder.updateSlos(
        List.of(
            Slos.goodOverTotal("a", Duration.ofDays(30)),
            Slos.goodOverTotal("b", Duration.ofDays(30))));
    try (Connection c = begin()) {
      write(c, "a", now, 4, 4);
      write(c, "b", now, 8, 8);
      c.commit();
    }
    feeder.poll();
    feeder.poll();

    assertThat(engine.sums("a")).containsExactly(5, 5);
    assertThat(engine.sums("b")).containsExactly(10, 10);
  }

  @Test
  void anUnchangedReload_keepsTheAlertStates_andAChangedSloIsReadAgain() throws Exception {
    SloEngine engine = SloEngine.create(Clock.systemUTC());
    EngineFeeder feeder =
        new EngineFeeder(
            database.dataSource(),
            engine,
            List.of(
                Slos.goodOverTotal("a", Duration.ofDays(30)),
                Slos.goodOverTotal("b", Duration.ofDays(7))),
            Clock.systemUTC());
    feeder.rebuild();
    try (Connection c = begin()) {
      write(c, "a", now, 0, 100); // every request failed: a burns
      write(c, "b", now, 3, 3);
      c.commit();
    }
    feeder.poll();
    assertThat(engine.evaluate()).isNotEmpty();

    // The same files read again, and b's window edited; a change commits meanwhile.
    feeder.updateSlos(
        List.of(
            Slos.goodOverTotal("a", Duration.ofDays(30)),
            Slos.goodOverTotal("b", Duration.ofDays(30))));
    try (Connection c = begin()) {
      write(c, "a", now, 0, 10);
      write(c, "b", now, 1, 1);
      c.commit();
    }
    feeder.poll();
    feeder.poll();

    assertThat(feeder.rebuilds()).isEqualTo(1);
    assertThat(feeder.lastFed()).isEmpty();
    // No alert restarts: a's page alerts are still the ones that fired before the reload.
    assertThat(engine.evaluate()).isEmpty();
    assertThat(engine.status("a").orElseThrow().sli().total()).isEqualTo(110);
    assertThat(engine.status("b").orElseThrow().sli().total()).isEqualTo(4);
  }

  @Test
  void pruning_neverDeletesAChangeNotYetFed() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    EngineFeeder feeder = feeder(engine, Duration.ofDays(30), "s");
    feeder.rebuild();
    try (Connection c = begin()) {
      write(c, "s", now, 1, 1);
      c.commit();
    }
    feeder.poll();
    createChunks();
    try (Connection open = begin()) {
      write(open, "s", now - MINUTE, 2, 2);
      feeder.prune(feeder.consumedSnapshot());
      open.commit();
    }
    feeder.poll();
    assertThat(engine.sums("s")).containsExactly(3, 3);

    // What every later poll sees as consumed goes; how much that is depends on the oldest
    // transaction still open anywhere on the server, so only the rule itself is checked.
    String consumed = feeder.consumedSnapshot();
    feeder.prune(consumed);
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM sli_changes WHERE xid < pg_snapshot_xmin(?::pg_snapshot)")) {
      ps.setString(1, consumed);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
    feeder.poll();
    assertThat(engine.sums("s")).containsExactly(3, 3);
  }

  @Test
  void aFeederBehindWhatAnotherPruned_rebuildsFromTheBuckets_insteadOfMissingChanges()
      throws Exception {
    RecordingEngine leaderEngine = new RecordingEngine();
    RecordingEngine laggingEngine = new RecordingEngine();
    EngineFeeder leader = feeder(leaderEngine, Duration.ofDays(30), "s");
    EngineFeeder lagging = feeder(laggingEngine, Duration.ofDays(30), "s");
    leader.rebuild();
    lagging.rebuild();
    try (Connection c = begin()) {
      write(c, "s", now, 1, 2);
      c.commit();
    }
    leader.poll();
    try (Connection c = begin()) {
      write(c, "s", now, 3, 4);
      c.commit();
    }
    leader.poll();
    // The leader prunes what it consumed; the lagging feeder has read none of it. How far a
    // prune goes depends on the oldest transaction open anywhere on the server: when it went
    // past what the lagging feeder consumed, that one must rebuild, and otherwise nothing it
    // needs is gone.
    leader.prune(leader.consumedSnapshot());
    boolean cut;
    try (Connection c = begin();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pruned_below > pg_snapshot_xmin(?::pg_snapshot) FROM sli_changes_horizon")) {
      ps.setString(1, lagging.consumedSnapshot());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        cut = rs.getBoolean(1);
      }
    }
    long rebuilds = lagging.rebuilds();

    lagging.poll();

    long expected = rebuilds + (cut ? 1 : 0);
    assertThat(lagging.rebuilds()).isEqualTo(expected);
    assertThat(laggingEngine.sums("s")).containsExactly(4, 6);
    assertThat(leaderEngine.sums("s")).containsExactly(4, 6);
    try (Connection c = begin()) {
      write(c, "s", now, 1, 1);
      c.commit();
    }
    lagging.poll();
    leader.poll();
    // A rebuild's snapshot is newer than the prune's: it does not rebuild again.
    assertThat(lagging.rebuilds()).isEqualTo(expected);
    assertThat(laggingEngine.sums("s")).containsExactly(5, 7);
    assertThat(leaderEngine.sums("s")).containsExactly(5, 7);
  }

  @Test
  void oneInstanceLeads_andAStandbyTakesOverWhenItCloses() throws Exception {
    try (Connection c = begin()) {
      write(c, "s", now - MINUTE, 3, 4);
      c.commit();
    }
    LeaderSettings settings =
        LeaderSettings.builder()
            .pollInterval(Duration.ofMillis(50))
            .retryInterval(Duration.ofMillis(100))
            .build();
    List<dev.burnrate.slo.definition.SloSpec> slos =
        List.of(Slos.goodOverTotal("s", Duration.ofDays(30)));
    RecordingEngine firstEngine = new RecordingEngine();
    RecordingEngine secondEngine = new RecordingEngine();
    EngineLeader first =
        EngineLeader.start(database, firstEngine, slos, Clock.systemUTC(), settings);
    try (EngineLeader second =
        EngineLeader.start(database, secondEngine, slos, Clock.systemUTC(), settings)) {
      Await.until(
          "the leader and the feed",
          Duration.ofSeconds(30),
          () -> first.isLeader() || second.isLeader());
      EngineLeader leader = first.isLeader() ? first : second;
      EngineLeader standby = leader == first ? second : first;
      RecordingEngine leaderEngine = leader == first ? firstEngine : secondEngine;
      long tried = standby.lockAttempts();
      Await.until(
          "the leader and the feed",
          Duration.ofSeconds(30),
          () -> standby.lockAttempts() >= tried + 2);
      assertThat(standby.isLeader()).isFalse();
      assertThat(leaderEngine.sums("s")).containsExactly(3, 4);

      try (Connection c = begin()) {
        write(c, "s", now, 1, 1);
        c.commit();
      }
      Await.until(
          "the leader and the feed", Duration.ofSeconds(30), () -> leaderEngine.sums("s")[1] == 5);

      leader.close();
      assertThat(leader.isLeader()).isFalse();
      Await.until("the leader and the feed", Duration.ofSeconds(30), standby::isLeader);
      RecordingEngine standbyEngine = standby == first ? firstEngine : secondEngine;
      assertThat(standbyEngine.sums("s")).containsExactly(4, 5);
    } finally {
      first.close();
    }
  }
}
