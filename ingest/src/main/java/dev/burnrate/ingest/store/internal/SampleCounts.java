package dev.burnrate.ingest.store.internal;

import dev.burnrate.ingest.pipeline.CommitResult;

/**
 * One batch's sample counts while a plan applies it, with the checks every sample passes first: a
 * value that is not finite (a stale marker) is a duplicate, a time outside the bounds is too late.
 */
final class SampleCounts {
  private final long minTs;
  private final long maxTs;
  long applied;
  long duplicates;
  long tooLate;

  /** Counts for samples that must lie within {@code minTs..maxTs}. */
  SampleCounts(long minTs, long maxTs) {
    this.minTs = minTs;
    this.maxTs = maxTs;
  }

  /** Whether the sample passes the checks; if not, it is counted as what it is. */
  boolean valid(long t, double v) {
    if (!Double.isFinite(v)) {
      duplicates++;
      return false;
    }
    if (t < minTs || t > maxTs) {
      tooLate++;
      return false;
    }
    return true;
  }

  /** The counts as the batch's result. */
  CommitResult result() {
    return new CommitResult(applied, duplicates, tooLate);
  }
}
