package dev.burnrate.ingest.pipeline;

import io.vertx.core.Future;
import java.util.Optional;

/** Where ingest hands matched samples: the store, which commits them durably. */
public interface SliSink {

  /**
   * Commits the batch; the future completes only after the commit is durable, and fails with an
   * {@link dev.burnrate.http.HttpProblem} of status 503 when the store cannot take it now.
   */
  Future<CommitResult> submit(IngestBatch batch);

  /**
   * The times the store takes samples at, so that receivers can report the points it would count as
   * too late (OTLP's partial success); empty when it takes any time.
   */
  default Optional<TimeBounds> timeBounds() {
    return Optional.empty();
  }
}
