package dev.burnrate.ingest.pipeline;

/** Whether sample values are running totals or increases since the previous sample. */
public enum Temporality {
  /** Running totals (Prometheus counters, OTLP cumulative sums): the store takes differences. */
  CUMULATIVE,
  /** Increases (OTLP delta sums, request events): added as they are. */
  DELTA
}
