package dev.burnrate.ingest.store;

import static dev.burnrate.ingest.store.Samples.at;
import static dev.burnrate.ingest.store.Samples.bad;
import static dev.burnrate.ingest.store.Samples.batch;
import static dev.burnrate.ingest.store.Samples.cumulative;
import static dev.burnrate.ingest.store.Samples.delta;
import static dev.burnrate.ingest.store.Samples.total;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.slo.engine.SloStatus;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The store feeding the real engine: what is committed is what the engine evaluates. */
class RealEngineFeedIT {

  private static SloStatus evaluatedStatus(SloEngine engine, String slo) {
    engine.evaluate();
    return engine.status(slo).orElseThrow();
  }

  @Test
  void committedIncreases_reachTheEngine_beforeAndAfterARestartOfTheLeader() throws Exception {
    Clock clock = Clock.systemUTC();
    SloSpec errors = Slos.badOverTotal("checkout-errors", Duration.ofDays(30));
    LeaderSettings fast =
        LeaderSettings.builder()
            .pollInterval(Duration.ofMillis(50))
            .retryInterval(Duration.ofMillis(100))
            .build();
    long t = clock.millis() - 120_000;
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(3).build());
        BucketWriter writer =
            BucketWriter.start(database.dataSource(), WriterSettings.defaults(), clock)) {
      writer
          .submit(
              batch(
                  cumulative(
                      "requests", List.of(total(errors.name())), at(t, t + 60_000), 1000, 1400),
                  delta("failures", List.of(bad(errors.name())), at(t + 60_000), 4)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      SloEngine engine = SloEngine.create(clock);
      try (EngineLeader leader =
          EngineLeader.start(database, engine, List.of(errors), clock, fast)) {
        awaitLeader(leader);
        awaitStatus(engine, errors.name(), 400);
        SloStatus.SliValue sli = evaluatedStatus(engine, errors.name()).sli();
        assertThat(sli.good()).isEqualTo(396);
        assertThat(sli.total()).isEqualTo(400);

        writer
            .submit(
                batch(cumulative("requests", List.of(total(errors.name())), at(t + 90_000), 1500)))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        awaitStatus(engine, errors.name(), 500);
      }

      SloEngine restarted = SloEngine.create(clock);
      try (EngineLeader leader =
          EngineLeader.start(database, restarted, List.of(errors), clock, fast)) {
        awaitLeader(leader);
        awaitStatus(restarted, errors.name(), 500);
        assertThat(evaluatedStatus(restarted, errors.name()).sli().good()).isEqualTo(496);
      }
    }
  }

  @Test
  void aBucketThatCannotBeAddedUp_isSkippedAndCounted_andEveryOtherSloIsStillFed()
      throws Exception {
    Clock clock = Clock.systemUTC();
    SloSpec poisoned = Slos.badOverTotal("poisoned", Duration.ofDays(30));
    SloSpec healthy = Slos.badOverTotal("healthy", Duration.ofDays(30));
    LeaderSettings fast =
        LeaderSettings.builder()
            .pollInterval(Duration.ofMillis(50))
            .retryInterval(Duration.ofMillis(100))
            .build();
    long t = clock.millis() / 60_000 * 60_000 - 120_000;
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(3).build())) {
      // What 0, 1.7e308, 0, 1.7e308 made of a bucket before ingest refused such values.
      writeRow(db, "poisoned", t, 0, Double.POSITIVE_INFINITY);
      writeRow(db, "healthy", t, 1, 100);
      SloEngine engine = SloEngine.create(clock);
      try (EngineLeader leader =
          EngineLeader.start(database, engine, List.of(poisoned, healthy), clock, fast)) {
        awaitLeader(leader);
        awaitStatus(engine, "healthy", 100);
        assertThat(leader.skippedRows()).containsEntry("poisoned", 1L);

        // While tailing: a change row that cannot be added up, then good rows of both SLOs.
        writeRow(db, "poisoned", t + 60_000, Double.NaN, 1.7e308);
        writeRow(db, "healthy", t + 60_000, 0, 50);
        writeRow(db, "poisoned", t + 60_000, 0, 7);
        awaitStatus(engine, "healthy", 150);
        awaitStatus(engine, "poisoned", 7);
        assertThat(leader.isCurrent()).isTrue();
        assertThat(leader.skippedRows().get("poisoned")).isGreaterThanOrEqualTo(2L);
        assertThat(leader.skippedRows()).containsEntry("healthy", 0L);
      }
    }
  }

  /** Writes a bucket row and its change row directly, as a writer transaction would. */
  private static void writeRow(TestDatabase db, String slo, long startMs, double bad, double total)
      throws java.sql.SQLException {
    java.time.OffsetDateTime start =
        java.time.OffsetDateTime.ofInstant(
            java.time.Instant.ofEpochMilli(startMs), java.time.ZoneOffset.UTC);
    try (java.sql.Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (String sql :
          List.of(
              "INSERT INTO sli_buckets AS b (slo, bucket_start, good, bad, total)"
                  + " VALUES (?, ?, 0, ?, ?) ON CONFLICT (slo, bucket_start) DO UPDATE"
                  + " SET bad = b.bad + excluded.bad, total = b.total + excluded.total",
              "INSERT INTO sli_changes (slo, bucket_start, good, bad, total)"
                  + " VALUES (?, ?, 0, ?, ?)")) {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, slo);
          ps.setObject(2, start);
          ps.setDouble(3, bad);
          ps.setDouble(4, total);
          ps.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static void awaitLeader(EngineLeader leader) {
    Await.until("this instance to lead", Duration.ofSeconds(30), leader::isLeader);
  }

  private static void awaitStatus(SloEngine engine, String slo, double total) {
    AtomicReference<Double> seen = new AtomicReference<>();
    Await.until(
        "the engine to see " + total + " events of " + slo,
        Duration.ofSeconds(30),
        () -> {
          engine.evaluate();
          // No status until the leader has loaded the SLOs into the engine.
          seen.set(engine.status(slo).map(s -> s.sli().total()).orElse(-1.0));
          return seen.get() == total ? Optional.of(true) : Optional.empty();
        },
        () -> "last seen: " + seen.get());
  }
}
