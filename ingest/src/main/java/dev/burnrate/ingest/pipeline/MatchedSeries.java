package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One series' samples from one request, with the SLOs its increases count towards.
 *
 * @param key a stable identity of the series: the hashes of its metric name and sorted labels, and
 *     their text
 * @param temporality how to read the values
 * @param contributions the SLOs and roles the series counts towards (never empty)
 * @param timestampsMs sample times in epoch milliseconds, ascending
 * @param values sample values, parallel to {@code timestampsMs}
 */
public record MatchedSeries(
    SeriesKey key,
    Temporality temporality,
    List<Contribution> contributions,
    long[] timestampsMs,
    double[] values) {

  /** Checks the series and copies its contributions; the arrays are owned by the record. */
  public MatchedSeries {
    requireNonNull(key, "key");
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

  /** A series with the identity of this key text. */
  public MatchedSeries(
      String seriesKey,
      Temporality temporality,
      List<Contribution> contributions,
      long[] timestampsMs,
      double[] values) {
    this(SeriesKey.of(seriesKey), temporality, contributions, timestampsMs, values);
  }

  /** The series key's text: the metric name and sorted labels. */
  public String seriesKey() {
    return key.text();
  }

  /** The number of samples. */
  public int size() {
    return values.length;
  }
}
