package dev.burnrate.bench.console;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's first render and page weight: a Burnrate server (the runnable jar, its own process)
 * with {@code --slos} SLO files and an hour of request events for each, and a fresh headless
 * Chromium per run that opens the SLO list. Each run reports, from the browser's Performance API,
 * the time from navigation start until the list's rows are in the page ({@code
 * burnrate:slos-ready}) and until the frame after them is painted ({@code burnrate:slos-painted}),
 * and the bytes transferred for the page, its script and style sheet and the API's JSON.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.burnrate.bench.console.ConsoleListLoad
 * --jar api/target/burnrate.jar --slos 1000 --runs 7}; see {@code BENCHMARKS.md}.
 */
public final class ConsoleListLoad {
  private static final String ADMIN = "bench-admin-token";

  private ConsoleListLoad() {}

  /** Runs the benchmark and prints one line per run and the medians. */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new java.util.HashMap<>();
    o.put("jar", "api/target/burnrate.jar");
    o.put("slos", "1000");
    o.put("runs", "7");
    o.put("db", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    o.put("chromium", "/usr/bin/chromium");
    o.put("chromedriver", "/usr/bin/chromedriver");
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    int count = Integer.parseInt(o.get("slos"));
    int runs = Integer.parseInt(o.get("runs"));
    Path work = Files.createTempDirectory("burnrate-console-bench");
    Path slos = Files.createDirectories(work.resolve("slos"));
    for (int i = 0; i < count; i++) {
      Files.writeString(slos.resolve("slo-" + i + ".yaml"), sloFile(i));
    }
    String admin = o.get("db");
    String name = "burnrate_bench_console_" + Long.toString(System.currentTimeMillis(), 36);
    try (Connection c = DriverManager.getConnection(admin, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    Process server = null;
    try {
      int port = freePort();
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  o.get("jar"),
                  "serve",
                  "--slos",
                  slos.toString(),
                  "--port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("server.log").toFile());
      pb.environment().put("BURNRATE_DB_URL", url);
      pb.environment().put("BURNRATE_ADMIN_TOKEN", ADMIN);
      pb.environment().put("BURNRATE_SLOS_WATCH", "false");
      server = pb.start();
      String base = "http://127.0.0.1:" + port;
      try (HttpClient http = HttpClient.newHttpClient()) {
        awaitStatus(http, base + "/api/v1/slos?limit=1", Duration.ofSeconds(120));
        ingest(http, base, count);
        awaitEvaluated(http, base, count);
        for (String view : List.of("full", "summary")) {
          String u = base + "/api/v1/slos?limit=1000&view=" + view;
          List<double[]> times = new ArrayList<>();
          for (int i = 0; i < 9; i++) {
            long t0 = System.nanoTime();
            get(http, u);
            times.add(new double[] {(System.nanoTime() - t0) / 1e6});
          }
          System.out.printf(
              Locale.ROOT,
              "SLOs %d; list view=%s: %d bytes of JSON, answered in %.0f ms (median of 9)%n",
              count,
              view,
              get(http, u).length(),
              median(times, 0));
        }
      }
      List<double[]> results = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        double[] m = run(o, base);
        results.add(m);
        System.out.printf(
            Locale.ROOT,
            "run %d: rows %.0f, page received %.0f ms, script run (DOMContentLoaded) %.0f ms,"
                + " first paint (Loading...) %.0f ms, list JSON asked %.0f ms, received %.0f ms,"
                + " ready %.0f ms, painted %.0f ms,"
                + " transferred %.0f bytes (html+js+css %.0f, api %.0f), requests %.0f, load %s%n",
            r + 1,
            m[0],
            m[9],
            m[10],
            m[8],
            m[11],
            m[7],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            m[6],
            loadAverage());
      }
      System.out.printf(
          Locale.ROOT,
          "median of %d: list JSON received at %.0f ms, ready %.0f ms, painted %.0f ms,"
              + " transferred %.0f bytes%n",
          runs,
          median(results, 7),
          median(results, 1),
          median(results, 2),
          median(results, 3));
    } finally {
      if (server != null) {
        server.getOutputStream().close();
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      try (Connection c = DriverManager.getConnection(admin, new Properties());
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
      try (var paths = Files.walk(work)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One cold load in a fresh browser profile: rows, ready, painted, bytes, html+js+css, api. */
  private static double[] run(Map<String, String> o, String base) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File(o.get("chromium")));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(o.get("chromedriver")))
            .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    try {
      browser.get(base + "/#/slos");
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              d ->
                  ((ChromeDriver) d)
                      .executeScript(
                          "return performance.getEntriesByName('burnrate:slos-painted').length")
                      .equals(1L));
      @SuppressWarnings("unchecked")
      Map<String, Object> m =
          (Map<String, Object>)
              browser.executeScript(
                  """
                  const nav = performance.getEntriesByType('navigation')[0];
                  const res = performance.getEntriesByType('resource');
                  const api = res.filter((r) => r.name.includes('/api/'));
                  const files = res.filter((r) => !r.name.includes('/api/'));
                  const sum = (a) => a.reduce((s, r) => s + r.transferSize, 0);
                  return {
                    rows: document.querySelectorAll('#slo-table tbody tr').length,
                    ready: performance.getEntriesByName('burnrate:slos-ready')[0].startTime,
                    painted: performance.getEntriesByName('burnrate:slos-painted')[0].startTime,
                    page: nav.transferSize + sum(files),
                    api: sum(api),
                    requests: res.length + 1,
                    apiMs: api.reduce((s, r) => Math.max(s, r.responseEnd), 0),
                    html: nav.responseEnd,
                    dcl: nav.domContentLoadedEventStart,
                    apiStart: api.reduce((s, r) => Math.min(s, r.startTime), 1e9),
                    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1,
                  };
                  """);
      double page = ((Number) m.get("page")).doubleValue();
      double api = ((Number) m.get("api")).doubleValue();
      if (browser.findElements(By.cssSelector("#slo-table tbody tr")).isEmpty()) {
        throw new IllegalStateException("the list drew no rows");
      }
      return new double[] {
        ((Number) m.get("rows")).doubleValue(),
        ((Number) m.get("ready")).doubleValue(),
        ((Number) m.get("painted")).doubleValue(),
        page + api,
        page,
        api,
        ((Number) m.get("requests")).doubleValue(),
        ((Number) m.get("apiMs")).doubleValue(),
        ((Number) m.get("fcp")).doubleValue(),
        ((Number) m.get("html")).doubleValue(),
        ((Number) m.get("dcl")).doubleValue(),
        ((Number) m.get("apiStart")).doubleValue()
      };
    } finally {
      browser.quit();
    }
  }

  /** A Sloth file: SLO {@code i} of service {@code svc-(i % 100)}, with team and tier labels. */
  static String sloFile(int i) {
    String job = "svc-" + (i % 100);
    return """
        version: "prometheus/v1"
        service: "%s"
        labels:
          team: team-%d
          tier: "%d"
        slos:
          - name: "availability-%d"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_server_request_duration_seconds_count{job="%s",http_route="/r%d",http_response_status_code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_server_request_duration_seconds_count{job="%s",http_route="/r%d"}[{{.window}}]))
            alerting:
              name: Availability%d
        """
        .formatted(job, i % 10, 1 + i % 4, i, job, i, job, i, i);
  }

  /** An hour of events, ten a minute per SLO; every seventh SLO fails 5% of its requests. */
  private static void ingest(HttpClient http, String base, int count) throws Exception {
    Instant now = Instant.now();
    for (int m = 60; m >= 1; m--) {
      StringBuilder body = new StringBuilder();
      long ts = now.minusSeconds(60L * m).toEpochMilli();
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < 10; k++) {
          int status = i % 7 == 0 && (m + k) % 20 == 0 ? 500 : 200;
          body.append("{\"ts\":")
              .append(ts)
              .append(",\"service\":\"svc-")
              .append(i % 100)
              .append("\",\"route\":\"/r")
              .append(i)
              .append("\",\"method\":\"GET\",\"status\":")
              .append(status)
              .append(",\"duration_ms\":20.0}\n");
        }
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                  .header("Authorization", "Bearer " + ADMIN)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
      }
    }
  }

  /** Waits until the engine reports an SLI for every SLO. */
  private static void awaitEvaluated(HttpClient http, String base, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      String body = get(http, base + "/api/v1/slos?limit=1000");
      int nulls = body.split("\"ratio\":null", -1).length - 1;
      if (nulls == 0 && body.contains("\"total\":" + count)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the engine did not evaluate every SLO in 3 minutes");
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void awaitStatus(HttpClient http, String url, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not answer 200 in " + max);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double median(List<double[]> results, int i) {
    double[] v = results.stream().mapToDouble(r -> r[i]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
