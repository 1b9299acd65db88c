package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.slo.SloFixtures;
import dev.burnrate.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthIT {

  @Test
  void ready_turns503_withTheReason_whenTheDatabaseIsGone() {
    // A short connection timeout: a gone database shows at once, and shutdown does not wait.
    try (TestServer server =
        TestServer.start(Map.of("BURNRATE_DATABASE_CONNECTION_TIMEOUT", "500ms"))) {
      assertThat(server.get("/health/ready").statusCode()).isEqualTo(200);

      server.database().close(); // drops the database, ending every connection

      HttpResponse<String> r = server.get("/health/ready");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      JsonObject p = new JsonObject(r.body());
      assertThat(p.getString("title")).isEqualTo("Not ready");
      assertThat(p.getString("detail")).startsWith("database: ");
      assertThat(p.getJsonObject("checks").getString("database")).startsWith("down: ");
      // Liveness does not depend on the database.
      assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void ready_staysReady_andNamesTheSloWhoseBucketTheEngineCannotAddUp(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    Files.writeString(dir.resolve("search.yaml"), SloFixtures.SEARCH);
    try (TestServer server =
        TestServer.start(Map.of("BURNRATE_SLOS", dir.toString(), "BURNRATE_SLOS_WATCH", "false"))) {
      long minute = Instant.now().minusSeconds(120).toEpochMilli() / 60_000 * 60_000;
      // What counter values 0, 1.7e308, 0, 1.7e308 made of a bucket before ingest refused them.
      insertRow(server, SloFixtures.CHECKOUT_SLO, minute, Double.POSITIVE_INFINITY);
      insertRow(server, "search-availability", minute, 10);

      JsonObject engine =
          Await.until(
              "the readiness report to name the skipped SLO",
              Duration.ofSeconds(30),
              () -> {
                JsonObject e =
                    new JsonObject(server.get("/health/ready").body()).getJsonObject("engine");
                return e != null && !e.getJsonArray("skippedRows", new JsonArray()).isEmpty()
                    ? Optional.of(e)
                    : Optional.empty();
              });
      HttpResponse<String> ready = server.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(engine.getString("feed")).isEqualTo("degraded");
      JsonObject skipped = engine.getJsonArray("skippedRows").getJsonObject(0);
      assertThat(skipped.getString("slo")).isEqualTo(SloFixtures.CHECKOUT_SLO);
      assertThat(skipped.getLong("rows")).isPositive();
      assertThat(skipped.getString("detail")).contains(SloFixtures.CHECKOUT_SLO);

      // The other SLO is fed and evaluated all the same.
      Await.until(
          "search-availability to count its 10 requests",
          Duration.ofSeconds(30),
          () -> {
            HttpResponse<String> r = server.get("/api/v1/slos/search-availability");
            return r.statusCode() == 200
                    && Double.valueOf(10)
                        .equals(new JsonObject(r.body()).getJsonObject("sli").getDouble("total"))
                ? Optional.of(true)
                : Optional.empty();
          });
      Await.until(
          "the skipped-rows counter on /metrics",
          Duration.ofSeconds(30),
          () ->
              server
                      .get("/metrics")
                      .body()
                      .contains(
                          "burnrate_engine_feed_skipped_rows_total{slo=\""
                              + SloFixtures.CHECKOUT_SLO
                              + "\"}")
                  ? Optional.of(true)
                  : Optional.empty());
    }
  }

  /** A bucket row and its change row with this total (and no bad events), written directly. */
  private static void insertRow(TestServer server, String slo, long startMs, double total)
      throws Exception {
    OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC);
    try (Connection c = server.database().connect()) {
      for (String table : List.of("sli_buckets", "sli_changes")) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (slo, bucket_start, good, bad, total)"
                    + " VALUES (?, ?, 0, 0, ?)")) {
          ps.setString(1, slo);
          ps.setObject(2, start);
          ps.setDouble(3, total);
          ps.executeUpdate();
        }
      }
    }
  }
}
