package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.burnrate.testsupport.Await;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool (or a proxy) that echoes the request must not put the connector's credentials on show. */
class OutboxRedactionIT {

  @Test
  void anEchoedAuthorizationHeader_isMaskedInTheOutbox() throws Exception {
    HttpServer echo =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext(
        "/",
        ex -> {
          byte[] body =
              ("{\"error\":\"bad gateway\",\"echo\":{\"authorization\":\""
                      + ex.getRequestHeaders().getFirst("Authorization")
                      + "\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(502, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    echo.start();
    String basic =
        Base64.getEncoder()
            .encodeToString("bot@example.com:jira-s3cret".getBytes(StandardCharsets.UTF_8));
    try (BridgeFixture fx = new BridgeFixture();
        IncidentBridge bridge =
            fx.bridge(
                BridgeSettings.defaults()
                    .withConnectors(
                        List.of(
                            ConnectorSettings.of(
                                "jira",
                                "jira",
                                URI.create("http://127.0.0.1:" + echo.getAddress().getPort()),
                                Map.of(
                                    "user",
                                    "bot@example.com",
                                    "token",
                                    "jira-s3cret",
                                    "project",
                                    "OPS"),
                                Match.all())))
                    .withOutbox(DeliveryIT.fastOutbox()))) {
      bridge.start();
      bridge.accept(fx.page1h(FIRING, "checkout-availability", "checkout"));
      Await.until(
          "an attempt the echo answered (on a loaded machine an earlier one may time out)",
          Duration.ofSeconds(60),
          () ->
              fx.count("SELECT count(*) FROM bridge_outbox WHERE last_error LIKE '%answered 502%'")
                  > 0);

      var items = bridge.parts().outbox().list("pending", null, 10).items();
      assertThat(items).isNotEmpty();
      String lastError = items.get(0).lastError();
      assertThat(lastError).contains("answered 502").contains("Basic ***");
      assertThat(lastError).doesNotContain(basic).doesNotContain("jira-s3cret");
    } finally {
      echo.stop(0);
    }
  }
}
