package dev.burnrate.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.ChildProcess;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Burnrate processes (the shaded jar) on one database behind a client that spreads load over
 * all three, as a load balancer does: the leader killed with SIGKILL under load and restarted,
 * every acknowledged event counted once, the three answering the same statuses, one incident per
 * burning SLO, and every outbox message delivered once to a webhook receiver although all three
 * instances run outbox workers.
 */
class ThreeInstancesIT {
  static final String ADMIN = "three-instances-admin-token-0123456789";
  static final List<String> IDS = List.of("a", "b", "c");
  static final int SERVICES = 6;
  // Services 0 to 2 fail every request: their SLOs burn. The others never fail.
  static final int BURNING = 3;
  static final int EVENTS_PER_BATCH = 50;
  static final Duration TAKEOVER = Duration.ofSeconds(30);

  @TempDir Path dir;
  TestDatabase db;
  HttpServer receiver;
  final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  final Map<String, Instance> byId = new ConcurrentHashMap<>();
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  // Every webhook request: its delivery id and event.
  final List<String[]> deliveries = new CopyOnWriteArrayList<>();
  String ingestToken;

  record Instance(String id, int port, ChildProcess process) {
    String base() {
      return "http://127.0.0.1:" + port;
    }
  }

  @BeforeEach
  void start() throws Exception {
    assertThat(FailoverIT.JAR).exists();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          deliveries.add(
              new String[] {
                exchange.getRequestHeaders().getFirst("X-Burnrate-Delivery"),
                exchange.getRequestHeaders().getFirst("X-Burnrate-Event")
              });
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    Path slos = Files.createDirectories(dir.resolve("slos"));
    for (int s = 0; s < SERVICES; s++) {
      Files.writeString(slos.resolve(service(s) + ".yaml"), slo(service(s)));
    }
    Files.writeString(
        dir.resolve("burnrate.yaml"),
        """
        bridge:
          outbox:
            requestTimeout: 2s
            lease: 8s
          connectors:
            - name: hook
              type: webhook
              url: http://127.0.0.1:%d/hook
              secret: three-instances-secret
        """
            .formatted(receiver.getAddress().getPort()));
    db = TestDatabase.create();
    for (String id : IDS) {
      launch(id);
    }
    for (String id : IDS) {
      awaitReady(byId.get(id));
    }
    ingestToken = token(byId.get("a"));
  }

