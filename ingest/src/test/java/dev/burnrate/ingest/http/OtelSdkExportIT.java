package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.ingest.pipeline.Temporality;
import dev.burnrate.ingest.testing.Slos;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry Java SDK's OTLP/HTTP exporter, exporting to the receiver. */
class OtelSdkExportIT {
  private static final String H = "http_server_request_duration_seconds";
  private IngestServer server;
  private SdkMeterProvider provider;

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private Meter meter(boolean delta) throws Exception {
    server =
        new IngestServer(
            IngestLimits.defaults(),
            Clock.systemUTC(),
            List.of(
                Slos.goodOverTotal(
                    "checkout-latency",
                    Slos.query(H + "_bucket{job=\"shop/checkout\",le=\"0.25\"}"),
                    Slos.query(H + "_count{job=\"shop/checkout\"}")),
                Slos.badOverTotal(
                    "orders",
                    Slos.query("orders_total{outcome=\"failed\"}"),
                    Slos.query("orders_total"))));
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(server.uri("/v1/metrics").toString())
            .setCompression("gzip")
            .setAggregationTemporalitySelector(
                delta
                    ? AggregationTemporalitySelector.deltaPreferred()
                    : AggregationTemporalitySelector.alwaysCumulative())
            .build();
    provider =
        SdkMeterProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.stringKey("service.namespace"), "shop",
                        AttributeKey.stringKey("service.instance.id"), "pod-7")))
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    return provider.get("burnrate-test");
  }

  private void record(Meter meter) {
    LongCounter orders = meter.counterBuilder("orders").setUnit("{order}").build();
    orders.add(5, Attributes.of(AttributeKey.stringKey("outcome"), "ok"));
    orders.add(2, Attributes.of(AttributeKey.stringKey("outcome"), "failed"));
    DoubleHistogram duration =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(List.of(0.1, 0.25, 0.5, 1.0))
            .build();
    Attributes route =
        Attributes.of(
            AttributeKey.stringKey("http.route"), "/pay",
            AttributeKey.stringKey("http.request.method"), "POST");
    for (double d : new double[] {0.05, 0.2, 0.25, 0.3, 0.9, 2.0}) {
      duration.record(d, route);
    }
  }

  @Test
  void cumulativeExport_arrivesAsTranslatedCumulativeSeries() throws Exception {
    record(meter(false));
    CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).isTrue();

    Map<String, MatchedSeries> series = server.sink.series();
    String labels =
        "http_request_method=\"POST\",http_route=\"/pay\",instance=\"pod-7\",job=\"shop/checkout\"";
    assertThat(series)
        .containsOnlyKeys(
            H + "_bucket{" + labels + ",le=\"0.25\"}",
            H + "_count{" + labels + "}",
            "orders_total{instance=\"pod-7\",job=\"shop/checkout\",outcome=\"failed\"}",
            "orders_total{instance=\"pod-7\",job=\"shop/checkout\",outcome=\"ok\"}");
    MatchedSeries good = series.get(H + "_bucket{" + labels + ",le=\"0.25\"}");
    assertThat(good.values()).containsExactly(3); // 0.05, 0.2 and 0.25
    assertThat(good.temporality()).isEqualTo(Temporality.CUMULATIVE);
    assertThat(good.contributions())
        .containsExactly(new Contribution("checkout-latency", SliRole.GOOD, 1));
    assertThat(series.get(H + "_count{" + labels + "}").values()).containsExactly(6);
    MatchedSeries failed =
        series.get("orders_total{instance=\"pod-7\",job=\"shop/checkout\",outcome=\"failed\"}");
    assertThat(failed.values()).containsExactly(2);
    assertThat(failed.contributions())
        .containsExactlyInAnyOrder(
            new Contribution("orders", SliRole.BAD, 1),
            new Contribution("orders", SliRole.TOTAL, 1));
    assertThat(
            series
                .get("orders_total{instance=\"pod-7\",job=\"shop/checkout\",outcome=\"ok\"}")
                .values())
        .containsExactly(5);
  }

  @Test
  void deltaExport_arrivesAsDeltaSeries() throws Exception {
    record(meter(true));
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    Map<String, MatchedSeries> series = server.sink.series();
    MatchedSeries failed =
        series.get("orders_total{instance=\"pod-7\",job=\"shop/checkout\",outcome=\"failed\"}");
    assertThat(failed.temporality()).isEqualTo(Temporality.DELTA);
    assertThat(failed.values()).containsExactly(2);
  }
}
