package dev.burnrate.api.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.burnrate.testsupport.Await;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficGeneratorIT {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private TrafficGenerator generator;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    receiver.createContext(
        "/api/v1/events",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            authHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            lines.addAll(body.lines().toList());
            exchange.sendResponseHeaders(202, -1);
          }
        });
    receiver.start();
    generator =
        TrafficGenerator.start(
            new TrafficGenerator.Settings(
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()),
                Optional.of("t0k3n"),
                List.of("checkout", "catalog"),
                200,
                "127.0.0.1",
                0,
                0.0),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    generator.close();
    receiver.stop(0);
  }

  @Test
  void healthyTraffic_postsEventsWithEveryField_andTheToken() {
    awaitLines(100);

    assertThat(lines)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("\"ts\":", "\"service\":", "\"route\":", "\"method\":")
                    .contains("\"status\":", "\"duration_ms\":"));
    assertThat(lines).noneMatch(l -> l.contains("\"status\":50"));
    assertThat(authHeaders).containsOnly("Bearer t0k3n");
  }

  @Test
  void failSwitch_makesOnlyThatServiceAnswerErrors_andRecoverHealsIt() throws Exception {
    HttpResponse<String> fail = post("/fail?service=checkout&errorRate=1.0");
    assertThat(fail.statusCode()).isEqualTo(200);
    assertThat(fail.body()).contains("\"checkout\":{\"failing\":true");
    // Batches built before the switch may still be in flight: wait for the first failing one.
    Await.until(
        "a failing event",
        Duration.ofSeconds(20),
        () -> lines.stream().anyMatch(l -> l.contains("\"status\":50")));
    lines.clear();
    awaitLines(200);

    List<String> checkout = lines.stream().filter(l -> l.contains("\"checkout\"")).toList();
    List<String> catalog = lines.stream().filter(l -> l.contains("\"catalog\"")).toList();
    assertThat(checkout).isNotEmpty().allMatch(l -> l.contains("\"status\":50"));
    assertThat(catalog).isNotEmpty().noneMatch(l -> l.contains("\"status\":50"));

    assertThat(post("/recover").body()).doesNotContain("\"failing\":true");
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("demo_requests_total{job=\"checkout\",outcome=\"error\"}");
  }

  @Test
  void failureSwitch_bindsLoopbackByDefault_andIsNotReachableOnOtherAddresses() throws Exception {
    TrafficGenerator.Settings settings =
        DemoCommands.trafficSettings(
            List.of("--target", "http://127.0.0.1:9", "--control-port", "0"), Map.of());
    assertThat(settings.controlHost()).isEqualTo("127.0.0.1");
    assertThat(DemoCommands.demoOptions(List.of()).controlHost()).isEqualTo("127.0.0.1");
    try (TrafficGenerator loopback = TrafficGenerator.start(settings, Clock.systemUTC())) {
      assertThat(loopback.controlAddress().getAddress().isLoopbackAddress()).isTrue();
      for (InetAddress other : nonLoopbackAddresses()) {
        assertThatThrownBy(() -> new Socket(other, loopback.controlPort()).close())
            .as("the switch on %s", other)
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void failureSwitch_bindsAllInterfaces_whenToldTo() throws Exception {
    TrafficGenerator.Settings settings =
        DemoCommands.trafficSettings(
            List.of("--target", "http://127.0.0.1:9", "--control-port=0", "--control-host=0.0.0.0"),
            Map.of());
    try (TrafficGenerator everywhere = TrafficGenerator.start(settings, Clock.systemUTC())) {
      assertThat(everywhere.controlAddress().getAddress().isAnyLocalAddress()).isTrue();
      for (InetAddress other : nonLoopbackAddresses()) {
        new Socket(other, everywhere.controlPort()).close();
      }
    }
  }

  /** This machine's IPv4 addresses other than loopback (none on a machine without a network). */
  private static List<InetAddress> nonLoopbackAddresses() throws Exception {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .toList();
  }

  @Test
  void badControlRequest_getsA400NamingTheProblem() throws Exception {
    HttpResponse<String> unknown = post("/fail?service=nope");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown service nope");
    assertThat(post("/fail").body()).contains("query parameter service is required");
    assertThat(get("/fail").statusCode()).isEqualTo(400);
  }

  private HttpResponse<String> post(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(control(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(control(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI control(String path) {
    return URI.create("http://127.0.0.1:" + generator.controlPort() + path);
  }

  private void awaitLines(int n) {
    Await.until(n + " events", Duration.ofSeconds(20), () -> lines.size() >= n);
  }
}
