package dev.burnrate.api.server;

import dev.burnrate.ingest.http.IngestRoutes;
import dev.burnrate.ingest.http.IngestStats;
import dev.burnrate.ingest.store.BucketWriter;
import dev.burnrate.ingest.store.WriterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Exposes the store writer's counters as {@code burnrate_ingest_*} metrics. */
final class IngestMetrics {
  private IngestMetrics() {}

  static void bind(BucketWriter writer, MeterRegistry registry) {
    counter(
        registry,
        writer,
        "burnrate.ingest.transactions",
        "Group transactions committed",
        WriterStats::transactions);
    counter(
        registry,
        writer,
        "burnrate.ingest.batches",
        "Ingest requests (batches) committed and acknowledged",
        WriterStats::batches);
    counter(
        registry,
        writer,
        "burnrate.ingest.samples.applied",
        "Matched samples applied to SLI buckets",
        WriterStats::applied);
    counter(
        registry,
        writer,
        "burnrate.ingest.samples.duplicate",
        "Samples that added nothing because they were already counted",
        WriterStats::duplicates);
    counter(
        registry,
        writer,
        "burnrate.ingest.samples.too.late",
        "Samples rejected as too late or too far in the future",
        WriterStats::tooLate);
    counter(
        registry,
        writer,
        "burnrate.ingest.batches.rejected",
        "Batches refused with 503 at submit (queue full, database down, closing)",
        WriterStats::rejected);
    counter(
        registry,
        writer,
        "burnrate.ingest.batches.failed",
        "Batches whose transaction failed (answered 503)",
        WriterStats::failedBatches);
    counter(
        registry,
        writer,
        "burnrate.ingest.transactions.failed",
        "Transactions that failed and were rolled back",
        WriterStats::failedTransactions);
    counter(
        registry,
        writer,
        "burnrate.ingest.transactions.retried",
        "Transactions rolled back and run again",
        WriterStats::retriedTransactions);
    counter(
        registry,
        writer,
        "burnrate.ingest.series.collisions",
        "Series skipped because another series key has the same 64-bit hash",
        WriterStats::collisions);
    gauge(
        registry,
        writer,
        "burnrate.ingest.queued.batches",
        "Batches accepted and not yet committed",
        WriterStats::queuedBatches);
    gauge(
        registry,
        writer,
        "burnrate.ingest.queued.samples",
        "Samples accepted and not yet committed",
        WriterStats::queuedSamples);
    gauge(
        registry,
        writer,
        "burnrate.ingest.queued.bytes",
        "Estimated bytes accepted and not yet committed",
        WriterStats::queuedBytes);
    counter(
        registry,
        writer,
        "burnrate.ingest.series.log.samples",
        "Samples of series log rows this instance applied (ingest.seriesState log)",
        WriterStats::logSamples);
    counter(
        registry,
        writer,
        "burnrate.ingest.series.log.duplicates",
        "Samples of applied series log rows at or before their series' last time",
        WriterStats::logDuplicates);
    Gauge.builder("burnrate.ingest.series.log.lag", writer, w -> w.stats().logLagMillis() / 1000.0)
        .description(
            "Age of the oldest series log row left after this instance's last apply, in seconds;"
                + " -0.001 when this instance does not apply the log")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Exposes the endpoints' own counters: requests by endpoint and outcome, and the samples they
   * carried and that an SLO selected.
   */
  static void bind(IngestRoutes routes, MeterRegistry registry) {
    Map<String, Function<IngestStats, IngestStats.Endpoint>> endpoints =
        Map.of(
            "remote_write", IngestStats::remoteWrite,
            "otlp", IngestStats::otlpMetrics,
            "events", IngestStats::events);
    Map<String, ToLongFunction<IngestStats.Endpoint>> outcomes =
        Map.of(
            "accepted", IngestStats.Endpoint::accepted,
            "rejected", IngestStats.Endpoint::rejected,
            "unavailable", IngestStats.Endpoint::unavailable,
            "failed", IngestStats.Endpoint::failed);
    endpoints.forEach(
        (endpoint, select) -> {
          outcomes.forEach(
              (outcome, value) ->
                  FunctionCounter.builder(
                          "burnrate.ingest.requests",
                          routes,
                          r -> value.applyAsLong(select.apply(r.stats())))
                      .description(
                          "Ingest requests by endpoint and outcome (accepted 2xx, rejected 4xx,"
                              + " unavailable 503 or 429, failed 500)")
                      .tag("endpoint", endpoint)
                      .tag("outcome", outcome)
                      .register(registry));
          FunctionCounter.builder(
                  "burnrate.ingest.endpoint.samples.received",
                  routes,
                  r -> select.apply(r.stats()).samplesReceived())
              .description("Samples (events for the events endpoint) in accepted requests")
              .tag("endpoint", endpoint)
              .register(registry);
          FunctionCounter.builder(
                  "burnrate.ingest.endpoint.samples.matched",
                  routes,
                  r -> select.apply(r.stats()).samplesMatched())
              .description("Samples of accepted requests that some SLO selected")
              .tag("endpoint", endpoint)
              .register(registry);
        });
  }

  private static void counter(
      MeterRegistry registry,
      BucketWriter writer,
      String name,
      String description,
      ToLongFunction<WriterStats> value) {
    FunctionCounter.builder(name, writer, w -> value.applyAsLong(w.stats()))
        .description(description)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry registry,
      BucketWriter writer,
      String name,
      String description,
      ToLongFunction<WriterStats> value) {
    Gauge.builder(name, writer, w -> value.applyAsLong(w.stats()))
        .description(description)
        .register(registry);
  }
}
