package dev.burnrate.ingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.testing.WriteRequests;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole ingest node (receivers, writer, database) in a child JVM is killed with SIGKILL while
 * clients load it over real HTTP; after a restart the clients re-send what was not acknowledged
 * (and some of what was), and every request still counts exactly once.
 */
class ServerCrashIT {
  private static final int EVENT_BATCHES = 200;
  private static final int EVENT_SENDERS = 6;
  private static final int KILL_AFTER_ACKS = 40;
  private static final double SLOW_MS = 450;
  private static final double FAST_MS = 120;

  private static final int COUNTER_SENDERS = 4;
  private static final int COUNTER_REQUESTS = 90;
  private static final int RESET_EVERY = 30;
  private static final double STEP_OK = 3;
  private static final double STEP_ERROR = 1;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    client.close();
  }

  @Test
  void eventBatches_countExactlyOnce_whenTheServerIsKilledMidLoad_andClientsRetry()
      throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      String run = Long.toString(System.nanoTime(), 36);
      long ts = Instant.now().toEpochMilli();
      int loadPort = startNode(db.url());

      // Load: each sender posts its share of the batches until the node dies under it.
      Set<Integer> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger killedAt = new AtomicInteger(-1);
      List<Thread> senders = new ArrayList<>();
      for (int s = 0; s < EVENT_SENDERS; s++) {
        int first = s;
        senders.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = first;
                          i < EVENT_BATCHES && killedAt.get() < 0;
                          i += EVENT_SENDERS) {
                        try {
                          if (postEvents(loadPort, run, i, ts).statusCode() == 200) {
                            acked.add(i);
                          }
                        } catch (IOException e) {
                          return; // The node is gone: this batch and the rest stay unacknowledged.
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                      }
                    }));
      }
      Await.until(
          "the ingest node to acknowledge",
          Duration.ofSeconds(60),
          () -> acked.size() >= KILL_AFTER_ACKS);
      Process first = processes.getLast();
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, requests in flight cut off.
      killedAt.set(acked.size());
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Thread t : senders) {
        t.join(Duration.ofSeconds(30));
      }
      Set<Integer> ackedBeforeCrash = Set.copyOf(acked);
      assertThat(ackedBeforeCrash).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
      assertThat(ackedBeforeCrash).as("the kill came mid-load").hasSizeLessThan(EVENT_BATCHES);
      try (Connection c = db.connect()) {
        // Every acknowledged batch was durable; some unacknowledged ones may have committed too.
        assertThat(committedKeys(c, run)).containsAll(ackedBeforeCrash);
      }

      // Restart and retry: every unacknowledged batch, and every fourth acknowledged one.
      int port = startNode(db.url());
      for (int i = 0; i < EVENT_BATCHES; i++) {
        boolean wasAcked = ackedBeforeCrash.contains(i);
        if (wasAcked && i % 4 != 0) {
          continue;
        }
        HttpResponse<String> r = postEvents(port, run, i, ts);
        assertThat(r.statusCode()).as("batch %d: %s", i, r.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getInteger("accepted")).isEqualTo(eventsIn(i));
        if (wasAcked) {
          assertThat(answer.getLong("applied")).as("re-sent acknowledged batch %d", i).isZero();
        }
      }

      long events = 0;
      long fast = 0;
      for (int i = 0; i < EVENT_BATCHES; i++) {
        for (int j = 0; j < eventsIn(i); j++) {
          events++;
          fast += durationMs(i, j) == FAST_MS ? 1 : 0;
        }
      }
      try (Connection c = db.connect()) {
        assertThat(committedKeys(c, run)).hasSize(EVENT_BATCHES);
        double[] sums = sums(c, IngestNode.EVENTS_SLO);
        assertThat(sums[2]).as("total: every event of every batch, once").isEqualTo(events);
        assertThat(sums[0]).as("good: events within 300 ms").isEqualTo(fast);
      }
    }
  }

  @Test
  void remoteWriteCounters_countExactlyOnce_whenTheServerIsKilledMidLoad_andSamplesAreResent()
      throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      long base = Instant.now().minus(10, ChronoUnit.MINUTES).toEpochMilli();
      int loadPort = startNode(db.url());

      // Each sender owns its two series and sends them in order, one request at a time, as a
      // Prometheus queue shard does; a request carries one sample of each series.
      AtomicIntegerArray ackedUpTo = new AtomicIntegerArray(COUNTER_SENDERS);
      AtomicInteger acks = new AtomicInteger();
      List<Thread> senders = new ArrayList<>();
      for (int s = 0; s < COUNTER_SENDERS; s++) {
        int sender = s;
        ackedUpTo.set(s, -1);
        senders.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < COUNTER_REQUESTS; i++) {
                        try {
                          if (postCounters(loadPort, sender, i, base).statusCode() != 204) {
                            return;
                          }
                          ackedUpTo.set(sender, i);
                          acks.incrementAndGet();
                        } catch (IOException e) {
                          return;
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                      }
                    }));
      }
      Await.until(
          "the ingest node to acknowledge",
          Duration.ofSeconds(60),
          () -> acks.get() >= KILL_AFTER_ACKS);
      Process first = processes.getLast();
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Thread t : senders) {
        t.join(Duration.ofSeconds(30));
      }
      assertThat(acks.get())
          .as("the kill came mid-load")
          .isLessThan(COUNTER_SENDERS * COUNTER_REQUESTS);

      // Restart; each sender goes back five acknowledged requests (re-sent samples, as
      // Prometheus re-sends after a failed request) and sends the rest in order.
      int port = startNode(db.url());
      for (int s = 0; s < COUNTER_SENDERS; s++) {
        for (int i = Math.max(0, ackedUpTo.get(s) - 4); i < COUNTER_REQUESTS; i++) {
          HttpResponse<String> r = postCounters(port, s, i, base);
          assertThat(r.statusCode()).as("sender %d request %d: %s", s, i, r.body()).isEqualTo(204);
        }
      }

      // The first sample of each series is its baseline; every later one adds one step (a
      // reset to one step counts as an increase of that step), so each series adds
      // step x (requests - 1), whatever was cut off or re-sent.
      double steps = COUNTER_REQUESTS - 1;
      try (Connection c = db.connect()) {
        double[] sums = sums(c, IngestNode.COUNTERS_SLO);
        assertThat(sums[1]).as("bad").isEqualTo(COUNTER_SENDERS * STEP_ERROR * steps);
        assertThat(sums[2]).as("total").isEqualTo(COUNTER_SENDERS * (STEP_OK + STEP_ERROR) * steps);
      }
    }
  }

  private int startNode(String url) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                IngestNode.class.getName(),
                url)
            .redirectError(
                ProcessBuilder.Redirect.appendTo(Path.of("target", "ingest-node.log").toFile()))
            .start();
    processes.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the node's first line (see target/ingest-node.log)").startsWith("PORT ");
    return Integer.parseInt(line.substring(5).trim());
  }

  private static int eventsIn(int batch) {
    return 1 + batch % 9;
  }

  private static double durationMs(int batch, int event) {
    return (batch + event) % 4 == 0 ? SLOW_MS : FAST_MS;
  }

  private HttpResponse<String> postEvents(int port, String run, int batch, long ts)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    for (int j = 0; j < eventsIn(batch); j++) {
      body.append("{\"ts\":")
          .append(ts)
          .append(",\"service\":\"crash\",\"route\":\"/r")
          .append(j % 3)
          .append("\",\"method\":\"GET\",\"status\":")
          .append(j % 5 == 4 ? 503 : 200)
          .append(",\"duration_ms\":")
          .append(durationMs(batch, j))
          .append("}\n");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IngestRoutes.EVENTS_PATH))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .header("Idempotency-Key", key(run, batch))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postCounters(int port, int sender, int request, long base)
      throws IOException, InterruptedException {
    long[] ts = {base + request * 1_000L};
    double step = request % RESET_EVERY + 1; // back to 1 every RESET_EVERY requests: a reset
    byte[] body =
        WriteRequests.create()
            .series(
                Map.of(
                    "__name__",
                    "crash_requests_total",
                    "job",
                    "crash",
                    "code",
                    "200",
                    "shard",
                    "s" + sender),
                ts,
                new double[] {STEP_OK * step})
            .series(
                Map.of(
                    "__name__",
                    "crash_requests_total",
                    "job",
                    "crash",
                    "code",
                    "503",
                    "shard",
                    "s" + sender),
                ts,
                new double[] {STEP_ERROR * step})
            .snappy();
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + IngestRoutes.REMOTE_WRITE_PATH))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static String key(String run, int batch) {
    return "events-" + run + "-" + batch;
  }

  private static Set<Integer> committedKeys(Connection c, String run) throws SQLException {
    Set<Integer> batches = ConcurrentHashMap.newKeySet();
    String prefix = "events-" + run + "-";
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idempotency_key FROM sli_idempotency_keys WHERE idempotency_key LIKE ?")) {
      // Stored scoped by endpoint and sender: "/api/v1/events - <key>".
      ps.setString(1, "% " + prefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1);
          batches.add(Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1 + prefix.length())));
        }
      }
    }
    return batches;
  }

  /** Good, bad and total of an SLO summed over all its buckets. */
  static double[] sums(Connection c, String slo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(sum(good), 0), coalesce(sum(bad), 0), coalesce(sum(total), 0)"
                + " FROM sli_buckets WHERE slo = ?")) {
      ps.setString(1, slo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
      }
    }
  }
}
