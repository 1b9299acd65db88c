package dev.burnrate.api.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces: exported over OTLP/HTTP when an endpoint is configured, otherwise a no-op
 * that costs nothing.
 */
public final class Tracing implements AutoCloseable {
  /** The instrumentation scope name of Burnrate's spans. */
  public static final String SCOPE = "dev.burnrate";

  private final OpenTelemetry openTelemetry;
  private final Optional<SdkTracerProvider> provider;

  private Tracing(OpenTelemetry openTelemetry, Optional<SdkTracerProvider> provider) {
    this.openTelemetry = openTelemetry;
    this.provider = provider;
  }

  /**
   * Traces to {@code otlpEndpoint} (the OTLP/HTTP base URL, such as http://localhost:4318), or
   * none.
   */
  public static Tracing create(Optional<String> otlpEndpoint, String serviceName) {
    if (otlpEndpoint.isEmpty()) {
      return new Tracing(OpenTelemetry.noop(), Optional.empty());
    }
    String base = otlpEndpoint.get().replaceAll("/+$", "");
    String endpoint = base.endsWith("/v1/traces") ? base : base + "/v1/traces";
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.builder().put("service.name", serviceName).build())))
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
                    .build())
            .build();
    return new Tracing(
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            // Requests that carry a W3C traceparent continue their caller's trace.
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build(),
        Optional.of(provider));
  }

  /** The OpenTelemetry API to hand to modules that make spans. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Burnrate's tracer. */
  public Tracer tracer() {
    return openTelemetry.getTracer(SCOPE);
  }

  /** How trace context is read from incoming requests. */
  public TextMapPropagator propagator() {
    return openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** Flushes and stops the exporter. */
  @Override
  public void close() {
    provider.ifPresent(p -> p.shutdown().join(5, TimeUnit.SECONDS));
  }
}
