package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static JsonObject problem(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getInteger("status")).isEqualTo(r.statusCode());
    assertThat(p.getString("title")).isNotBlank();
    return p;
  }

  @Test
  void unknownRoute_isA404Problem() {
    HttpResponse<String> r = server.get("/api/v1/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(problem(r).getString("instance")).isEqualTo("/api/v1/nothing-here");
  }

  @Test
  void wrongMethod_isA405Problem() {
    HttpResponse<String> r = server.call("PUT", "/metrics", "{}", null);
    assertThat(r.statusCode()).isEqualTo(405);
    problem(r);
  }

  @Test
  void malformedJson_isA400Problem_namingTheBody() {
    HttpResponse<String> r =
        server.call("POST", "/api/v1/tokens", "{\"name\": ", TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(problem(r).getString("field")).isEqualTo("body");
  }

  @Test
  void bodyOverTheLimit_isA413Problem_namingTheLimit() {
    HttpResponse<String> r =
        server.send(
            server
                .request("/api/v1/tokens")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(17 * 1024 * 1024)))
                .build());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(problem(r).getString("limit")).isEqualTo("server.maxBodySize");
  }

  @Test
  void live_answersUp() {
    HttpResponse<String> r = server.get("/health/live");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("up");
  }

  @Test
  void ready_isOk_whenTheDatabaseAnswers() {
    HttpResponse<String> r = server.get("/health/ready");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonObject("checks").getString("database"))
        .isEqualTo("up");
  }

  @Test
  void openApi_isServedAsYaml() {
    HttpResponse<String> r = server.get("/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/yaml");
    assertThat(r.body()).startsWith("openapi: 3.1.0").contains("/api/v1/tokens");
  }
}
