package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.slo.SloFixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ingest} section of the configuration reaches the running server's store and routes.
 */
class IngestSettingsIT {
  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    Path config = dir.resolve("burnrate.yaml");
    Files.writeString(
        config,
        """
        ingest:
          lateness: 5m
          limits:
            maxEventsPerRequest: 3
        """);
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", dir.resolve("checkout.yaml").toString(),
                "BURNRATE_ENGINE_TICK_INTERVAL", "1h",
                "BURNRATE_SLOS_WATCH", "false"),
            Optional.of(config));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String checkoutEvent(Instant at) {
    return new JsonObject()
            .put("ts", at.toEpochMilli())
            .put("service", "checkout")
            .put("route", "/pay")
            .put("method", "POST")
            .put("status", 200)
            .put("duration_ms", 12.5)
            .encode()
        + "\n";
  }

  static HttpResponse<String> postEvents(String ndjson) {
    return server.send(
        server
            .request("/api/v1/events")
            .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(ndjson))
            .build());
  }

  @Test
  void eventOlderThanTheConfiguredLateness_isTooLate_whileARecentOneIsApplied() {
    // Ten minutes is within the default lateness of an hour, but not within the configured 5m.
    HttpResponse<String> old =
        postEvents(checkoutEvent(Instant.now().minus(Duration.ofMinutes(10))));
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    JsonObject tooLate = new JsonObject(old.body());
    assertThat(tooLate.getLong("matchedSamples")).isEqualTo(1);
    assertThat(tooLate.getLong("tooLate")).isEqualTo(1);
    assertThat(tooLate.getLong("applied")).isZero();

    HttpResponse<String> recent =
        postEvents(checkoutEvent(Instant.now().minus(Duration.ofMinutes(2))));
    assertThat(recent.statusCode()).as(recent.body()).isEqualTo(200);
    JsonObject applied = new JsonObject(recent.body());
    assertThat(applied.getLong("tooLate")).isZero();
    assertThat(applied.getLong("applied")).isEqualTo(1);
  }

  @Test
  void requestOverTheConfiguredEventLimit_isA413NamingTheLimit() {
    Instant now = Instant.now();
    HttpResponse<String> r =
        postEvents(
            checkoutEvent(now) + checkoutEvent(now) + checkoutEvent(now) + checkoutEvent(now));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    JsonObject problem = ServerIT.problem(r);
    assertThat(problem.getString("limit")).isEqualTo("maxEventsPerRequest");
    assertThat(problem.getLong("max")).isEqualTo(3);
  }
}
