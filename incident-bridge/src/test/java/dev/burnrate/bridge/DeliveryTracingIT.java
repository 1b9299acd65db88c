package dev.burnrate.bridge;

import static dev.burnrate.slo.engine.AlertTransition.Kind.FIRING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.fake.PagerDutyFake;
import dev.burnrate.testsupport.Await;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every delivery attempt to an ITSM tool is a client span that says what was sent and how. */
class DeliveryTracingIT {
  private static final String KEY = "R0UTINGKEY0000000000000000000000";

  @Test
  void deliveries_areTracedAsClientSpans_withConnectorRecordAndOutcome() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        BridgeFixture fx = new BridgeFixture();
        PagerDutyFake pd = new PagerDutyFake(KEY)) {
      BridgeSettings settings =
          BridgeSettings.defaults()
              .withOutbox(DeliveryIT.fastOutbox())
              .withConnectors(
                  List.of(
                      ConnectorSettings.of(
                          "pagerduty",
                          "pagerduty",
                          pd.url(),
                          Map.of("routingKey", KEY),
                          Match.all())));
      try (IncidentBridge bridge = fx.bridge(settings, provider.get("test"))) {
        bridge.start();
        bridge.accept(fx.page1h(FIRING, "checkout-availability", "checkout"));
        String key = bridge.activeIncidentKey("checkout-availability").orElseThrow();

        Await.until(
            "the incident at PagerDuty", Duration.ofSeconds(30), () -> pd.recordsFor(key) == 1);
        Await.until(
            "the delivery span",
            Duration.ofSeconds(10),
            () -> !spans.getFinishedSpanItems().isEmpty());

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("bridge.deliver");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("burnrate.connector")))
            .isEqualTo("pagerduty");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("burnrate.record")))
            .isEqualTo(key);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("burnrate.outcome")))
            .isEqualTo("delivered");
        assertThat(span.getAttributes().get(AttributeKey.longKey("burnrate.attempt"))).isEqualTo(1);
      }
    }
  }
}
