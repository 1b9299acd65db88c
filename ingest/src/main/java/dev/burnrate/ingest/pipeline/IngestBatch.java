package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What one ingest request contributes to SLIs, ready to be committed as a whole.
 *
 * @param series the matched series (unmatched ones are already dropped)
 * @param idempotencyKey a client's key that makes a retried request count once
 * @param receivedSamples how many samples the request carried in all
 * @param bodySha256 the SHA-256 (hex) of the request's decoded body, kept with its idempotency key
 *     so that the key coming back with another body is refused rather than taken for a retry
 */
public record IngestBatch(
    List<MatchedSeries> series,
    Optional<String> idempotencyKey,
    long receivedSamples,
    Optional<String> bodySha256) {

  /** Checks the batch and copies its series. */
  public IngestBatch {
    requireNonNull(idempotencyKey, "idempotencyKey");
    requireNonNull(bodySha256, "bodySha256");
    series = List.copyOf(series);
  }

  /** A batch without a body hash: its key, when it has one, is not compared with a payload. */
  public IngestBatch(
      List<MatchedSeries> series, Optional<String> idempotencyKey, long receivedSamples) {
    this(series, idempotencyKey, receivedSamples, Optional.empty());
  }
}
