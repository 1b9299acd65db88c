package dev.burnrate.api.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A shop's request counters served on loopback in the Prometheus text format, for a real Prometheus
 * to scrape: every scrape counts {@link #REQUESTS_PER_SCRAPE} more requests, of which the current
 * share fail with a 500.
 */
final class ShopMetrics implements AutoCloseable {
  /** Requests counted between two scrapes. */
  static final int REQUESTS_PER_SCRAPE = 10;

  private final HttpServer server;
  private long ok;
  private long failed;
  private int failingPerScrape;
  private long scrapes;

  private ShopMetrics(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code /metrics} on a free loopback port, with no failing requests yet. */
  static ShopMetrics start() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ShopMetrics metrics = new ShopMetrics(http);
      http.createContext(
          "/metrics",
          exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      http.start();
      return metrics;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scrape target, host:port. */
  String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** From the next scrape on, this many of every {@link #REQUESTS_PER_SCRAPE} requests fail. */
  synchronized void failing(int perScrape) {
    if (perScrape < 0 || perScrape > REQUESTS_PER_SCRAPE) {
      throw new IllegalArgumentException(
          "perScrape must be 0.." + REQUESTS_PER_SCRAPE + ", got " + perScrape);
    }
    failingPerScrape = perScrape;
  }

  /** How often Prometheus has scraped so far. */
  synchronized long scrapes() {
    return scrapes;
  }

  /**
   * Counts the requests since the last scrape and renders both series; the 500 series is there from
   * the first scrape, so that Prometheus's first sample of it is a baseline of 0.
   */
  private synchronized String scrape() {
    if (scrapes > 0) {
      failed += failingPerScrape;
      ok += REQUESTS_PER_SCRAPE - failingPerScrape;
    }
    scrapes++;
    return "# HELP demo_http_requests_total Requests the shop served, by status code.\n"
        + "# TYPE demo_http_requests_total counter\n"
        + "demo_http_requests_total{code=\"200\"} "
        + ok
        + "\n"
        + "demo_http_requests_total{code=\"500\"} "
        + failed
        + "\n";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
