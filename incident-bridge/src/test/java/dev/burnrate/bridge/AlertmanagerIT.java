package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.record.ListFilter;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.ChildProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (the Debian binary) notifies the bridge over its webhook; skipped without it.
 */
class AlertmanagerIT {
  static final Path BINARY =
      ChildProcess.binary("prometheus-alertmanager")
          .orElse(Path.of("/usr/bin/prometheus-alertmanager"));

  @TempDir Path dir;

  @Test
  void alertmanagerFiringAndResolvedNotifications_openAndResolveAnIncident() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
    Vertx vertx = Vertx.vertx();
    Process am = null;
    try (BridgeFixture fx = new BridgeFixture();
        IncidentBridge bridge = fx.bridge(BridgeSettings.defaults())) {
      Router router = Router.router(vertx);
      bridge.routes(vertx).mount(router);
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      int amPort = ChildProcess.freePort();
      Path config = dir.resolve("alertmanager.yml");
      Files.writeString(
          config,
          """
          route:
            receiver: burnrate
            group_by: [alertname]
            group_wait: 100ms
            group_interval: 1s
            repeat_interval: 1h
          receivers:
            - name: burnrate
              webhook_configs:
                - url: http://127.0.0.1:%d/api/v1/alerts/alertmanager
                  send_resolved: true
          """
              .formatted(server.actualPort()));
      am =
          new ProcessBuilder(
                  BINARY.toString(),
                  "--config.file=" + config,
                  "--storage.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + amPort,
                  "--cluster.listen-address=")
              .redirectErrorStream(true)
              .redirectOutput(new File("target", "alertmanager-it.log"))
              .start();
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + amPort);
      Await.until(
          "alertmanager to be ready",
          Duration.ofSeconds(20),
          () -> {
            try {
              return http.send(
                          HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
            } catch (Exception e) {
              return false;
            }
          });

      String alert =
          """
          [{"labels":{"alertname":"CheckoutErrors","service":"checkout","severity":"critical"},
            "annotations":{"summary":"checkout answers 5xx"},"startsAt":"%s"%s}]""";
      Instant start = Instant.now();
      post(http, base, alert.formatted(start, ""));
      Await.until(
          "an incident from alertmanager",
          Duration.ofSeconds(20),
          () -> incidents(bridge).size() == 1);
      JsonNode inc =
          Views.tree(
              bridge.parts().incidents().incident(incidents(bridge).get(0).path("key").asText()));
      assertThat(inc.path("source").asText()).isEqualTo("alertmanager");
      assertThat(inc.path("service").asText()).isEqualTo("checkout");
      assertThat(inc.path("priority").asText()).isEqualTo("P1");
      assertThat(inc.path("title").asText()).isEqualTo("checkout answers 5xx");

      post(http, base, alert.formatted(start, ",\"endsAt\":\"" + Instant.now() + "\""));
      Await.until(
          "alertmanager's resolved notification",
          Duration.ofSeconds(20),
          () ->
              Views.tree(bridge.parts().incidents().incident(inc.path("key").asText()))
                  .path("state")
                  .asText()
                  .equals("resolved"));
      server.close();
    } finally {
      if (am != null) {
        am.destroy();
        am.waitFor(10, TimeUnit.SECONDS);
      }
      vertx.close();
    }
  }

  static java.util.List<JsonNode> incidents(IncidentBridge bridge) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    Views.tree(
            bridge
                .parts()
                .incidents()
                .list(new ListFilter(null, "checkout", null, null, null, null, 10)))
        .path("items")
        .forEach(out::add);
    return out;
  }

  static void post(HttpClient http, URI base, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
