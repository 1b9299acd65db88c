package dev.burnrate.bench.ingest;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exactly-once through a fault, end to end: the server jar as a child process on its own database,
 * NDJSON events in keyed batches from several clients that retry every batch until it is
 * acknowledged, and in the middle either a database outage (the database refuses connections and
 * its sessions are ended, for a given time) or a SIGKILL of the server (restarted on the same
 * port). At the end the committed total of the SLO must equal the events sent.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.burnrate.bench.ingest.ExactlyOnceProbe \
 *     api/target/burnrate.jar 'jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres' \
 *     outage|sigkill BATCHES [OUTAGE_SECONDS]
 * </pre>
 *
 * Prints one line: {@code MODE: committed C of S events sent (A acknowledged), R retries, ...}.
 */
public final class ExactlyOnceProbe {
  private static final int EVENTS_PER_BATCH = 500;
  private static final int CLIENTS = 4;

  private ExactlyOnceProbe() {}

  /** Runs the probe; exits 1 when the committed total differs from the events sent. */
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: ExactlyOnceProbe JAR ADMIN_JDBC_URL outage|sigkill BATCHES [OUTAGE_SECONDS]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    String adminUrl = args[1];
    String mode = args[2];
    int batches = Integer.parseInt(args[3]);
    int outageSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 22;
    String dbName = "probe_" + System.currentTimeMillis();
    try (Connection admin = DriverManager.getConnection(adminUrl);
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + dbName);
    }
    String dbUrl = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + dbName + "$1");
    Path dir = Files.createTempDirectory("burnrate-probe");
    Files.writeString(
        dir.resolve("probe.yaml"),
        """
        version: "prometheus/v1"
        service: "probe"
        slos:
          - name: "availability"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_server_request_duration_seconds_count{job="probe",http_response_status_code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_server_request_duration_seconds_count{job="probe"}[{{.window}}]))
        """);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Server server = new Server(jar, dir, port, dbUrl);
    int exit;
    try {
      server.start();
      Result r = load(server, mode, batches, outageSeconds, adminUrl, dbName, dbUrl);
      System.out.println(r);
      exit = r.committed() == r.sent() ? 0 : 1;
    } finally {
      server.stop();
      try (Connection admin = DriverManager.getConnection(adminUrl);
          Statement st = admin.createStatement()) {
        st.execute("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
        st.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
      }
    }
    System.exit(exit);
  }

  record Result(
      String mode,
      long sent,
      long acknowledged,
      long committed,
      long retries,
      long status503,
      long connectionErrors,
      double seconds,
      String fault) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: committed %d of %d events sent (%d acknowledged) in %.1f s; %d retries (%d answers"
              + " 503, %d connection errors); %s",
          mode,
          committed,
          sent,
          acknowledged,
          seconds,
          retries,
          status503,
          connectionErrors,
          fault);
    }
  }

  private static Result load(
      Server server,
      String mode,
      int batches,
      int outageSeconds,
      String adminUrl,
      String dbName,
      String dbUrl)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicInteger next = new AtomicInteger();
    AtomicLong acked = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong connectionErrors = new AtomicLong();
    long start = System.nanoTime();
    long base = System.currentTimeMillis();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread t =
          Thread.ofPlatform()
              .start(
                  () -> {
                    int b;
                    while ((b = next.getAndIncrement()) < batches) {
                      String body = batch(base, b);
                      while (true) {
                        int status;
                        try {
                          status =
                              http.send(
                                      HttpRequest.newBuilder(
                                              URI.create(
                                                  "http://127.0.0.1:"
                                                      + server.port
                                                      + "/api/v1/events"))
                                          .timeout(Duration.ofSeconds(30))
                                          .header("Content-Type", "application/x-ndjson")
                                          .header("Idempotency-Key", "probe-" + b)
                                          .POST(HttpRequest.BodyPublishers.ofString(body))
                                          .build(),
                                      HttpResponse.BodyHandlers.discarding())
                                  .statusCode();
                        } catch (IOException e) {
                          connectionErrors.incrementAndGet();
                          status = -1;
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                        if (status >= 200 && status < 300) {
                          acked.addAndGet(EVENTS_PER_BATCH);
                          break;
                        }
                        if (status == 503) {
                          unavailable.incrementAndGet();
                        } else if (status > 0) {
                          throw new IllegalStateException("batch " + b + ": HTTP " + status);
                        }
                        retries.incrementAndGet();
                        try {
                          Thread.sleep(200);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                      }
                    }
                  });
      clients.add(t);
    }
    // The fault, once a third of the batches are acknowledged.
    while (acked.get() < (long) batches * EVENTS_PER_BATCH / 3) {
      Thread.sleep(20);
    }
    String fault;
    long faultStart = System.nanoTime();
    if (mode.equals("outage")) {
      try (Connection admin = DriverManager.getConnection(adminUrl);
          Statement st = admin.createStatement()) {
        st.execute("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS false");
        st.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + dbName
                + "'");
        Thread.sleep(outageSeconds * 1000L);
        st.execute("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
      }
      fault =
          String.format(
              Locale.ROOT,
              "database refused connections for %.1f s after %d events were acknowledged",
              (System.nanoTime() - faultStart) / 1e9,
              (long) batches * EVENTS_PER_BATCH / 3);
    } else {
      long atKill = acked.get();
      server.kill();
      server.start();
      fault =
          String.format(
              Locale.ROOT,
              "SIGKILL after %d events were acknowledged, restarted and ready in %.1f s",
              atKill,
              (System.nanoTime() - faultStart) / 1e9);
    }
    for (Thread t : clients) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long committed;
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(sum(total), 0) FROM sli_buckets"
                    + " WHERE slo = 'probe-availability'")) {
      rs.next();
      committed = Math.round(rs.getDouble(1));
    }
    return new Result(
        mode,
        (long) batches * EVENTS_PER_BATCH,
        acked.get(),
        committed,
        retries.get(),
        unavailable.get(),
        connectionErrors.get(),
        seconds,
        fault);
  }

  private static String batch(long base, int b) {
    StringBuilder sb = new StringBuilder(EVENTS_PER_BATCH * 110);
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      sb.append("{\"ts\":")
          .append(base + (b % 600) * 100L)
          .append(",\"service\":\"probe\",\"route\":\"/r\",\"method\":\"GET\",\"status\":")
          .append(i % 50 == 0 ? 500 : 200)
          .append(",\"duration_ms\":")
          .append(5 + i % 40)
          .append("}\n");
    }
    return sb.toString();
  }

  /** The server jar as a child process. */
  private static final class Server {
    final Path jar;
    final Path slos;
    final int port;
    final String dbUrl;
    Process process;

    Server(Path jar, Path slos, int port, String dbUrl) {
      this.jar = jar;
      this.slos = slos;
      this.port = port;
      this.dbUrl = dbUrl;
    }

    void start() throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-jar",
                  jar.toString(),
                  "serve",
                  "--slos",
                  slos.toString(),
                  "--port",
                  Integer.toString(port),
                  "--host",
                  "127.0.0.1")
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(new File(slos.toFile(), "server.log")));
      pb.environment().put("BURNRATE_DB_URL", dbUrl);
      pb.environment().put("BURNRATE_AUTH_REQUIRED", "false");
      pb.environment().put("BURNRATE_DATABASE_CONNECTION_TIMEOUT", "2s");
      process = pb.start();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the server exited; see " + slos.resolve("server.log"));
        }
        try {
          int status =
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + port + "/health/ready"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          if (status == 200) {
            return;
          }
        } catch (ConnectException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("the server was not ready within 120 s");
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL
      process.waitFor();
    }

    void stop() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
