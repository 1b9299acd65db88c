package dev.burnrate.ingest.http;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SliSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that records what it is given and answers as told: commit, hold, or refuse (503). */
final class RecordingSink implements SliSink {
  enum Mode {
    COMMIT,
    HOLD,
    BUSY
  }

  final List<IngestBatch> batches = new CopyOnWriteArrayList<>();
  final List<Promise<CommitResult>> held = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.COMMIT;

  @Override
  public Future<CommitResult> submit(IngestBatch batch) {
    batches.add(batch);
    long samples = batch.series().stream().mapToLong(MatchedSeries::size).sum();
    return switch (mode) {
      case COMMIT -> Future.succeededFuture(new CommitResult(samples, 0, 0));
      case HOLD -> {
        Promise<CommitResult> p = Promise.promise();
        held.add(p);
        yield p.future();
      }
      case BUSY ->
          Future.failedFuture(
              new HttpProblem(
                  503,
                  "Store busy",
                  "the store is catching up; retry shortly",
                  Map.of("retryAfter", 7)));
    };
  }

  /** Every matched series submitted so far, by key (samples of one key concatenated in order). */
  Map<String, MatchedSeries> series() {
    Map<String, MatchedSeries> out = new java.util.LinkedHashMap<>();
    for (IngestBatch b : batches) {
      for (MatchedSeries s : b.series()) {
        out.merge(
            s.seriesKey(),
            s,
            (a, c) ->
                new MatchedSeries(
                    a.seriesKey(),
                    a.temporality(),
                    a.contributions(),
                    concat(a.timestampsMs(), c.timestampsMs()),
                    concat(a.values(), c.values())));
      }
    }
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
