package dev.burnrate.bench.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;

/**
 * Load generator for the incident bridge: N page alerts (default 1,000) become N incidents that the
 * outbox delivers to a PagerDuty-like and a webhook receiver on loopback, first with the receivers
 * up, then with a share of requests (default 20%) failing (429 with Retry-After, 503, dropped
 * connections, writes whose answer is lost). It checks that every incident reaches each receiver
 * exactly once and reports the latency from transition to first delivery.
 *
 * <p>Usage: {@code BridgeDeliveryBenchmark JDBC_ADMIN_URL [transitions] [perSecond] [faultRate]}; a
 * fresh database is created on the server and dropped at the end.
 */
public final class BridgeDeliveryBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BridgeDeliveryBenchmark() {}

  /** A receiver that dedupes like the real tools and notes when each record first arrives. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newFixedThreadPool(8);
    final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    final Map<String, Integer> created = new ConcurrentHashMap<>();
    final Set<String> deliveries = ConcurrentHashMap.newKeySet();
    volatile double faultRate;
    final java.util.concurrent.atomic.AtomicLong faults =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong requests =
        new java.util.concurrent.atomic.AtomicLong();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) throws IOException {
      requests.incrementAndGet();
      try (ex) {
        double r = ThreadLocalRandom.current().nextDouble();
        int fault = r < faultRate ? ThreadLocalRandom.current().nextInt(4) : -1;
        if (fault >= 0) {
          faults.incrementAndGet();
        }
        if (fault == 0) {
          ex.getResponseHeaders().add("Retry-After", "1");
          send(ex, 429, "{\"message\":\"rate limited\"}");
          return;
        }
        if (fault == 1) {
          send(ex, 503, "{\"message\":\"unavailable\"}");
          return;
        }
        if (fault == 2) {
          return; // dropped connection, nothing done
        }
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        String answer;
        int status;
        if (ex.getRequestURI().getPath().equals("/v2/enqueue")) {
          // PagerDuty Events API v2: one alert per dedup_key while it is open.
          String dedup = body.path("dedup_key").asText();
          String key = dedup.substring("burnrate-".length());
          if (body.path("event_action").asText().equals("trigger")) {
            firstArrival.putIfAbsent("pd " + key, System.currentTimeMillis());
            created.putIfAbsent("pd " + key, 1);
          }
          status = 202;
          answer =
              "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                  + dedup
                  + "\"}";
        } else {
          // A webhook receiver that dedupes on X-Burnrate-Delivery.
          String delivery = ex.getRequestHeaders().getFirst("X-Burnrate-Delivery");
          String key = body.path("record").path("key").asText();
          if (deliveries.add(delivery) && body.path("event").asText().equals("opened")) {
            firstArrival.putIfAbsent("hook " + key, System.currentTimeMillis());
            created.merge("hook " + key, 1, Integer::sum);
          }
          status = 200;
          answer = "{}";
        }
        if (fault == 3) {
          return; // done, but the answer is lost
        }
        send(ex, status, answer);
      }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  record Result(
      int incidents,
      int delivered,
      int duplicates,
      long p50,
      long p99,
      long max,
      long faults,
      long requests,
      double seconds) {}

  static Result run(String dbUrl, int transitions, int perSecond, double faultRate, String phase)
      throws Exception {
    try (Receiver rx = new Receiver();
        HikariDataSource ds = pool(dbUrl)) {
      rx.faultRate = faultRate;
      Flyway.configure().dataSource(ds).locations(IncidentBridge.MIGRATIONS).load().migrate();
      OutboxSettings outbox =
          new OutboxSettings(
              4,
              Duration.ofMillis(200),
              Duration.ofMillis(100),
              Duration.ofSeconds(2),
              0,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              Duration.ZERO,
              OutboxSettings.DEFAULT_RETENTION);
      BridgeSettings settings =
          BridgeSettings.defaults()
              .withOutbox(outbox)
              .withConnectors(
                  List.of(
                      ConnectorSettings.of(
                          "pd",
                          "pagerduty",
                          rx.url(""),
                          Map.of("routingKey", "0123456789abcdef0123456789abcdef"),
                          Match.all()),
                      ConnectorSettings.of(
                          "hook",
                          "webhook",
                          rx.url("/hook"),
                          Map.of("secret", "bench-secret"),
                          Match.all())));
      Map<String, Long> accepted = new ConcurrentHashMap<>();
      long start = System.nanoTime();
      try (IncidentBridge bridge =
          IncidentBridge.create(
              ds, settings, ServiceCatalog.empty(), BudgetView.none(), Clock.systemUTC())) {
        bridge.start();
        long intervalNanos = 1_000_000_000L / perSecond;
        for (int i = 0; i < transitions; i++) {
          long due = start + i * intervalNanos;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          long t = System.currentTimeMillis();
          bridge.accept(firing(phase + "-slo-" + i, phase + "-svc-" + i));
          accepted.put("INC-" + (i + 1), t);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (pending(ds) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Long> latencies = new ArrayList<>();
      int delivered = 0;
      int duplicates = 0;
      for (Map.Entry<String, Long> e : accepted.entrySet()) {
        for (String tool : List.of("pd ", "hook ")) {
          Long at = rx.firstArrival.get(tool + e.getKey());
          if (at != null) {
            delivered++;
            latencies.add(at - e.getValue());
          }
          duplicates += Math.max(0, rx.created.getOrDefault(tool + e.getKey(), 0) - 1);
        }
      }
      Collections.sort(latencies);
      return new Result(
          accepted.size(),
          delivered,
          duplicates,
          pct(latencies, 0.50),
          pct(latencies, 0.99),
          latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
          rx.faults.get(),
          rx.requests.get(),
          seconds);
    }
  }

  static long pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  /** A page-1h alert of {@code slo} firing now, as the benchmarks send it. */
  static AlertTransition firing(String slo, String service) {
    return new AlertTransition(
        AlertTransition.Kind.FIRING,
        slo,
        service,
        "page-1h",
        Severity.PAGE,
        Clock.systemUTC().instant(),
        14.4,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        20,
        21,
        0.4,
        Map.of(),
        Map.of());
  }

  static long pending(HikariDataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static HikariDataSource pool(String url) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(10);
    return new HikariDataSource(cfg);
  }

  static String withDatabase(String adminUrl, String db) {
    int schemeEnd = adminUrl.indexOf("//");
    int slash = adminUrl.indexOf('/', schemeEnd + 2);
    int query = adminUrl.indexOf('?');
    String head =
        slash < 0
            ? (query < 0 ? adminUrl : adminUrl.substring(0, query))
            : adminUrl.substring(0, slash);
    return head + "/" + db + (query < 0 ? "" : adminUrl.substring(query));
  }

  public static void main(String[] args) throws Exception {
    String admin = args.length > 0 ? args[0] : System.getenv("BURNRATE_DB_URL");
    if (admin == null) {
      System.err.println(
          "usage: BridgeDeliveryBenchmark JDBC_ADMIN_URL [transitions] [perSecond] [faultRate]");
      System.exit(2);
    }
    int transitions = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    double faultRate = args.length > 3 ? Double.parseDouble(args[3]) : 0.2;
    System.out.printf(
        Locale.ROOT,
        "machine: %d cpus, %s %s, java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
    for (String phase : List.of("up", "faults")) {
      String db =
          "burnrate_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection(admin);
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + db);
      }
      try {
        Result r =
            run(
                withDatabase(admin, db),
                transitions,
                perSecond,
                phase.equals("up") ? 0 : faultRate,
                phase);
        System.out.printf(
            Locale.ROOT,
            "%-6s transitions=%d rate=%d/s faultRate=%.0f%% requests=%d faults=%d deliveredRecords=%d/%d duplicates=%d"
                + " latency p50=%dms p99=%dms max=%dms elapsed=%.1fs%n",
            phase,
            r.incidents(),
            perSecond,
            phase.equals("up") ? 0.0 : faultRate * 100,
            r.requests(),
            r.faults(),
            r.delivered(),
            2 * r.incidents(),
            r.duplicates(),
            r.p50(),
            r.p99(),
            r.max(),
            r.seconds());
        if (r.delivered() != 2 * r.incidents() || r.duplicates() != 0) {
          System.out.println("FAILED: loss or duplicates");
          System.exit(1);
        }
      } finally {
        try (Connection c = DriverManager.getConnection(admin);
            Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
      }
    }
  }
}
