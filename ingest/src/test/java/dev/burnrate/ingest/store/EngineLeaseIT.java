package dev.burnrate.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances' engine feeds and the leader lease on one database. */
class EngineLeaseIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestDatabase db;
  private Database database;
  private final List<dev.burnrate.slo.definition.SloSpec> slos =
      List.of(Slos.goodOverTotal("s", Duration.ofDays(30)));
  private final LeaderSettings settings =
      LeaderSettings.builder()
          .pollInterval(Duration.ofMillis(50))
          .retryInterval(Duration.ofMillis(200))
          .leaseTimeout(Duration.ofSeconds(1))
          .build();

  @BeforeEach
  void start() {
    db = TestDatabase.create();
    database = Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(6).build());
  }

  @AfterEach
  void stop() {
    database.close();
    db.close();
  }

  @Test
  void everyInstanceFeedsItsEngine_andExactlyOneLeads() throws Exception {
    RecordingEngine first = new RecordingEngine();
    RecordingEngine second = new RecordingEngine();
    try (EngineLeader a = start(first, "a");
        EngineLeader b = start(second, "b")) {
      write(3, 4);
      Await.until(
          "both engines fed", WAIT, () -> first.sums("s")[1] == 4 && second.sums("s")[1] == 4);
      Await.until("one leader", WAIT, () -> a.isLeader() ^ b.isLeader());
      assertThat(a.isCurrent()).isTrue();
      assertThat(b.isCurrent()).isTrue();
      assertThat(a.lag()).get().matches(l -> l.compareTo(WAIT) < 0);
      Await.until(
          "both instances in engine_instances",
          WAIT,
          () ->
              instances(a).size() == 2
                  && instances(a).stream().filter(i -> i.leads()).count() == 1);
      EngineInstance leading =
          instances(a).stream().filter(EngineInstance::leads).findFirst().get();
      assertThat(leading.id()).isEqualTo(a.isLeader() ? "a" : "b");
      assertThat(instances(b)).allSatisfy(i -> assertThat(i.lag()).isPresent());
    }
  }

  @Test
  void aRebuild_tellsTheFedListeners_thatEverySloChanged() throws Exception {
    RecordingEngine engine = new RecordingEngine();
    java.util.Set<String> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (EngineLeader a = start(engine, "a")) {
      a.onFed(heard::addAll);
      Await.until("the first rebuild", WAIT, a::isCurrent);
      heard.clear();

      // A reload: the statuses of the refilled SLOs are stale until they are evaluated again.
      a.updateSlos(List.of(slos.get(0), Slos.goodOverTotal("t", Duration.ofDays(30))));

      Await.until("the listeners to hear of both SLOs", WAIT, () -> heard.size() == 2);
      assertThat(heard).containsExactlyInAnyOrder("s", "t");
    }
  }

  @Test
  void whenTheLeadersSessionIsCut_theStandbyLeads_andTheOldLeaderStandsBy() throws Exception {
    RecordingEngine first = new RecordingEngine();
    RecordingEngine second = new RecordingEngine();
    try (EngineLeader a = start(first, "a");
        EngineLeader b = start(second, "b")) {
      Await.until("one leader", WAIT, () -> a.isLeader() ^ b.isLeader());
      EngineLeader leader = a.isLeader() ? a : b;
      EngineLeader standby = leader == a ? b : a;

      // As a lost network or a server-side kill does: the session holding the lock ends.
      assertThat(terminateLockSession()).isEqualTo(1);

      Await.until("the standby to lead", WAIT, standby::isLeader);
      Await.until("the old leader to stand by", WAIT, () -> !leader.isLeader());
      write(1, 1);
      Await.until(
          "both engines fed after the change",
          WAIT,
          () -> first.sums("s")[1] == 1 && second.sums("s")[1] == 1);
      assertThat(leader.isLeader()).isFalse();
      assertThat(standby.isLeader()).isTrue();
    }
  }

  @Test
  void aLeaderThatStopsRenewing_losesTheLockAfterTheLease() throws Exception {
    // A session that took the lock like a leader and then goes silent, like a frozen process.
    try (Connection frozen = db.connect()) {
      try (var st = frozen.createStatement()) {
        st.execute("SET idle_in_transaction_session_timeout = 1000");
      }
      frozen.setAutoCommit(false);
      try (PreparedStatement ps = frozen.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
        ps.setLong(1, settings.lockKey());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getBoolean(1)).isTrue();
        }
      }
      try (EngineLeader a = start(new RecordingEngine(), "a")) {
        long tried = a.lockAttempts();
        Await.until("a try while the frozen one holds it", WAIT, () -> a.lockAttempts() > tried);
        Await.until("the lead once the lease ran out", WAIT, a::isLeader);
      }
    }
  }

  private EngineLeader start(RecordingEngine engine, String id) {
    return EngineLeader.start(
        database, engine, slos, Clock.systemUTC(), settings.toBuilder().instanceId(id).build());
  }

  private static List<EngineInstance> instances(EngineLeader l) {
    try {
      return l.instances(Duration.ofMinutes(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int terminateLockSession() throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND l.database = (SELECT oid FROM pg_database WHERE datname ="
                    + " current_database())")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void write(double good, double total) throws SQLException {
    OffsetDateTime start =
        OffsetDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC)
            .withSecond(0)
            .withNano(0);
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sli_buckets AS b (slo, bucket_start, good, bad, total)"
                  + " VALUES ('s', ?, ?, 0, ?) ON CONFLICT (slo, bucket_start) DO UPDATE"
                  + " SET good = b.good + excluded.good, total = b.total + excluded.total")) {
        ps.setObject(1, start);
        ps.setDouble(2, good);
        ps.setDouble(3, total);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sli_changes (slo, bucket_start, good, bad, total)"
                  + " VALUES ('s', ?, ?, 0, ?)")) {
        ps.setObject(1, start);
        ps.setDouble(2, good);
        ps.setDouble(3, total);
        ps.executeUpdate();
      }
      c.commit();
    }
  }
}
