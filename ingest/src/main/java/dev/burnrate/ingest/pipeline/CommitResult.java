package dev.burnrate.ingest.pipeline;

/**
 * What the store did with a committed batch.
 *
 * @param applied samples that changed SLI buckets
 * @param duplicates samples that were already counted (re-sent, or an idempotency key seen before)
 * @param tooLate samples older than the allowed lateness, rejected and counted
 */
public record CommitResult(long applied, long duplicates, long tooLate) {}
