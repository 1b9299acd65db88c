package dev.burnrate.ingest.store;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A submitted batch, its budget and the context to complete it on. */
final class PendingBatch {
  final IngestBatch batch;
  final long samples;
  final long bytes;
  final Context context;
  final Promise<CommitResult> promise = Promise.promise();

  PendingBatch(IngestBatch batch, long samples, long bytes, Context context) {
    this.batch = batch;
    this.samples = samples;
    this.bytes = bytes;
    this.context = context;
  }

  /** A batch with its samples counted and its memory estimated. */
  static PendingBatch of(IngestBatch batch, Context context) {
    long samples = 0;
    long bytes = 64;
    for (MatchedSeries s : batch.series()) {
      samples += s.size();
      bytes += 80 + 2L * s.key().length() + 16L * s.size() + 48L * s.contributions().size();
    }
    return new PendingBatch(batch, samples, bytes, context);
  }

  /**
   * Completes the batches' futures, each with its result (or all with the failure), with one task
   * per Vert.x context rather than one per batch: each task wakes an event loop.
   */
  static void completeAll(
      List<PendingBatch> pendings,
      List<CommitResult> results,
      Throwable failure,
      HttpProblem[] batchFailures) {
    Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();
    for (int i = 0; i < pendings.size(); i++) {
      PendingBatch p = pendings.get(i);
      CommitResult result = results == null ? null : results.get(i);
      Throwable f = failure != null || batchFailures == null ? failure : batchFailures[i];
      Runnable done = f == null ? () -> p.promise.tryComplete(result) : () -> p.promise.tryFail(f);
      if (p.context == null) {
        done.run();
      } else {
        byContext.computeIfAbsent(p.context, k -> new ArrayList<>()).add(done);
      }
    }
    byContext.forEach(
        (context, tasks) ->
            context.runOnContext(
                v -> {
                  for (Runnable task : tasks) {
                    task.run();
                  }
                }));
  }
}
