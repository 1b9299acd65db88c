package dev.burnrate.ingest.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The problems the writer answers a batch with: one it cannot store, a reused key, a busy store.
 */
final class BatchProblems {
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 1024;

  private BatchProblems() {}

  /** A 503 saying when to retry, which the receivers turn into a {@code Retry-After} header. */
  static HttpProblem unavailable(String detail, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new HttpProblem(
        503,
        "Store unavailable",
        detail + "; retry after " + seconds + "s",
        Map.of("retryAfterSeconds", seconds));
  }

  /** The 503 for a batch that would take the writer over its limits of queued work. */
  static HttpProblem queueFull(WriterSettings settings) {
    return unavailable(
        "the store is at its limit of queued work ("
            + settings.maxQueuedBatches()
            + " batches, "
            + settings.maxQueuedSamples()
            + " samples, "
            + settings.maxQueuedBytes()
            + " bytes); nothing of this request was applied",
        settings.minRetryAfter());
  }

  /** The 400 for a batch the database cannot store, or null when it can. */
  static HttpProblem invalid(IngestBatch batch) {
    Optional<String> key = batch.idempotencyKey();
    if (key.isPresent()) {
      String k = key.get();
      if (k.isEmpty() || k.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
        return HttpProblem.badRequest(
            "idempotencyKey",
            "an idempotency key must have 1 to "
                + MAX_IDEMPOTENCY_KEY_LENGTH
                + " characters, got "
                + k.length());
      }
      if (k.indexOf('\0') >= 0) {
        return HttpProblem.badRequest(
            "idempotencyKey", "an idempotency key must not contain a NUL character");
      }
    }
    // PostgreSQL text cannot hold NUL; one such value would fail every batch of its group.
    if (batch.keyWithNul()) {
      return HttpProblem.badRequest("series", "a series' labels must not contain a NUL character");
    }
    for (List<Contribution> list : batch.contributionLists()) {
      for (Contribution c : list) {
        if (c.slo().isEmpty() || c.slo().indexOf('\0') >= 0) {
          return HttpProblem.badRequest(
              "slo", "an SLO name must be non-empty and must not contain a NUL character");
        }
      }
    }
    return null;
  }

  /** The 422 for an idempotency key already committed with another body. */
  static HttpProblem keyReused(String scopedKey) {
    // The stored key is scoped ("endpoint token key"); the client knows only its own part.
    String key = scopedKey.substring(scopedKey.lastIndexOf(' ') + 1);
    return new HttpProblem(
        422,
        "Idempotency-Key reused",
        "the Idempotency-Key "
            + key
            + " was already used for another request body on this endpoint with this token;"
            + " nothing of this request was applied. Send a new key with every new batch (a retry"
            + " of the same body with the same key is answered as a duplicate)",
        Map.of("field", "Idempotency-Key"));
  }
}