  @AfterEach
  void stop() {
    for (ChildProcess c : children) {
      c.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
    if (db != null) {
      db.close();
    }
  }

  static String service(int s) {
    return "svc" + s;
  }

  static String slo(String service) {
    return """
        version: "prometheus/v1"
        service: "%s"
        slos:
          - name: "availability"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_server_request_duration_seconds_count{job="%s",http_response_status_code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_server_request_duration_seconds_count{job="%s"}[{{.window}}]))
            alerting:
              name: Availability
        """
        .formatted(service, service, service);
  }

  @Test
  void theLeaderKilledUnderLoad_losesNoEvent_countsNoneTwice_andEachBurnIsOneIncidentDeliveredOnce()
      throws Exception {
    Instance leader = agreedLeader(IDS);
    AtomicLongArray ackedTotal = new AtomicLongArray(SERVICES);
    AtomicLongArray ackedBad = new AtomicLongArray(SERVICES);
    AtomicInteger batches = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < IDS.size(); t++) {
      int first = t;
      load.add(
          Thread.ofPlatform()
              .name("load-" + IDS.get(t))
              .start(
                  () -> {
                    try {
                      for (int n = 0; running.get(); n++) {
                        int s = (first + n) % SERVICES;
                        sendUntilAcknowledged(first + n, s);
                        ackedTotal.addAndGet(s, EVENTS_PER_BATCH);
                        if (s < BURNING) {
                          ackedBad.addAndGet(s, EVENTS_PER_BATCH);
                        }
                        batches.incrementAndGet();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }

    Await.until("load to reach every instance", Duration.ofSeconds(60), () -> batches.get() >= 30);
    leader.process().kill();
    int atKill = batches.get();
    List<String> survivors = IDS.stream().filter(id -> !id.equals(leader.id())).toList();
    Instance next =
        Await.until("a survivor to take the lead", TAKEOVER, () -> agreedLeaderNow(survivors));
    Await.until(
        "load to go on after the kill", Duration.ofSeconds(60), () -> batches.get() >= atKill + 30);

    launch(leader.id());
    Instance back = byId.get(leader.id());
    awaitReady(back);
    int atRestart = batches.get();
    Await.until(
        "load to go on with the restarted instance",
        Duration.ofSeconds(60),
        () -> batches.get() >= atRestart + 30);
    running.set(false);
    for (Thread t : load) {
      t.join(Duration.ofSeconds(60));
    }
    assertThat(failures).isEmpty();

    assertThat(agreedLeader(IDS).id()).isEqualTo(next.id());
    for (String id : IDS) {
      Instance i = byId.get(id);
      for (int s = 0; s < SERVICES; s++) {
        int service = s;
        Await.until(
            "instance " + id + " to count every acknowledged event of " + service(s),
            Duration.ofSeconds(60),
            () -> {
              JsonObject sli = status(i, service).getJsonObject("sli");
              return sli.getDouble("total") == ackedTotal.get(service)
                  && sli.getDouble("total") - sli.getDouble("good") == ackedBad.get(service);
            });
      }
    }
    for (int s = 0; s < SERVICES; s++) {
      JsonObject first = comparable(status(byId.get("a"), s));
      for (String id : IDS) {
        assertThat(comparable(status(byId.get(id), s)))
            .as("%s on %s", service(s), id)
            .isEqualTo(first);
      }
    }

    for (int s = 0; s < BURNING; s++) {
      int service = s;
      Await.until(
          "the incident of burning " + service(s),
          Duration.ofSeconds(60),
          () -> incidents(service) == 1);
    }
    Await.until(
        "every outbox message delivered",
        Duration.ofSeconds(90),
        () ->
            count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0
                    && deliveries.size() >= count("SELECT count(*) FROM bridge_outbox")
                ? Optional.of(true)
                : Optional.empty(),
        () -> outbox() + "; received " + deliveries.size());
    for (int s = 0; s < SERVICES; s++) {
      assertThat(incidents(s)).as(service(s)).isEqualTo(s < BURNING ? 1 : 0);
    }
    Map<String, Integer> perDelivery = new HashMap<>();
    java.util.Set<String> opened = new java.util.HashSet<>();
    for (String[] d : deliveries) {
      perDelivery.merge(d[0], 1, Integer::sum);
      if ("opened".equals(d[1])) {
        opened.add(d[0]);
      }
    }
    assertThat(opened).hasSize(BURNING);
    Map<String, Integer> attempts = attempts();
    assertThat(perDelivery.keySet()).isEqualTo(attempts.keySet());
    // A message is sent again only after its claim's lease ran out: the one (per worker of the
    // killed instance) that was in flight at the SIGKILL, delivered "in doubt" with the same
    // X-Burnrate-Delivery id. Every other message reached the receiver exactly once, whichever
    // of the three instances' workers claimed it: two never sent one message at once.
    long inDoubt = attempts.values().stream().filter(a -> a > 1).count();
    assertThat(inDoubt).isLessThanOrEqualTo(2);
    perDelivery.forEach(
        (id, times) ->
            assertThat(times).as("deliveries of %s", id).isLessThanOrEqualTo(attempts.get(id)));
    attempts.forEach(
        (id, a) -> {
          if (a == 1) {
            assertThat(perDelivery.get(id)).as("deliveries of %s", id).isEqualTo(1);
          }
        });
  }

  /** The status without the parts that differ by when each instance last evaluated. */
  private static JsonObject comparable(JsonObject status) {
    JsonObject c = new JsonObject();
    c.put("sli", status.getJsonObject("sli"));
    c.put("errorBudget", status.getJsonObject("errorBudget"));
    c.put("burnRates", status.getJsonObject("burnRates"));
    JsonArray alerts = new JsonArray();
    for (Object a : status.getJsonArray("alerts")) {
      JsonObject alert = (JsonObject) a;
      alerts.add(
          new JsonObject()
              .put("name", alert.getValue("name"))
              .put("state", alert.getValue("state")));
    }
    c.put("alerts", alerts);
    return c;
  }

  /**
   * Sends one batch of events to the instance it is meant for, and on any failure (the instance was
   * killed, a request timed out) to the next one, with the same Idempotency-Key, until one
   * acknowledges it: a batch committed before its instance died is then not counted again.
   */
  private void sendUntilAcknowledged(int target, int service) throws Exception {
    String key = UUID.randomUUID().toString();
    long ts = Instant.now().toEpochMilli();
    StringBuilder events = new StringBuilder();
    for (int n = 0; n < EVENTS_PER_BATCH; n++) {
      events
          .append(
              new JsonObject()
                  .put("ts", ts)
                  .put("service", service(service))
                  .put("route", "/")
                  .put("method", "GET")
                  .put("status", service < BURNING ? 500 : 200)
                  .put("duration_ms", 3.5)
                  .encode())
          .append('\n');
    }
    String body = events.toString();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    for (int attempt = 0; ; attempt++) {
      Instance i = byId.get(IDS.get((target + attempt) % IDS.size()));
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(i.base() + "/api/v1/events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + ingestToken)
                    .header("Content-Type", "application/x-ndjson")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        // 503 while an instance starts or its database connections recover: try another.
        assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(500);
      } catch (IOException down) {
        // The instance is gone or restarting: the next one takes the same batch.
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no instance acknowledged a batch within 90 s");
      }
    }
  }

  private void launch(String id) {
    int port = ChildProcess.freePort();
    Path log = dir.resolve(id + "-" + children.size() + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ChildProcess p =
        ChildProcess.start(
            "burnrate " + id,
            List.of(
                java,
                "-Xmx256m",
                "-jar",
                FailoverIT.JAR.toString(),
                "serve",
                "--config",
                dir.resolve("burnrate.yaml").toString(),
                "--slos",
                dir.resolve("slos").toString(),
                "--port",
                Integer.toString(port)),
            log,
            Map.of(
                "BURNRATE_DB_URL", db.url(),
                "BURNRATE_ADMIN_TOKEN", ADMIN,
                "BURNRATE_SERVER_HOST", "127.0.0.1",
                "BURNRATE_ENGINE_INSTANCE_ID", id,
                // The load is about failover, not the per-token rate limit (tested elsewhere).
                "BURNRATE_AUTH_RATE_LIMIT_REQUESTS_PER_SECOND", "0",
                "BURNRATE_ENGINE_LEASE_TIMEOUT", "3s",
                "BURNRATE_ENGINE_LEADER_RETRY_INTERVAL", "500ms",
                "BURNRATE_LOGGING_FORMAT", "text"));
    children.add(p);
    byId.put(id, new Instance(id, port, p));
  }

  private void awaitReady(Instance i) {
    Await.until(
        "instance " + i.id() + " to be ready",
        Duration.ofSeconds(120),
        () -> {
          i.process().requireAlive();
          return get(i, "/health/ready").map(r -> r.statusCode() == 200).orElse(false)
              ? Optional.of(true)
              : Optional.empty();
        },
        () -> i.process().logTail(40));
  }

  private Instance agreedLeader(List<String> ids) {
    return Await.until(
        "instances " + ids + " to agree on a leader",
        Duration.ofSeconds(60),
        () -> agreedLeaderNow(ids));
  }

  private Optional<Instance> agreedLeaderNow(List<String> ids) {
    String leader = null;
    for (String id : ids) {
      String l = engine(byId.get(id)).getString("leader");
      if (l == null || (leader != null && !leader.equals(l))) {
        return Optional.empty();
      }
      leader = l;
    }
    return ids.contains(leader) ? Optional.of(byId.get(leader)) : Optional.empty();
  }

  private JsonObject engine(Instance i) {
    return get(i, "/health/ready")
        .filter(r -> r.statusCode() == 200)
        .map(r -> new JsonObject(r.body()).getJsonObject("engine"))
        .orElse(new JsonObject());
  }

  private JsonObject status(Instance i, int service) {
    HttpResponse<String> r =
        get(i, "/api/v1/slos/" + service(service) + "-availability").orElseThrow();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private Optional<HttpResponse<String>> get(Instance i, String path) {
    try {
      return Optional.of(
          client.send(
              HttpRequest.newBuilder(URI.create(i.base() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException notYet) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String token(Instance i) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(i.base() + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("name", "ingest")
                            .put("scopes", new JsonArray().add("ingest"))
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  private long incidents(int service) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM bridge_incident WHERE slo = ?")) {
      ps.setString(1, service(service) + "-availability");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Delivery attempts of every outbox message, by its X-Burnrate-Delivery id. */
  private Map<String, Integer> attempts() {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT id, attempts FROM bridge_outbox");
        ResultSet rs = ps.executeQuery()) {
      Map<String, Integer> out = new HashMap<>();
      while (rs.next()) {
        out.put("burnrate-" + rs.getLong(1), rs.getInt(2));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Outbox messages by connector, event and state, for a failure message. */
  private String outbox() {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT connector, event, state, count(*), max(last_error) FROM bridge_outbox"
                    + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
        ResultSet rs = ps.executeQuery()) {
      StringBuilder b = new StringBuilder("outbox:");
      while (rs.next()) {
        b.append(' ')
            .append(rs.getString(1))
            .append('/')
            .append(rs.getString(2))
            .append('/')
            .append(rs.getString(3))
            .append('=')
            .append(rs.getLong(4))
            .append(" (")
            .append(rs.getString(5))
            .append(')');
      }
      return b.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
