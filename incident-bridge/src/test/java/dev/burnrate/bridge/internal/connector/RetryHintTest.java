package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.internal.connector.RetryHint.Form;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryHintTest {
  private static final Instant NOW = Instant.parse("2025-01-31T12:00:00Z");

  private static HttpHeaders headers(Map<String, String> h) {
    return HttpHeaders.of(
        h.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
        (a, b) -> true);
  }

  private static Optional<Duration> read(RetryHint h, String value) {
    return h.read(Optional.of(value), NOW);
  }

  @Test
  void retryAfter_readsDelaySeconds_andTheThreeHttpDateForms() {
    RetryHint h = RetryHint.retryAfter();
    assertThat(read(h, "120")).hasValue(Duration.ofSeconds(120));
    assertThat(read(h, " 7 ")).hasValue(Duration.ofSeconds(7));
    assertThat(read(h, "Fri, 31 Jan 2025 12:00:30 GMT")).hasValue(Duration.ofSeconds(30));
    assertThat(read(h, "Friday, 31-Jan-25 12:00:40 GMT")).hasValue(Duration.ofSeconds(40));
    assertThat(read(h, "Fri Jan 31 12:00:50 2025")).hasValue(Duration.ofSeconds(50));
    assertThat(read(h, "Fri, 31 Jan 2025 11:00:00 GMT")).hasValue(Duration.ZERO);
  }

  @Test
  void retryAfter_ignoresGarbage_soTheBackoffDecides() {
    RetryHint h = RetryHint.retryAfter();
    for (String bad :
        List.of("soon", "", "-5", "1.5", "12s", "0x10", "Fri, 31 Jan 2025 25:00:00 GMT", "∞")) {
      assertThat(read(h, bad)).as(bad).isEmpty();
    }
    assertThat(h.read(Optional.empty(), NOW)).isEmpty();
  }

  @Test
  void aResetHeader_readsItsOwnForm_only() {
    RetryHint date = RetryHint.reset("X-RateLimit-Reset", Form.HTTP_DATE);
    RetryHint epoch = RetryHint.reset("X-RateLimit-Reset", Form.EPOCH_SECONDS);
    RetryHint delta = RetryHint.reset("X-RateLimit-Reset", Form.DELTA_SECONDS);
    long at = NOW.getEpochSecond() + 42;

    assertThat(read(date, "Fri, 31 Jan 2025 12:01:00 GMT")).hasValue(Duration.ofSeconds(60));
    assertThat(read(date, "42")).isEmpty();
    assertThat(read(epoch, Long.toString(at))).hasValue(Duration.ofSeconds(42));
    assertThat(read(epoch, at + ".5")).hasValue(Duration.ofMillis(42_500));
    assertThat(read(epoch, Long.toString(NOW.getEpochSecond() - 10))).hasValue(Duration.ZERO);
    assertThat(read(epoch, "Fri, 31 Jan 2025 12:01:00 GMT")).isEmpty();
    assertThat(read(delta, "42")).hasValue(Duration.ofSeconds(42));
    assertThat(read(delta, "0.25")).hasValue(Duration.ofMillis(250));
    for (String bad : List.of("soon", "-1", "1e3", "", "12,5")) {
      assertThat(read(epoch, bad)).as(bad).isEmpty();
      assertThat(read(delta, bad)).as(bad).isEmpty();
    }
  }

  @Test
  void theFloorAndTheCap_boundTheWait() {
    RetryHint h =
        RetryHint.reset("X-RateLimit-Reset", Form.HTTP_DATE)
            .atLeast(Duration.ofSeconds(5))
            .atMost(Duration.ofMinutes(10));

    assertThat(read(h, "Fri, 31 Jan 2025 12:00:01 GMT")).hasValue(Duration.ofSeconds(5));
    assertThat(read(h, "Fri, 31 Jan 2025 11:59:00 GMT")).hasValue(Duration.ofSeconds(5));
    assertThat(read(h, "Fri, 31 Jan 2025 12:00:30 GMT")).hasValue(Duration.ofSeconds(30));
    assertThat(read(h, "Sat, 01 Feb 2025 12:00:00 GMT")).hasValue(Duration.ofMinutes(10));
    assertThat(read(h, "garbage")).isEmpty();
    assertThat(read(RetryHint.retryAfter(), "99999999999999999999999"))
        .hasValue(RetryHint.DEFAULT_CAP);
    assertThat(read(RetryHint.retryAfter(), "86400")).hasValue(RetryHint.DEFAULT_CAP);
  }

  @Test
  void aResetHeader_isReadOnA429Only_retryAfterOnEveryRetriedAnswer() {
    HttpHeaders h =
        headers(Map.of("X-RateLimit-Reset", "Fri, 31 Jan 2025 12:00:30 GMT", "Retry-After", "3"));
    RetryHint reset = RetryHint.reset("X-RateLimit-Reset", Form.HTTP_DATE);

    assertThat(reset.read(429, h, NOW)).hasValue(Duration.ofSeconds(30));
    assertThat(reset.read(503, h, NOW)).isEmpty();
    assertThat(RetryHint.retryAfter().read(503, h, NOW)).hasValue(Duration.ofSeconds(3));
  }

  @Test
  void badBounds_areRefused_namingThem() {
    assertThatThrownBy(
            () -> new RetryHint("X", Form.HTTP_DATE, Duration.ofSeconds(5), Duration.ZERO, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floor");
    assertThatThrownBy(() -> new RetryHint(" ", Form.HTTP_DATE, Duration.ZERO, Duration.ZERO, true))
        .hasMessageContaining("header");
  }

  @Test
  void http_readsItsHintsInOrder_theFirstThatParsesWinning() throws Exception {
    try (var server = new LocalServer(429, Map.of("X-RateLimit-Reset", "nonsense"))) {
      Http plain = new Http(Duration.ofSeconds(5));
      Http tdx =
          plain.withRetryHints(
              List.of(
                  RetryHint.retryAfter(),
                  RetryHint.reset("X-RateLimit-Reset", Form.HTTP_DATE)
                      .atLeast(Duration.ofSeconds(5))));
      Instant now = Instant.now();

      Http.Result garbage = tdx.send(tdx.request(server.uri()).GET().build(), now);
      assertThat(((Connector.Outcome.Retry) garbage.failure()).after()).isNull();

      server.headers =
          Map.of(
              "X-RateLimit-Reset",
              java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  now.plusSeconds(60).atOffset(java.time.ZoneOffset.UTC)));
      Http.Result reset = tdx.send(tdx.request(server.uri()).GET().build(), now);
      assertThat(((Connector.Outcome.Retry) reset.failure()).after())
          .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
      Http.Result ignored = plain.send(plain.request(server.uri()).GET().build(), now);
      assertThat(((Connector.Outcome.Retry) ignored.failure()).after()).isNull();

      server.headers = Map.of("Retry-After", "2", "X-RateLimit-Reset", "whatever");
      Http.Result both = tdx.send(tdx.request(server.uri()).GET().build(), now);
      assertThat(((Connector.Outcome.Retry) both.failure()).after())
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  /** A loopback server answering every request with one status and these headers. */
  private static final class LocalServer implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer server;
    volatile Map<String, String> headers;

    LocalServer(int status, Map<String, String> headers) throws java.io.IOException {
      this.headers = headers;
      server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          ex -> {
            try (ex) {
              this.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
              ex.sendResponseHeaders(status, -1);
            }
          });
      server.start();
    }

    java.net.URI uri() {
      return java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
