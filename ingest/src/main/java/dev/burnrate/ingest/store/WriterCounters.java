package dev.burnrate.ingest.store;

import dev.burnrate.ingest.pipeline.CommitResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A bucket writer's counters since it started, read by any thread as {@link WriterStats}. */
final class WriterCounters {
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong tooLate = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong failedTransactions = new AtomicLong();
  private final AtomicLong retriedTransactions = new AtomicLong();
  private final AtomicLong collisions = new AtomicLong();

  /** Counts a transaction of {@code batchCount} batches that committed with these results. */
  void committed(int batchCount, List<CommitResult> results, long collided) {
    transactions.incrementAndGet();
    batches.addAndGet(batchCount);
    collisions.addAndGet(collided);
    for (CommitResult r : results) {
      applied.addAndGet(r.applied());
      duplicates.addAndGet(r.duplicates());
      tooLate.addAndGet(r.tooLate());
    }
  }

  /** Counts a batch refused at submit. */
  void rejected() {
    rejected.incrementAndGet();
  }

  /** Counts a transaction rolled back to run again. */
  void retried() {
    retriedTransactions.incrementAndGet();
  }

  /** Counts a transaction that failed and was rolled back. */
  void failedTransaction() {
    failedTransactions.incrementAndGet();
  }

  /** Counts {@code count} batches answered with a failure. */
  void failedBatches(int count) {
    failedBatches.addAndGet(count);
  }

  /** The counters with what is in flight now. */
  WriterStats stats(
      long queuedBatches, long queuedSamples, long queuedBytes, SeriesLogApplier applier) {
    return new WriterStats(
        transactions.get(),
        batches.get(),
        applied.get(),
        duplicates.get(),
        tooLate.get(),
        rejected.get(),
        failedBatches.get(),
        failedTransactions.get(),
        retriedTransactions.get(),
        collisions.get(),
        queuedBatches,
        queuedSamples,
        queuedBytes,
        applier.rows(),
        applier.samples(),
        applier.duplicates(),
        applier.lagMs());
  }
}
