package dev.burnrate.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.engine.EngineSettings;
import dev.burnrate.slo.engine.SloEngine;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The instances of a grouped SLO come back from the store when an engine is rebuilt (a restart), up
 * to the engine's limit, with the groups beyond it counted.
 */
class GroupedFeedIT {
  private static final List<String> GROUPING = List.of("route");

  @Test
  void aRebuiltEngine_readsEveryInstanceFromTheStore_upToItsLimit() throws Exception {
    Clock clock = Clock.systemUTC();
    // An underscore, which LIKE would read as any character, and a neighbour it must not match.
    SloSpec routes =
        Slos.badOverTotal("checkout_routes", Duration.ofDays(30)).withGrouping(GROUPING);
    SloSpec neighbour = Slos.badOverTotal("checkoutxroutes", Duration.ofDays(30));
    String pay = SloGroups.instanceName(routes.name(), GROUPING, List.of("/pay"));
    String cart = SloGroups.instanceName(routes.name(), GROUPING, List.of("/cart"));
    LeaderSettings fast =
        LeaderSettings.builder()
            .pollInterval(Duration.ofMillis(50))
            .retryInterval(Duration.ofMillis(100))
            .build();
    long t = clock.millis() / 60_000 * 60_000 - 120_000;
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(3).build())) {
      writeRow(db, routes.name(), t, 7, 150);
      writeRow(db, pay, t, 5, 100);
      writeRow(db, cart, t, 2, 50);
      writeRow(db, "checkoutxroutes{route=\"/pay\"}", t, 1, 1000);

      SloEngine engine = SloEngine.create(clock);
      try (EngineLeader leader =
          EngineLeader.start(database, engine, List.of(routes, neighbour), clock, fast)) {
        Await.until("this instance to lead", Duration.ofSeconds(30), leader::isLeader);
        awaitStatus(engine, routes.name(), 150);
        awaitStatus(engine, pay, 100);
        awaitStatus(engine, cart, 50);
        assertThat(engine.status(pay).orElseThrow().sli().good()).isEqualTo(95);
        assertThat(engine.groups(neighbour.name())).isEmpty();
        assertThat(engine.status("checkoutxroutes{route=\"/pay\"}")).isEmpty();
      }

      // A restart with a limit of one group: the first by name comes back, the other is counted.
      SloEngine limited =
          SloEngine.create(clock, EngineSettings.builder().maxGroupsPerSlo(1).build());
      try (EngineLeader leader =
          EngineLeader.start(database, limited, List.of(routes, neighbour), clock, fast)) {
        Await.until("this instance to lead", Duration.ofSeconds(30), leader::isLeader);
        awaitStatus(limited, cart, 50);
        assertThat(limited.groups(routes.name())).extracting(SloSpec::name).containsExactly(cart);
        assertThat(limited.status(pay)).isEmpty();
        assertThat(limited.groupsOverLimit(routes.name())).isPositive();
      }
    }
  }

  /** Writes a bucket row and its change row directly, as a writer transaction would. */
  private static void writeRow(TestDatabase db, String slo, long startMs, double bad, double total)
      throws java.sql.SQLException {
    OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC);
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (String sql :
          List.of(
              "INSERT INTO sli_buckets (slo, bucket_start, good, bad, total) VALUES (?, ?, 0, ?, ?)",
              "INSERT INTO sli_changes (slo, bucket_start, good, bad, total)"
                  + " VALUES (?, ?, 0, ?, ?)")) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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

  private static void awaitStatus(SloEngine engine, String slo, double total) {
    Await.until(
        "the engine to see " + total + " events of " + slo,
        Duration.ofSeconds(30),
        () -> {
          engine.evaluate();
          double seen = engine.status(slo).map(s -> s.sli().total()).orElse(-1.0);
          return seen == total ? Optional.of(true) : Optional.empty();
        },
        () -> "last seen: " + engine.status(slo).map(s -> s.sli().total()).orElse(-1.0));
  }
}
