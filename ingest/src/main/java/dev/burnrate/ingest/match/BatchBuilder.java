package dev.burnrate.ingest.match;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the matched samples of one request, per series, into an {@link IngestBatch}: samples are
 * sorted by time; equal times are summed for delta series and the last one kept for cumulative
 * series.
 */
public final class BatchBuilder {
  private final Map<String, Accumulator> series = new LinkedHashMap<>();
  private long matchedSamples;

  /** An empty batch. */
  public BatchBuilder() {}

  /**
   * Adds one matched sample.
   *
   * @throws HttpProblem 400 when the same series arrives with both temporalities
   */
  public void add(
      String seriesKey,
      Temporality temporality,
      List<Contribution> contributions,
      long timestampMs,
      double value) {
    Accumulator a = series.get(seriesKey);
    if (a == null) {
      a = new Accumulator(requireNonNull(temporality, "temporality"), contributions);
      series.put(seriesKey, a);
    } else if (a.temporality != temporality) {
      throw HttpProblem.badRequest(
          "temporality",
          "series " + seriesKey + " is sent both as cumulative and as delta in one request");
    }
    a.add(timestampMs, value);
    matchedSamples++;
  }

  /** The number of matched series so far. */
  public int seriesCount() {
    return series.size();
  }

  /** The number of matched samples so far. */
  public long matchedSamples() {
    return matchedSamples;
  }

  /** The batch of every series added. */
  public IngestBatch build(Optional<String> idempotencyKey, long receivedSamples) {
    List<MatchedSeries> out = new ArrayList<>(series.size());
    for (Map.Entry<String, Accumulator> e : series.entrySet()) {
      out.add(e.getValue().toSeries(e.getKey()));
    }
    return new IngestBatch(out, idempotencyKey, receivedSamples);
  }

  private static final class Accumulator {
    final Temporality temporality;
    final List<Contribution> contributions;
    long[] ts = new long[4];
    double[] values = new double[4];
    int size;
    boolean sorted = true;

    Accumulator(Temporality temporality, List<Contribution> contributions) {
      this.temporality = temporality;
      this.contributions = contributions;
    }

    void add(long t, double v) {
      if (size == ts.length) {
        ts = Arrays.copyOf(ts, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      if (size > 0 && t < ts[size - 1]) {
        sorted = false;
      }
      ts[size] = t;
      values[size] = v;
      size++;
    }

    MatchedSeries toSeries(String key) {
      if (!sorted) {
        sortByTime();
      }
      // Merge equal timestamps in place.
      int w = 0;
      for (int r = 0; r < size; r++) {
        if (w > 0 && ts[w - 1] == ts[r]) {
          values[w - 1] = temporality == Temporality.DELTA ? values[w - 1] + values[r] : values[r];
        } else {
          ts[w] = ts[r];
          values[w] = values[r];
          w++;
        }
      }
      return new MatchedSeries(
          key, temporality, contributions, Arrays.copyOf(ts, w), Arrays.copyOf(values, w));
    }

    private void sortByTime() {
      // A stable sort keeps the arrival order of equal timestamps (the last one wins).
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
      long[] t2 = new long[size];
      double[] v2 = new double[size];
      for (int i = 0; i < size; i++) {
        t2[i] = ts[order[i]];
        v2[i] = values[order[i]];
      }
      ts = t2;
      values = v2;
    }
  }
}
