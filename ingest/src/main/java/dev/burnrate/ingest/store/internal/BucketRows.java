package dev.burnrate.ingest.store.internal;

/**
 * Increases per (SLO, bucket start), as parallel arrays sorted by SLO then time, ready to be bound
 * as SQL arrays.
 *
 * @param slo the SLO names
 * @param startSeconds bucket starts in epoch seconds
 * @param good increases of good events
 * @param bad increases of bad events
 * @param total increases of all events
 */
public record BucketRows(
    String[] slo, long[] startSeconds, double[] good, double[] bad, double[] total) {

  /** The number of rows. */
  public int size() {
    return slo.length;
  }
}
