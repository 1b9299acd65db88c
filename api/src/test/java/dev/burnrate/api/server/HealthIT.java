package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
