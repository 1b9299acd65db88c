package dev.burnrate.ingest.pipeline;

import io.vertx.core.Future;

/** Where ingest hands matched samples: the store, which commits them durably. */
public interface SliSink {

  /**
   * Commits the batch; the future completes only after the commit is durable, and fails with an
   * {@link dev.burnrate.http.HttpProblem} of status 503 when the store cannot take it now.
   */
  Future<CommitResult> submit(IngestBatch batch);
}
