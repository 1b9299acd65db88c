package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package) scrapes counters the test serves and remote-writes them to
 * the receiver; skipped when {@code prometheus} is not on the PATH.
 */
class PrometheusRemoteWriteIT {
  private IngestServer server;
  private Process prometheus;

  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void prometheusRemoteWrite_deliversTheScrapedCounters() throws Exception {
    Path binary = ChildProcess.binary("prometheus").orElse(null);
    assumeTrue(binary != null, "prometheus is not installed");

    server =
        new IngestServer(
            IngestLimits.defaults(),
            Clock.systemUTC(),
            List.of(
                Slos.badOverTotal(
                    "api-errors",
                    Slos.query("http_requests_total{job=\"api\",code=~\"5..\"}"),
                    Slos.query("http_requests_total{job=\"api\"}"))));
    // The scraped target: fixed counter values in the Prometheus text format.
    io.vertx.ext.web.Router metrics = io.vertx.ext.web.Router.router(server.vertx);
    metrics
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4")
                    .end(
                        """
                        # TYPE http_requests_total counter
                        http_requests_total{code="200"} 1027
                        http_requests_total{code="503"} 3
                        # TYPE queue_depth gauge
                        queue_depth 12
                        """));
    int targetPort =
        server
            .vertx
            .createHttpServer()
            .requestHandler(metrics)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .actualPort();

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
          - url: %s
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 100ms
              max_backoff: 1s
        """
            .formatted(targetPort, server.uri(IngestRoutes.REMOTE_WRITE_PATH)));
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:0")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();

    String errors =
        "http_requests_total{code=\"503\",instance=\"127.0.0.1:" + targetPort + "\",job=\"api\"}";
    String ok =
        "http_requests_total{code=\"200\",instance=\"127.0.0.1:" + targetPort + "\",job=\"api\"}";
    Await.until(
        "the remote-written samples",
        Duration.ofSeconds(60),
        () -> server.sink.series().containsKey(errors) && server.sink.series().containsKey(ok));

    Map<String, MatchedSeries> series = server.sink.series();
    assertThat(series).containsOnlyKeys(errors, ok);
    assertThat(series.get(errors).temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(series.get(errors).values()).containsOnly(3);
    assertThat(series.get(ok).values()).containsOnly(1027);
    assertThat(series.get(errors).contributions())
        .containsExactlyInAnyOrder(
            new Contribution("api-errors", SliRole.BAD, 1),
            new Contribution("api-errors", SliRole.TOTAL, 1));
    assertThat(series.get(ok).contributions())
        .containsExactly(new Contribution("api-errors", SliRole.TOTAL, 1));
    long[] ts = series.get(ok).timestampsMs();
    assertThat(ts[0]).isGreaterThan(1_700_000_000_000L);
  }
}
