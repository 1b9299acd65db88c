package dev.burnrate.bench.ingest;

import dev.burnrate.bench.BenchOptions;
import dev.burnrate.bench.JarServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SLO job side by side: Prometheus evaluating the rules Sloth generates against Burnrate, for
 * the same SLOs and the same remote_write stream, one after the other on this machine.
 *
 * <p>For each SLO count: {@code N} Sloth {@code prometheus/v1} SLOs (99.9% over 30 days, page and
 * ticket alerts) over {@code http_requests_total{job="sN"}}, {@code --series-per-slo} series each
 * (instances, half with {@code code="200"}, half {@code code="500"}); Prometheus gets, per SLO,
 * Sloth's three rule groups (the error ratio recorded for 5m, 30m, 1h, 2h, 6h, 1d, 3d and 30d; the
 * meta recordings; the page and ticket multiwindow multi-burn-rate alerts) evaluated every 30 s;
 * Burnrate gets the Sloth files. A sender writes every series once per {@code --scrape} (spread
 * over the interval, one request a second) to the target under test. After {@code --warmup}, it
 * measures CPU time and resident memory over {@code --measure}; then it burns {@code --burns} SLOs
 * one at a time (their error counters grow as fast as their totals) and times, from the
 * acknowledgement of the first burning samples, until the page alert fires: in Prometheus {@code
 * /api/v1/alerts} shows it firing, in Burnrate its incident is committed.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.burnrate.bench.ingest.SloJobComparison
 * --jar api/target/burnrate.jar --slos 100,1000,10000}; see {@code BENCHMARKS.md}.
 */
public final class SloJobComparison {
  private static final String ADMIN_TOKEN = "slo-job-comparison-admin-token-0123";
  private static final int SLOS_PER_FILE = 100;
  // The total counter of a series grows this much per scrape; a burning series' errors as much.
  private static final double REQUESTS_PER_SCRAPE = 100;

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> report = new ArrayList<>();

  private SloJobComparison(Map<String, String> options) {
    this.options = options;
  }

