package dev.burnrate.bench.ingest;

import dev.burnrate.bench.BenchOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The ingest load benchmark: a load generator against three servers that each run as their own
 * process, Burnrate (receivers, group-commit writer, PostgreSQL), VictoriaMetrics and Prometheus.
 *
 * <p>Phases, each after a warm-up: Burnrate NDJSON events and remote_write at the highest rate it
 * acknowledges (closed loop, {@code --lanes} requests in flight), then both again open-loop at
 * {@code --rate-fraction} of that rate for acknowledgement latency, then VictoriaMetrics and
 * Prometheus at their highest remote_write rate with the same requests. CPU time of each server
 * process comes from {@code /proc/PID/stat}; Burnrate's includes its PostgreSQL backends.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.burnrate.bench.ingest.IngestLoad
 * --duration 20s}; see {@code BENCHMARKS.md} for every option.
 */
public final class IngestLoad {
  private final Map<String, String> options;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client;
  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> report = new ArrayList<>();
  // Burnrate's phases: waits until what they acknowledged is applied, counted in their CPU time.
  private Callable<?> settle;

  private IngestLoad(Map<String, String> options) throws IOException {
    this.options = options;
    int lanes = intOption("lanes");
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(lanes));
    this.work = Files.createTempDirectory("burnrate-ingest-bench");
  }

  /** Runs the benchmark and prints the results. */
  public static void main(String[] args) throws Exception {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("duration", "20s");
    defaults.put("warmup", "5s");
    defaults.put("lanes", "16");
    defaults.put("slos", "100");
    defaults.put("events-per-request", "1000");
    defaults.put("series-per-request", "2000");
    defaults.put("rate-fraction", "0.5");
    defaults.put("selected-share", "0.05");
    defaults.put("db", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    defaults.put("targets", "burnrate,victoria-metrics,prometheus");
    defaults.put("server-jvm-args", "");
    defaults.put("keep-data", "false");
    defaults.put("series-state", "inline");
    Map<String, String> options = BenchOptions.parse(defaults, args);
    IngestLoad load = new IngestLoad(options);
    try {
      load.run();
    } finally {
      load.close();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    System.out.println("options: " + options);
    List<String> targets = Arrays.asList(options.get("targets").split(","));
    if (targets.contains("burnrate")) {
      burnrate();
    }
    if (targets.contains("victoria-metrics")) {
      int port = ProcStats.freePort();
      Process vm =
          start(
              "victoria-metrics",
              List.of(
                  "/usr/bin/victoria-metrics",
                  "-httpListenAddr=127.0.0.1:" + port,
                  "-storageDataPath=" + work.resolve("vm")));
      ProcStats.awaitHttp("http://127.0.0.1:" + port + "/health");
      remoteWriteMax("victoria-metrics", port, "/api/v1/write", vm.pid(), List.of());
      stop(vm);
    }
    if (targets.contains("prometheus")) {
      int port = ProcStats.freePort();
      Path config = work.resolve("prometheus.yml");
      Files.writeString(config, "global:\n  scrape_interval: 1m\n");
      Process prometheus =
          start(
              "prometheus",
              List.of(
                  "/usr/bin/prometheus",
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + work.resolve("prometheus"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--web.enable-remote-write-receiver"));
      ProcStats.awaitHttp("http://127.0.0.1:" + port + "/-/ready");
      remoteWriteMax("prometheus", port, "/api/v1/write", prometheus.pid(), List.of());
      stop(prometheus);
    }
    System.out.println();
    System.out.println(
        "| target | phase | rate (items/s) | requests/s | errors | server CPU s | items per server CPU-second | generator CPU s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    report.forEach(System.out::println);
  }

  private void burnrate() throws Exception {
    String admin = options.get("db");
    String name = "burnrate_bench_" + Long.toString(System.currentTimeMillis(), 36);
    try (Connection c = DriverManager.getConnection(admin, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    try {
      int port = ProcStats.freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : options.get("server-jvm-args").split(" ")) {
        if (!a.isBlank()) {
          command.add(a);
        }
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              IngestServerMain.class.getName(),
              url,
              Integer.toString(port),
              options.get("slos"),
              options.get("series-state")));
      Process server = start("burnrate", command);
      awaitLine(server, "READY");
      // The database's backends by their process title, read again at each measurement: the pool
      // opens connections as it needs them, and each is counted from its start.
      Supplier<List<Long>> backends = () -> ProcStats.backendsOf(name);
      String logUrl = url;
      settle =
          !options.get("series-state").equals("log")
              ? null
              : () -> {
                awaitSeriesLog(logUrl);
                return null;
              };
      int events = intOption("events-per-request");
      List<byte[]> bodies =
          Payloads.eventBodies(64, events, System.currentTimeMillis() - 60_000, 42);
      AtomicLong keys = new AtomicLong();
      LaneRequests eventRequests =
          lane ->
              k ->
                  new Request(
                      bodies.get((int) ((lane * 31 + k) % bodies.size())),
                      events,
                      "application/x-ndjson",
                      null,
                      "bench-" + name + "-" + keys.incrementAndGet());
      Result ev =
          phase(
              "burnrate",
              "events max",
              port,
              "/api/v1/events",
              eventRequests,
              server.pid(),
              backends,
              0);
      RemoteWrite rw = remoteWrite();
      Result samples =
          phase(
              "burnrate", "remote_write max", port, "/api/v1/write", rw, server.pid(), backends, 0);
      double fraction = Double.parseDouble(options.get("rate-fraction"));
      phase(
          "burnrate",
          "events at " + fraction + "x",
          port,
          "/api/v1/events",
          eventRequests,
          server.pid(),
          backends,
          ev.requestsPerSecond() * fraction);
      phase(
          "burnrate",
          "remote_write at " + fraction + "x",
          port,
          "/api/v1/write",
          rw,
          server.pid(),
          backends,
          samples.requestsPerSecond() * fraction);
      stop(server);
    } finally {
      try (Connection c = DriverManager.getConnection(admin, new Properties());
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private void remoteWriteMax(String target, int port, String path, long pid, List<Long> others)
      throws Exception {
    settle = null;
    phase(target, "remote_write max", port, path, remoteWrite(), pid, () -> others, 0);
  }

  /**
   * Waits until Burnrate's series log is applied (log mode), so the CPU its applier spends on the
   * phase's samples is counted with them; returns at once in inline mode (the log stays empty).
   */
  private static void awaitSeriesLog(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url, new Properties());
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sli_series_log")) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
  }

  /** One request: a body with its item count and headers. */
  record Request(byte[] body, int items, String contentType, String encoding, String key) {}

  /** The requests of each lane: lane, then the lane's request number. */
  interface LaneRequests {
    LongFunction<Request> lane(int lane);
  }

  /** remote_write requests: each lane owns its series and sends their samples in order. */
  static final class RemoteWrite implements LaneRequests {
    private final byte[][][] series;
    private final long[] next;
    private final long base = System.currentTimeMillis() - 10 * 60_000;

    RemoteWrite(int lanes, int seriesPerRequest, double selectedShare, int slos) {
      series = new byte[lanes][][];
      next = new long[lanes];
      for (int l = 0; l < lanes; l++) {
        series[l] = Payloads.laneSeries(l, seriesPerRequest, selectedShare, slos);
      }
    }

    @Override
    public LongFunction<Request> lane(int lane) {
      return ignored ->
          new Request(
              Payloads.writeRequest(series[lane], ++next[lane], base),
              series[lane].length,
              "application/x-protobuf",
              "snappy",
              null);
    }
  }

  record Result(double itemsPerSecond, double requestsPerSecond, long errors, double serverCpu) {}

  /**
   * Runs one phase: a warm-up, then the measured time. With {@code rate} 0, each lane sends its
   * next request when the last one is answered; otherwise request {@code i} (over all lanes) is due
   * at {@code i / rate} seconds, and its latency counts from then (no coordinated omission).
   */
  private Result phase(
      String target,
      String phase,
      int port,
      String path,
      LaneRequests requests,
      long serverPid,
      Supplier<List<Long>> otherPids,
      double rate)
      throws Exception {
    int lanes = intOption("lanes");
    long warmupNs = durationOption("warmup").toNanos();
    long durationNs = durationOption("duration").toNanos();
    long start = System.nanoTime();
    long measureFrom = start + warmupNs;
    long end = measureFrom + durationNs;
    AtomicLong items = new AtomicLong();
    AtomicLong okRequests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    long[][] latencies = new long[lanes][];
    int[] latencyCount = new int[lanes];
    CountDownLatch done = new CountDownLatch(lanes);
    long intervalNs = rate > 0 ? (long) (1e9 / rate) : 0;
    long[] cpuBefore = new long[3];
    Map<Long, Long> othersBefore = new java.util.concurrent.ConcurrentHashMap<>();
    vertx.setTimer(
        Math.max(1, warmupNs / 1_000_000),
        id -> {
          cpuBefore[0] = ProcStats.cpuTicks(serverPid);
          for (long pid : otherPids.get()) {
            othersBefore.put(pid, ProcStats.cpuTicks(pid));
          }
          cpuBefore[2] = ProcStats.cpuTicks(ProcessHandle.current().pid());
        });
    for (int l = 0; l < lanes; l++) {
      int lane = l;
      latencies[l] = new long[1 << 16];
      LongFunction<Request> next = requests.lane(l);
      new Object() {
        long k;

        void send() {
          long due = rate > 0 ? start + (k * lanes + lane) * intervalNs : System.nanoTime();
          if (due >= end) {
            done.countDown();
            return;
          }
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            vertx.setTimer(wait / 1_000_000, id -> fire(due));
          } else {
            fire(due);
          }
        }

        void fire(long due) {
          k++;
          Request r = next.apply(k);
          post(port, path, r)
              .onComplete(
                  ar -> {
                    long now = System.nanoTime();
                    if (now >= measureFrom && now < end) {
                      int status = ar.succeeded() ? ar.result() : -1;
                      if (status >= 200 && status < 300) {
                        items.addAndGet(r.items());
                        okRequests.incrementAndGet();
                        if (due >= measureFrom && latencyCount[lane] < latencies[lane].length) {
                          latencies[lane][latencyCount[lane]++] = now - due;
                        }
                      } else {
                        errors.incrementAndGet();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                      }
                    }
                    send();
                  });
        }
      }.send();
    }
    done.await(durationNs + warmupNs + TimeUnit.SECONDS.toNanos(120), TimeUnit.NANOSECONDS);
    long settleStart = System.nanoTime();
    if (settle != null) {
      settle.call();
    }
    double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
    long othersAfter = 0;
    for (long pid : otherPids.get()) {
      othersAfter += ProcStats.cpuTicks(pid) - othersBefore.getOrDefault(pid, 0L);
    }
    double seconds = durationNs / 1e9;
    double serverCpu =
        (ProcStats.cpuTicks(serverPid) - cpuBefore[0]) / (double) ProcStats.CLOCK_TICKS;
    double otherCpu = othersAfter / (double) ProcStats.CLOCK_TICKS;
    double generatorCpu =
        (ProcStats.cpuTicks(ProcessHandle.current().pid()) - cpuBefore[2])
            / (double) ProcStats.CLOCK_TICKS;
    // Samples acknowledged after the measured window are not counted, so their CPU is not either:
    // cpu was read at the end of the phase, which includes the tail of in-flight requests only.
    long n = 0;
    for (int c : latencyCount) {
      n += c;
    }
    long[] all = new long[(int) n];
    int p = 0;
    for (int l = 0; l < lanes; l++) {
      System.arraycopy(latencies[l], 0, all, p, latencyCount[l]);
      p += latencyCount[l];
    }
    Arrays.sort(all);
    double totalCpu = serverCpu + otherCpu;
    Result result =
        new Result(items.get() / seconds, okRequests.get() / seconds, errors.get(), totalCpu);
    String cpu =
        otherPids.get().isEmpty() && settle == null
            ? fmt(serverCpu)
            : fmt(totalCpu)
                + " (JVM "
                + fmt(serverCpu)
                + " + PostgreSQL "
                + fmt(otherCpu)
                + (settleSeconds >= 0.05 ? "; log applied " + fmt(settleSeconds) + " s after" : "")
                + ")";
    String line =
        "| %s | %s | %s | %s | %d%s | %s | %s | %s | %s | %s | %s |"
            .formatted(
                target,
                phase,
                fmt(result.itemsPerSecond()),
                fmt(result.requestsPerSecond()),
                errors.get(),
                statuses.isEmpty() ? "" : " " + statuses,
                cpu,
                fmt(items.get() / totalCpu),
                fmt(generatorCpu),
                rate > 0 ? millis(all, 0.50) : "-",
                rate > 0 ? millis(all, 0.99) : "-",
                rate > 0 && all.length > 0 ? fmt(all[all.length - 1] / 1e6) : "-");
    System.out.println(line);
    report.add(line);
    return result;
  }

  private Future<Integer> post(int port, String path, Request r) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .setTimeout(60_000);
    return client
        .request(o)
        .compose(
            req -> {
              req.putHeader("Content-Type", r.contentType());
              if (r.encoding() != null) {
                req.putHeader("Content-Encoding", r.encoding());
                req.putHeader("X-Prometheus-Remote-Write-Version", "0.1.0");
              }
              if (r.key() != null) {
                req.putHeader("Idempotency-Key", r.key());
              }
              return req.send(Buffer.buffer(r.body()));
            })
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  private static String millis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    return fmt(sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6);
  }

  private static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private Process start(String name, List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectError(work.resolve(name + ".log").toFile())
            .redirectOutput(
                name.equals("burnrate")
                    ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()))
            .start();
    processes.add(p);
    return p;
  }

  private static void awaitLine(Process p, String line) throws IOException {
    var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    String l;
    while ((l = in.readLine()) != null) {
      if (l.equals(line)) {
        return;
      }
    }
    throw new IllegalStateException("the server ended before it was ready");
  }

  private void stop(Process p) throws InterruptedException {
    try {
      // Closing standard input stops Burnrate's server, which then prints its writer's stats.
      p.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    if (p.info().command().orElse("").endsWith("java")) {
      if (p.waitFor(10, TimeUnit.SECONDS)) {
        return;
      }
    }
    p.destroy(); // SIGTERM: VictoriaMetrics and Prometheus shut down cleanly.
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  private void close() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    // The servers' data and logs; kept with --keep-data to read the logs.
    if (!Boolean.parseBoolean(options.get("keep-data"))) {
      try (var paths = Files.walk(work)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      System.out.println("server data and logs: " + work);
    }
  }

  private RemoteWrite remoteWrite() {
    double share = Double.parseDouble(options.get("selected-share"));
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("--selected-share must be between 0 and 1, got " + share);
    }
    return new RemoteWrite(
        intOption("lanes"), intOption("series-per-request"), share, intOption("slos"));
  }

  private int intOption(String name) {
    return Integer.parseInt(options.get(name));
  }

  private Duration durationOption(String name) {
    String v = options.get(name);
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    throw new IllegalArgumentException(name + ": a duration such as 20s, not " + v);
  }
}
