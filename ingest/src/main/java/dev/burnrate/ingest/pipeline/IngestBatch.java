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
 */
public record IngestBatch(
    List<MatchedSeries> series, Optional<String> idempotencyKey, long receivedSamples) {

  /** Checks the batch and copies its series. */
  public IngestBatch {
    requireNonNull(idempotencyKey, "idempotencyKey");
    series = List.copyOf(series);
  }
}