  /** Runs the comparison and prints one Markdown row per target and SLO count. */
  public static void main(String[] args) throws Exception {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("jar", "api/target/burnrate.jar");
    defaults.put("db", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    defaults.put("slos", "100,1000,10000");
    defaults.put("series-per-slo", "4");
    defaults.put("scrape", "15");
    defaults.put("warmup", "120");
    defaults.put("measure", "300");
    defaults.put("burns", "5");
    defaults.put("targets", "prometheus,burnrate");
    // What ./burnrate passes on Java 25.
    defaults.put(
        "burnrate-jvm-args",
        "-Xms64m -XX:MaxNewSize=24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
            + " -XX:+UseSerialGC"
            + " -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=30000");
    Map<String, String> options = BenchOptions.parse(defaults, args);
    new SloJobComparison(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    System.out.println("options: " + options + " (durations in seconds)");
    for (String n : options.get("slos").split(",")) {
      for (String target : options.get("targets").split(",")) {
        measure(target.trim(), Integer.parseInt(n.trim()));
        printReport();
      }
    }
  }

  private void printReport() {
    System.out.println();
    System.out.println(
        "| SLOs | series | target | CPU s measured | CPU s per hour | RSS MiB (mean / max) |"
            + " burn to firing: p50 / max s |");
    System.out.println("|---|---|---|---|---|---|---|");
    report.forEach(System.out::println);
    System.out.println();
  }

  /** One target at one SLO count: start it, stream, measure, burn, stop. */
  private void measure(String target, int slos) throws Exception {
    Path work = Files.createTempDirectory("burnrate-slo-job-" + target + "-" + slos);
    Stream stream = new Stream(slos, intOption("series-per-slo"), intOption("scrape"));
    Target t =
        switch (target) {
          case "prometheus" -> startPrometheus(work, slos);
          case "burnrate" -> startBurnrate(work, slos);
          default -> throw new IllegalArgumentException("unknown target " + target);
        };
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sender = Thread.ofPlatform().name("sender").start(() -> stream.send(t, running));
    try {
      System.out.printf(
          Locale.ROOT, "%s, %d SLOs: warming up for %d s%n", target, slos, intOption("warmup"));
      Thread.sleep(TimeUnit.SECONDS.toMillis(intOption("warmup")));
      long measureSeconds = intOption("measure");
      long cpuBefore = ProcStats.cpuTicks(t.pids());
      long start = System.nanoTime();
      List<Long> rss = new ArrayList<>();
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(measureSeconds)) {
        Thread.sleep(5_000);
        rss.add(t.residentKib());
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpu = (ProcStats.cpuTicks(t.pids()) - cpuBefore) / (double) ProcStats.CLOCK_TICKS;
      long[] burns = new long[intOption("burns")];
      for (int b = 0; b < burns.length; b++) {
        int slo = (int) ((b * 7_919L + 13) % slos);
        long acked = stream.burn(t, slo);
        long deadline = acked + TimeUnit.MINUTES.toNanos(5);
        while (!t.firing(slo)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(target + ": no page alert for s" + slo + " in 5 min");
          }
          Thread.sleep(100);
        }
        burns[b] = System.nanoTime() - acked;
        System.out.printf(
            Locale.ROOT, "%s: burn of s%d firing after %.1f s%n", target, slo, burns[b] / 1e9);
      }
      Arrays.sort(burns);
      double meanRss = rss.stream().mapToLong(Long::longValue).average().orElse(0) / 1024;
      double maxRss = rss.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
      report.add(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s | %.1f over %.0f s | %,.0f | %,.0f / %,.0f | %.1f / %.1f |",
              slos,
              stream.series.length,
              target,
              cpu,
              elapsed,
              cpu / elapsed * 3600,
              meanRss,
              maxRss,
              burns[(burns.length - 1) / 2] / 1e9,
              burns[burns.length - 1] / 1e9));
    } finally {
      running.set(false);
      sender.join();
      t.stop();
      try (var paths = Files.walk(work)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A server under test: where to write, which processes it is, and whether an SLO pages. */
  private abstract static class Target {
    private final String base;
    private final String token;

    Target(String base, String token) {
      this.base = base;
      this.token = token;
    }

    String writeUrl() {
      return base + "/api/v1/write";
    }

    String token() {
      return token;
    }

    public abstract List<Long> pids();

    public abstract long residentKib();

    public abstract boolean firing(int slo) throws Exception;

    public abstract void stop() throws Exception;
  }

  private Target startPrometheus(Path work, int slos) throws Exception {
    Path rules = work.resolve("sloth-rules.yaml");
    try (var out = Files.newBufferedWriter(rules)) {
      out.write("groups:\n");
      for (int s = 0; s < slos; s++) {
        out.write(SlothRules.groups("b" + s / SLOS_PER_FILE, "s" + s, 0.999, 30));
      }
    }
    int port = ProcStats.freePort();
    Path config = work.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n  scrape_interval: 1m\n  evaluation_interval: 30s\n"
            + "rule_files:\n  - "
            + rules
            + "\n");
    Process p =
        new ProcessBuilder(
                "/usr/bin/prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    ProcStats.awaitHttp("http://127.0.0.1:" + port + "/-/ready");
    String base = "http://127.0.0.1:" + port;
    return new Target(base, null) {

      @Override
      public List<Long> pids() {
        return List.of(p.pid());
      }

      @Override
      public long residentKib() {
        return ProcStats.memoryKib(p.pid(), "status", "VmRSS");
      }

      @Override
      public boolean firing(int slo) throws Exception {
        String body =
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        // Alerts are printed label by label; find this SLO's page alert in the firing state.
        for (String alert : body.split("\\},\\{\"labels\"")) {
          if (alert.contains("\"sloth_slo\":\"s" + slo + "\"")
              && alert.contains("\"sloth_severity\":\"page\"")
              && alert.contains("\"state\":\"firing\"")) {
            return true;
          }
        }
        return false;
      }

      @Override
      public void stop() throws Exception {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    };
  }

  private Target startBurnrate(Path work, int slos) throws Exception {
    String admin = options.get("db");
    String db = "slo_job_" + Long.toString(System.currentTimeMillis(), 36);
    try (Connection c = DriverManager.getConnection(admin);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    String dbUrl = admin.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
    Path sloDir = Files.createDirectories(work.resolve("slos"));
    for (int f = 0; f * SLOS_PER_FILE < slos; f++) {
      StringBuilder y =
          new StringBuilder("version: \"prometheus/v1\"\nservice: \"b" + f + "\"\nslos:\n");
      for (int s = f * SLOS_PER_FILE; s < Math.min(slos, (f + 1) * SLOS_PER_FILE); s++) {
        y.append("  - name: \"s")
            .append(s)
            .append("\"\n    objective: 99.9\n    sli:\n      events:\n")
            .append("        error_query: ")
            .append(SlothRules.errorQuery("s" + s, "{{.window}}"))
            .append("\n        total_query: ")
            .append(SlothRules.totalQuery("s" + s, "{{.window}}"))
            .append("\n    alerting:\n      name: S")
            .append(s)
            .append("\n");
      }
      Files.writeString(sloDir.resolve("b" + f + ".yaml"), y.toString());
    }
    int port = ProcStats.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : options.get("burnrate-jvm-args").split(" ")) {
      if (!a.isBlank()) {
        command.add(a);
      }
    }
    command.addAll(
        List.of(
            "-jar",
            options.get("jar"),
            "serve",
            "--slos",
            sloDir.toString(),
            "--port",
            Integer.toString(port)));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("BURNRATE_DB_URL", dbUrl);
    pb.environment().put("BURNRATE_ADMIN_TOKEN", ADMIN_TOKEN);
    pb.environment().put("BURNRATE_SERVER_HOST", "127.0.0.1");
    pb.environment().put("BURNRATE_SLOS_WATCH", "false");
    pb.redirectErrorStream(true).redirectOutput(work.resolve("burnrate.log").toFile());
    Process p = pb.start();
    String base = "http://127.0.0.1:" + port;
    long readyBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!JarServer.ready(http, base)) {
      if (!p.isAlive() || System.nanoTime() > readyBy) {
        throw new IllegalStateException("Burnrate did not become ready; see " + work);
      }
      Thread.sleep(200);
    }
    String token = JarServer.ingestToken(http, base, ADMIN_TOKEN);
    Connection conn = DriverManager.getConnection(dbUrl);
    PreparedStatement incident =
        conn.prepareStatement("SELECT 1 FROM bridge_incident WHERE slo = ?");
    return new Target(base, token) {

      @Override
      public List<Long> pids() {
        List<Long> pids = new ArrayList<>(backends());
        pids.add(p.pid());
        return pids;
      }

      private List<Long> backends() {
        List<Long> pids = new ArrayList<>();
        try (Statement st = conn.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid()")) {
          while (rs.next()) {
            pids.add(rs.getLong(1));
          }
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        return pids;
      }

      @Override
      public long residentKib() {
        // The JVM's resident set, plus the backends' proportional share: their shared buffers
        // are PostgreSQL's whichever client touches them.
        long kib = ProcStats.memoryKib(p.pid(), "status", "VmRSS");
        for (long b : backends()) {
          kib += ProcStats.memoryKib(b, "smaps_rollup", "Pss");
        }
        return kib;
      }

      @Override
      public boolean firing(int slo) throws Exception {
        incident.setString(1, "b" + slo / SLOS_PER_FILE + "-s" + slo);
        try (ResultSet rs = incident.executeQuery()) {
          return rs.next();
        }
      }

      @Override
      public void stop() throws Exception {
        conn.close();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        try (Connection c = DriverManager.getConnection(admin);
            Statement st = c.createStatement()) {
          st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
      }
    };
  }

  /** The remote_write stream: every series once per scrape interval, one request a second. */
  private final class Stream {
    final byte[][] series;
    final int[] sloOf;
    final boolean[] errors;
    final double[] values;
    final boolean[] burning;
    final int scrape;
    final AtomicLong lastTs = new AtomicLong();

    Stream(int slos, int perSlo, int scrape) {
      this.scrape = scrape;
      series = new byte[slos * perSlo][];
      sloOf = new int[series.length];
      errors = new boolean[series.length];
      values = new double[series.length];
      burning = new boolean[slos];
      for (int i = 0; i < series.length; i++) {
        int slo = i / perSlo;
        int k = i % perSlo;
        sloOf[i] = slo;
        errors[i] = k % 2 == 1;
        series[i] =
            Payloads.series(
                "__name__",
                "http_requests_total",
                "code",
                errors[i] ? "500" : "200",
                "instance",
                "10.2." + slo / 250 + "." + slo % 250 + ":" + (8080 + k / 2),
                "job",
                "s" + slo);
      }
    }

    /** Sends slice after slice until stopped. */
    void send(Target t, AtomicBoolean running) {
      long next = System.nanoTime();
      int tick = 0;
      while (running.get()) {
        int from = (int) ((long) series.length * tick / scrape);
        int to = (int) ((long) series.length * (tick + 1) / scrape);
        synchronized (this) {
          write(t, from, to);
        }
        tick = (tick + 1) % scrape;
        next += TimeUnit.SECONDS.toNanos(1);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        } else {
          next = System.nanoTime();
        }
      }
    }

    /** Starts burning an SLO: its series are sent at once; returns when that write was acked. */
    synchronized long burn(Target t, int slo) {
      burning[slo] = true;
      int perSlo = series.length / burning.length;
      write(t, slo * perSlo, (slo + 1) * perSlo);
      return System.nanoTime();
    }

    private void write(Target t, int from, int to) {
      if (from >= to) {
        return;
      }
      // Samples are never older than the last one sent, as Prometheus' remote_write ensures.
      long ts = lastTs.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis()));
      byte[][] slice = Arrays.copyOfRange(series, from, to);
      double[] v = new double[slice.length];
      for (int i = from; i < to; i++) {
        if (!errors[i] || burning[sloOf[i]]) {
          values[i] += REQUESTS_PER_SCRAPE;
        }
        v[i - from] = values[i];
      }
      try {
        HttpRequest.Builder r =
            HttpRequest.newBuilder(URI.create(t.writeUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.writeRequest(slice, v, ts)));
        if (t.token() != null) {
          r.header("Authorization", "Bearer " + t.token());
        }
        HttpResponse<String> a = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() / 100 != 2) {
          System.out.println("write refused: " + a.statusCode() + " " + a.body());
        }
      } catch (IOException e) {
        System.out.println("write failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private int intOption(String name) {
    return Integer.parseInt(options.get(name));
  }
}
