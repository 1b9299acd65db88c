package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One series' samples from one request, with the SLOs its increases count towards.
 *
 * @param seriesKey a stable identity of the series: the metric name and sorted labels
 * @param temporality how to read the values
 * @param contributions the SLOs and roles the series counts towards (never empty)
 * @param timestampsMs sample times in epoch milliseconds, ascending
 * @param values sample values, parallel to {@code timestampsMs}
 */
public record MatchedSeries(
    String seriesKey,
    Temporality temporality,
    List<Contribution> contributions,
    long[] timestampsMs,
    double[] values) {

  /** Checks the series and copies its contributions; the arrays are owned by the record. */
  public MatchedSeries {
    requireNonNull(seriesKey, "seriesKey");
    requireNonNull(temporality, "temporality");
    requireNonNull(timestampsMs, "timestampsMs");
    requireNonNull(values, "values");
    contributions = List.copyOf(contributions);
    if (contributions.isEmpty()) {
      throw new IllegalArgumentException("a matched series needs at least one contribution");
    }
    if (timestampsMs.length != values.length) {
      throw new IllegalArgumentException(
          "timestamps and values differ in length: "
              + timestampsMs.length
              + " vs "
              + values.length);
    }
  }

  /** The number of samples. */
  public int size() {
    return values.length;
  }
}
