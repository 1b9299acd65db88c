package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.slo.SloFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency keys belong to the token and endpoint that used them, and to one body. */
class IdempotencyKeyIT {

  private static String token(TestServer server, String name) {
    HttpResponse<String> r =
        server.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject()
                .put("name", name)
                .put("scopes", new JsonArray().add("ingest"))
                .encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  private static String events(int n) {
    long ts = Instant.now().minusSeconds(60).toEpochMilli();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(
              new JsonObject()
                  .put("ts", ts)
                  .put("service", "checkout")
                  .put("route", "/pay")
                  .put("method", "POST")
                  .put("status", 200)
                  .put("duration_ms", 5)
                  .encode())
          .append('\n');
    }
    return sb.toString();
  }

  private static HttpResponse<String> post(
      TestServer server, String token, String key, String body) {
    return server.send(
        server
            .request("/api/v1/events")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/x-ndjson")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @Test
  void aKeyIsScopedByToken_andComingBackWithAnotherBody_isRefusedWith422(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    try (TestServer server =
        TestServer.start(Map.of("BURNRATE_SLOS", dir.toString(), "BURNRATE_SLOS_WATCH", "false"))) {
      String alice = token(server, "alice");
      String bob = token(server, "bob");
      String three = events(3);

      HttpResponse<String> first = post(server, alice, "batch-1", three);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(new JsonObject(first.body()).getLong("applied")).isPositive();

      // The same key and body from the same token: a retry, counted once.
      HttpResponse<String> retry = post(server, alice, "batch-1", three);
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
      assertThat(new JsonObject(retry.body()).getLong("applied")).isZero();
      assertThat(new JsonObject(retry.body()).getLong("duplicates")).isPositive();

      // The same key with another body: refused, naming the header; nothing applied.
      HttpResponse<String> other = post(server, alice, "batch-1", events(5));
      assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
      assertThat(other.headers().firstValue("Content-Type")).contains("application/problem+json");
      JsonObject problem = new JsonObject(other.body());
      assertThat(problem.getString("field")).isEqualTo("Idempotency-Key");
      assertThat(problem.getString("detail")).contains("batch-1");

      // Another token with the same key is another batch: its events count.
      HttpResponse<String> bobs = post(server, bob, "batch-1", three);
      assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(200);
      assertThat(new JsonObject(bobs.body()).getLong("applied")).isPositive();
      assertThat(new JsonObject(bobs.body()).getLong("duplicates")).isZero();
    }
  }
}
