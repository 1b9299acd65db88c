package dev.burnrate.ingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterSettings;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.ChildProcess;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes counters the test serves (which grow, and reset once) and remote-writes
 * them to the real receivers backed by the real store; the totals Burnrate stores for an
 * availability SLO equal the increases computed from Prometheus' own raw samples.
 */
class PrometheusTotalsIT {
  private static final Path PROMETHEUS =
      ChildProcess.binary("prometheus").orElse(Path.of("/usr/bin/prometheus"));
  private static final String SLO = "api-availability";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private Process prometheus;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
        prometheus.waitFor(20, TimeUnit.SECONDS);
      }
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    client.close();
  }

  @Test
  void storedTotals_equalTheIncreasesOfPrometheusRawSamples_acrossACounterReset() throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "no " + PROMETHEUS);
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build());
        BucketWriter writer =
            BucketWriter.start(
                database.dataSource(), WriterSettings.defaults(), Clock.systemUTC())) {
      vertx = Vertx.vertx();
      Router router = Router.router(vertx);
      IngestRoutes.create(
              vertx,
              writer,
              IngestLimits.defaults(),
              Clock.systemUTC(),
              List.of(
                  Slos.badOverTotal(
                      SLO,
                      Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                      Slos.query("http_requests_total{job=\"api\"}"))))
          .mount(router);

      // The scraped target: two counters that grow every 100 ms while `growing`; the target has
      // already counted before Prometheus' first scrape.
      AtomicLong ok = new AtomicLong(1_000);
      AtomicLong errors = new AtomicLong(20);
      AtomicBoolean growing = new AtomicBoolean(true);
      AtomicInteger scrapes = new AtomicInteger();
      vertx.setPeriodic(
          100,
          id -> {
            if (growing.get()) {
              ok.addAndGet(7);
              errors.addAndGet(scrapes.get() % 3 == 0 ? 1 : 0);
            }
          });
      router
          .get("/metrics")
          .handler(
              ctx -> {
                scrapes.incrementAndGet();
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4")
                    .end(
                        """
                        # TYPE http_requests_total counter
                        http_requests_total{code="200"} %d
                        http_requests_total{code="500"} %d
                        # TYPE http_requests_in_flight gauge
                        http_requests_in_flight 3
                        """
                            .formatted(ok.get(), errors.get()));
              });
      int port =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .actualPort();

      int webPort = ChildProcess.freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: api
              static_configs:
                - targets: ['127.0.0.1:%d']
          remote_write:
            - url: http://127.0.0.1:%d%s
              queue_config:
                batch_send_deadline: 200ms
                min_backoff: 100ms
                max_backoff: 1s
          """
              .formatted(port, port, IngestRoutes.REMOTE_WRITE_PATH));
      prometheus =
          new ProcessBuilder(
                  PROMETHEUS.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + webPort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();

      // Grow for a few scrapes, reset both counters (a restarted target), grow again, then freeze
      // so that the last values are scraped and remote-written.
      Await.until(
          "Prometheus' scrapes and Burnrate's buckets",
          Duration.ofSeconds(60),
          () -> scrapes.get() >= 3);
      ok.set(5);
      errors.set(0);
      int afterReset = scrapes.get();
      Await.until(
          "Prometheus' scrapes and Burnrate's buckets",
          Duration.ofSeconds(30),
          () -> scrapes.get() >= afterReset + 3);
      growing.set(false);
      int frozen = scrapes.get();
      Await.until(
          "Prometheus' scrapes and Burnrate's buckets",
          Duration.ofSeconds(30),
          () -> scrapes.get() >= frozen + 2);

      // Expected totals: Burnrate takes the first sample of each series as its baseline (what the
      // target counted before that sample was counted before anyone looked) and adds, per later
      // sample, the difference to the previous one, or the value itself when it is lower (a
      // reset: the counter restarted from zero). The same sum over Prometheus' raw samples is the
      // exact increase Prometheus saw; its increase() would extrapolate to the window's edges.
      double[] expected = new double[2]; // bad, total
      Await.until(
          "Prometheus' scrapes and Burnrate's buckets",
          Duration.ofSeconds(30),
          () -> {
            double[] e = increases(webPort);
            expected[0] = e[0];
            expected[1] = e[1];
            return e[1] > 0;
          });
      Await.until(
          "Prometheus' scrapes and Burnrate's buckets",
          Duration.ofSeconds(30),
          () -> {
            double[] stored = stored(db);
            return stored[1] == expected[0] && stored[2] == expected[1];
          });
      double[] stored = stored(db);
      assertThat(stored[1]).as("bad = increase of code 500").isEqualTo(expected[0]);
      assertThat(stored[2]).as("total = increase of both").isEqualTo(expected[1]);
      assertThat(stored[1]).as("some requests failed").isGreaterThan(0);
      // Raw samples again, now that Burnrate has them: nothing moved since the freeze.
      assertThat(increases(webPort)).containsExactly(expected);
    }
  }

  /** Bad and total increases from Prometheus' raw samples of the last 10 minutes. */
  private double[] increases(int webPort) {
    String query =
        URLEncoder.encode("http_requests_total{job=\"api\"}[10m]", StandardCharsets.UTF_8);
    JsonObject answer;
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + webPort + "/api/v1/query?query=" + query))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return new double[2];
      }
      answer = new JsonObject(r.body());
    } catch (IOException e) {
      return new double[2]; // Prometheus is still starting.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double bad = 0;
    double total = 0;
    JsonArray result = answer.getJsonObject("data").getJsonArray("result");
    for (int i = 0; i < result.size(); i++) {
      JsonObject series = result.getJsonObject(i);
      JsonArray values = series.getJsonArray("values");
      double increase = 0;
      for (int j = 1; j < values.size(); j++) {
        double prev = Double.parseDouble(values.getJsonArray(j - 1).getString(1));
        double v = Double.parseDouble(values.getJsonArray(j).getString(1));
        increase += v >= prev ? v - prev : v;
      }
      total += increase;
      if ("500".equals(series.getJsonObject("metric").getString("code"))) {
        bad += increase;
      }
    }
    return new double[] {bad, total};
  }

  private static double[] stored(TestDatabase db) {
    try (Connection c = db.connect()) {
      return ServerCrashIT.sums(c, SLO);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
