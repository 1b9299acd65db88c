package dev.burnrate.ingest.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.testing.Slos;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.time.Clock;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** A point's attributes become labels with the limits checked as they are read. */
class OtlpAttributesTest {
  private final IngestLimits limits = IngestLimits.defaults();

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  /** n attributes made on demand, counting how many are read. */
  private static final class CountingAttributes extends AbstractList<KeyValue> {
    private final int size;
    private final IntFunction<KeyValue> attribute;
    int read;

    CountingAttributes(int size, IntFunction<KeyValue> attribute) {
      this.size = size;
      this.attribute = attribute;
    }

    @Override
    public KeyValue get(int index) {
      read++;
      return attribute.apply(index);
    }

    @Override
    public int size() {
      return size;
    }
  }

  private static HttpProblem refusal(Runnable r) {
    try {
      r.run();
    } catch (HttpProblem p) {
      return p;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aPointWith100000Attributes_isRefusedNamingTheLabelLimit() {
    NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setAsInt(1);
    for (int i = 0; i < 100_000; i++) {
      point.addAttributes(attr("a" + i, "v"));
    }
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("orders")
                                    .setSum(
                                        Sum.newBuilder()
                                            .setIsMonotonic(true)
                                            .setAggregationTemporality(
                                                AggregationTemporality
                                                    .AGGREGATION_TEMPORALITY_DELTA)
                                            .addDataPoints(point)))))
            .build();
    SelectorIndex index =
        SelectorIndex.of(
            List.of(
                Slos.goodOverTotal("s", Slos.query("orders_total"), Slos.query("orders_total"))));
    assertThatThrownBy(
            () ->
                OtlpTranslator.translate(
                    request, limits, index, Clock.systemUTC(), new BatchBuilder()))
        .isInstanceOfSatisfying(
            HttpProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.extensions()).containsEntry("limit", "maxLabelsPerSeries");
              assertThat(p.detail())
                  .contains("maxLabelsPerSeries = " + limits.maxLabelsPerSeries());
            });
  }

  @Test
  void readingStops_atTheFirstAttributeOverTheLabelLimit() {
    CountingAttributes attributes = new CountingAttributes(100_000, i -> attr("a" + i, "v"));
    HttpProblem p =
        refusal(
            () ->
                OtlpLabels.fillLabels(
                    new SeriesLabels(),
                    attributes,
                    new OtlpTranslator.Resource("job", null),
                    limits));
    assertThat(p.extensions()).containsEntry("limit", "maxLabelsPerSeries");
    assertThat(attributes.read).isEqualTo(limits.maxLabelsPerSeries() + 1);
  }

  @Test
  void readingStops_whenAttributesJoiningIntoOneLabelGetTooLong() {
    // 100,000 attributes that all become the label "a": their joined value grows by one ";" each.
    CountingAttributes attributes = new CountingAttributes(100_000, i -> attr("a", ""));
    HttpProblem p =
        refusal(
            () ->
                OtlpLabels.fillLabels(
                    new SeriesLabels(),
                    attributes,
                    new OtlpTranslator.Resource(null, null),
                    limits));
    assertThat(p.extensions()).containsEntry("limit", "maxLabelValueLength");
    assertThat(attributes.read).isLessThanOrEqualTo(limits.maxLabelValueLength() + 2);
  }

  @Test
  void attributesMappingToOneLabel_joinInTheOrderOfTheirKeys_andTheResourceLabelsWin() {
    List<KeyValue> attributes = new ArrayList<>();
    attributes.add(attr("http_route", "second"));
    attributes.add(attr("job", "ignored"));
    attributes.add(attr("http.route", "first"));
    attributes.add(attr("code", "200"));
    SeriesLabels labels = new SeriesLabels();
    OtlpLabels.fillLabels(
        labels, attributes, new OtlpTranslator.Resource("shop/checkout", "pod-1"), limits);
    assertThat(labels.seriesKey("m"))
        .isEqualTo(
            "m{code=\"200\",http_route=\"first;second\",instance=\"pod-1\",job=\"shop/checkout\"}");
  }
}
