package dev.burnrate.bench.cluster;

import com.sun.net.httpserver.HttpServer;
import dev.burnrate.bench.JarServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Burn-to-incident and burn-to-delivery latency of the runnable jar at many SLOs with ingest
 * running: the time from the acknowledgement of the events that tip an SLO into burning to the
 * commit of its incident, and to the first delivery attempt reaching a webhook receiver.
 *
 * <p>Starts {@code burnrate.jar serve} with default engine and bridge settings (a webhook connector
 * pointing at this process), on a fresh database; sends good events for every SLO in the
 * background; then, one SLO at a time, a batch of failed requests, and measures. The incident's
 * commit is observed by polling {@code bridge_incident} every 5 ms, so that figure is an upper
 * bound by up to one poll; the delivery is timed when the request arrives.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.burnrate.bench.cluster.BurnLatency JAR
 * ADMIN_JDBC_URL [slos] [burns] [events per second]}.
 */
public final class BurnLatency {
  private static final String ADMIN_TOKEN = "burn-latency-admin-token-0123456789";
  private static final int BATCH = 1_000;

  private BurnLatency() {}

  /** Runs the benchmark and prints the latencies. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    String adminUrl = args[1];
    int slos = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int burns = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    int eventsPerSecond = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;

    String dbName = "burn_latency_" + System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + dbName);
    }
    String dbUrl = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + dbName + "$1");

    Map<String, Long> firstDelivery = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          long at = System.nanoTime();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int i = body.indexOf("\"slo\":\"");
          if (i >= 0) {
            String slo = body.substring(i + 7, body.indexOf('"', i + 7));
            firstDelivery.putIfAbsent(slo, at);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();

    Path work = Files.createTempDirectory("burnrate-burn-latency");
    Path sloDir = Files.createDirectories(work.resolve("slos"));
    for (int f = 0; f * 100 < slos; f++) {
      StringBuilder y =
          new StringBuilder("version: \"prometheus/v1\"\nservice: \"b" + f + "\"\nslos:\n");
      for (int s = f * 100; s < Math.min(slos, (f + 1) * 100); s++) {
        y.append("  - name: \"s")
            .append(s)
            .append("\"\n    objective: 99.9\n    sli:\n      events:\n")
            .append(
                "        error_query: sum(rate(http_server_request_duration_seconds_count{job=\"s")
            .append(s)
            .append("\",http_response_status_code=~\"5..\"}[{{.window}}]))\n")
            .append(
                "        total_query: sum(rate(http_server_request_duration_seconds_count{job=\"s")
            .append(s)
            .append("\"}[{{.window}}]))\n    alerting:\n      name: S")
            .append(s)
            .append("\n");
      }
      Files.writeString(sloDir.resolve("b" + f + ".yaml"), y.toString());
    }
    Path config = work.resolve("burnrate.yaml");
    Files.writeString(
        config,
        "bridge:\n  connectors:\n    - name: hook\n      type: webhook\n      url: http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/hook\n      secret: burn-latency-secret\n");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBin,
            "-Xmx1g",
            "-jar",
            jar.toString(),
            "serve",
            "--config",
            config.toString(),
            "--slos",
            sloDir.toString(),
            "--port",
            Integer.toString(port));
    pb.environment().put("BURNRATE_DB_URL", dbUrl);
    pb.environment().put("BURNRATE_ADMIN_TOKEN", ADMIN_TOKEN);
    pb.environment().put("BURNRATE_SERVER_HOST", "127.0.0.1");
    pb.environment().put("BURNRATE_SLOS_WATCH", "false");
    pb.redirectErrorStream(true).redirectOutput(work.resolve("burnrate.log").toFile());
    Process server = pb.start();
    String base = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newHttpClient();
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      long readyBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!JarServer.ready(http, base)) {
        if (!server.isAlive() || System.nanoTime() > readyBy) {
          throw new IllegalStateException("server did not become ready; see " + work);
        }
        Thread.sleep(200);
      }
      String token = JarServer.ingestToken(http, base, ADMIN_TOKEN);
      System.out.printf(
          Locale.ROOT,
          "SLOs: %d, burns: %d, background ingest: %d events/s in batches of %d%n",
          slos,
          burns,
          eventsPerSecond,
          BATCH);

      // Background ingest: good requests for every SLO in turn, at the given rate.
      AtomicLong sent = new AtomicLong();
      Thread background =
          Thread.ofPlatform()
              .name("background-ingest")
              .start(
                  () -> {
                    long next = System.nanoTime();
                    long period = TimeUnit.SECONDS.toNanos(1) * BATCH / eventsPerSecond;
                    int cursor = 0;
                    while (running.get()) {
                      StringBuilder b = new StringBuilder();
                      for (int n = 0; n < BATCH; n++) {
                        event(b, "s" + cursor, 200);
                        cursor = (cursor + 1) % slos;
                      }
                      try {
                        post(http, base, token, b.toString());
                        sent.addAndGet(BATCH);
                      } catch (Exception e) {
                        System.out.println("background batch failed: " + e);
                      }
                      next += period;
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      } else {
                        next = System.nanoTime();
                      }
                    }
                  });
      // Let every SLO receive data once and the first full ticks pass.
      Thread.sleep(Math.max(15_000, 1_000L * slos / eventsPerSecond * 2));

      long[] toIncident = new long[burns];
      long[] toDelivery = new long[burns];
      try (Connection db = DriverManager.getConnection(dbUrl);
          PreparedStatement ps =
              db.prepareStatement("SELECT 1 FROM bridge_incident WHERE slo = ?")) {
        for (int k = 0; k < burns; k++) {
          int s = (int) ((k * 7_919L) % slos);
          String slo = "b" + (s / 100) + "-s" + s;
          StringBuilder b = new StringBuilder();
          for (int n = 0; n < 200; n++) {
            event(b, "s" + s, 500);
          }
          post(http, base, token, b.toString());
          long acked = System.nanoTime();
          ps.setString(1, slo);
          long deadline = acked + TimeUnit.SECONDS.toNanos(60);
          while (true) {
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                break;
              }
            }
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("no incident for " + slo + " within 60 s");
            }
            Thread.sleep(5);
          }
          toIncident[k] = System.nanoTime() - acked;
          while (!firstDelivery.containsKey(slo)) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("no delivery for " + slo + " within 60 s");
            }
            Thread.sleep(5);
          }
          toDelivery[k] = firstDelivery.get(slo) - acked;
          System.out.printf(
              Locale.ROOT,
              "burn %d (%s) at %s: incident %d ms, delivery %d ms%n",
              k,
              slo,
              java.time.Instant.now(),
              toIncident[k] / 1_000_000,
              toDelivery[k] / 1_000_000);
          // One burn at a time: each measures the path, not a queue of earlier burns.
          Thread.sleep(1_000);
        }
      }
      running.set(false);
      background.join();
      print("ack -> incident committed (observed)", toIncident);
      print("ack -> first delivery attempt received", toDelivery);
      System.out.printf(Locale.ROOT, "background events acknowledged: %d%n", sent.get());
    } finally {
      running.set(false);
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      receiver.stop(0);
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
      }
    }
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%s: p50 %.0f ms, p99 %.0f ms, max %.0f ms, mean %.0f ms (%d burns)%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
        sorted[sorted.length - 1] / 1e6,
        Arrays.stream(sorted).average().orElse(0) / 1e6,
        sorted.length);
  }

  private static void event(StringBuilder b, String service, int status) {
    b.append("{\"ts\":")
        .append(System.currentTimeMillis())
        .append(",\"service\":\"")
        .append(service)
        .append("\",\"route\":\"/\",\"method\":\"GET\",\"status\":")
        .append(status)
        .append(",\"duration_ms\":3.5}\n");
  }

  private static void post(HttpClient http, String base, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("events refused: " + r.statusCode() + " " + r.body());
    }
  }
}
