package dev.burnrate.ingest.match;

import static java.util.Objects.requireNonNull;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.IngestBatch;
import dev.burnrate.ingest.pipeline.MatchedSeries;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Collects the matched samples of one request, per series, into an {@link IngestBatch}: samples are
 * sorted by time; equal times are summed for delta series and the last one kept for cumulative
 * series.
 */
public final class BatchBuilder {
  private static final long EMPTY = -1;
  // The series in the order they came, and an open-addressing table over their key hashes: slot i
  // holds a hash at 2i and the series' place at 2i + 1 (EMPTY when free). Two keys are one series
  // when both hashes are equal (SeriesKey#equals), so the table finds a series from the two hashes
  // alone, without reaching its key.
  private final List<Series> series;
  private long[] slots;
  private int nonEmptySeries;
  private long matchedSamples;

  /** An empty batch. */
  public BatchBuilder() {
    this(8);
  }

  /**
   * An empty batch with room for about {@code expectedSeries} series, so that a large request's
   * series are not rehashed as they come.
   */
  public BatchBuilder(int expectedSeries) {
    int expected = Math.max(4, expectedSeries);
    series = new ArrayList<>(expected);
    slots = emptySlots(Integer.highestOneBit(expected * 2 - 1) << 1);
  }

  private static long[] emptySlots(int capacity) {
    long[] s = new long[2 * capacity];
    for (int i = 1; i < s.length; i += 2) {
      s[i] = EMPTY;
    }
    return s;
  }

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
    series(SeriesKey.of(seriesKey), temporality, contributions).add(timestampMs, value);
  }

  /**
   * The series of this key, to add many samples to with one key lookup; a new one takes these
   * contributions, an existing one keeps its own. A series to which no sample is added is not part
   * of the batch.
   *
   * @throws HttpProblem 400 when the series exists with the other temporality
   */
  public Series series(
      String seriesKey, Temporality temporality, List<Contribution> contributions) {
    return series(SeriesKey.of(seriesKey), temporality, contributions);
  }

  /**
   * The series of this identity, to add many samples to with one lookup; see {@link #series(String,
   * Temporality, List)}.
   *
   * @throws HttpProblem 400 when the series exists with the other temporality
   */
  public Series series(
      SeriesKey seriesKey, Temporality temporality, List<Contribution> contributions) {
    return series(seriesKey, seriesKey.hash(), seriesKey.check(), temporality, contributions);
  }

  /**
   * The series of this identity, whose {@link SeriesKey#hash} and {@link SeriesKey#check} the
   * caller has at hand (the key itself is not read); see {@link #series(String, Temporality,
   * List)}.
   *
   * @throws HttpProblem 400 when the series exists with the other temporality
   */
  public Series series(
      SeriesKey seriesKey,
      long hash,
      long check,
      Temporality temporality,
      List<Contribution> contributions) {
    long[] s = slots;
    int mask = (s.length >>> 1) - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    for (; s[2 * i + 1] != EMPTY; i = (i + 1) & mask) {
      if (s[2 * i] == hash) {
        Series a = series.get((int) s[2 * i + 1]);
        if (a.check == check) {
          if (a.temporality != temporality) {
            throw HttpProblem.badRequest(
                "temporality",
                "series " + seriesKey + " is sent both as cumulative and as delta in one request");
          }
          return a;
        }
      }
    }
    Series a =
        new Series(
            requireNonNull(seriesKey, "seriesKey"),
            check,
            requireNonNull(temporality, "temporality"),
            contributions);
    s[2 * i] = hash;
    s[2 * i + 1] = series.size();
    series.add(a);
    if (2 * series.size() > mask + 1) {
      grow();
    }
    return a;
  }

  private void grow() {
    long[] old = slots;
    long[] s = emptySlots(old.length);
    int mask = (s.length >>> 1) - 1;
    for (int k = 0; k < old.length; k += 2) {
      if (old[k + 1] != EMPTY) {
        int i = (int) (old[k] ^ (old[k] >>> 32)) & mask;
        while (s[2 * i + 1] != EMPTY) {
          i = (i + 1) & mask;
        }
        s[2 * i] = old[k];
        s[2 * i + 1] = old[k + 1];
      }
    }
    slots = s;
  }

  /** The number of matched series so far. */
  public int seriesCount() {
    return nonEmptySeries;
  }

  /** The number of matched samples so far. */
  public long matchedSamples() {
    return matchedSamples;
  }

  /** The batch of every series added. */
  public IngestBatch build(Optional<String> idempotencyKey, long receivedSamples) {
    return build(idempotencyKey, receivedSamples, Optional.empty());
  }

  /** The batch of every series added, with the SHA-256 of the body it came from. */
  public IngestBatch build(
      Optional<String> idempotencyKey, long receivedSamples, Optional<String> bodySha256) {
    List<MatchedSeries> out = new ArrayList<>(nonEmptySeries);
    for (Series a : series) {
      if (a.size > 0) {
        out.add(a.toSeries());
      }
    }
    return new IngestBatch(out, idempotencyKey, receivedSamples, bodySha256);
  }

  /** One series' samples in this batch. */
  public final class Series {
    private final SeriesKey key;
    private final long check;
    private final Temporality temporality;
    private final List<Contribution> contributions;
    // Most series carry one sample per request (what a Prometheus sends): arrays of one, handed
    // to the batch as they are.
    private long[] ts = new long[1];
    private double[] values = new double[1];
    // Whether a built batch holds ts and values: a later sample copies them first.
    private boolean handedOver;
    private int size;
    private boolean sorted = true;

    private Series(
        SeriesKey key, long check, Temporality temporality, List<Contribution> contributions) {
      this.key = key;
      this.check = check;
      this.temporality = temporality;
      this.contributions = contributions;
    }

    /** Adds one matched sample. */
    public void add(long timestampMs, double value) {
      if (handedOver) {
        ts = ts.clone();
        values = values.clone();
        handedOver = false;
      }
      if (size == ts.length) {
        ts = Arrays.copyOf(ts, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      if (size > 0 && timestampMs < ts[size - 1]) {
        sorted = false;
      }
      if (size == 0) {
        nonEmptySeries++;
      }
      ts[size] = timestampMs;
      values[size] = value;
      size++;
      matchedSamples++;
    }

    private MatchedSeries toSeries() {
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
      if (w == ts.length) {
        handedOver = true;
        return new MatchedSeries(key, temporality, contributions, ts, values);
      }
      return new MatchedSeries(
          key, temporality, contributions, Arrays.copyOf(ts, w), Arrays.copyOf(values, w));
    }

    /**
     * Sorts the samples by time, stably: equal timestamps keep their arrival order (for a
     * cumulative series the last one wins). A bottom-up merge sort of sample indices.
     */
    private void sortByTime() {
      int[] order = new int[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      int[] buffer = new int[size];
      for (int width = 1; width < size; width *= 2) {
        for (int lo = 0; lo < size - width; lo += 2 * width) {
          merge(order, buffer, lo, lo + width, Math.min(lo + 2 * width, size));
        }
      }
      long[] t2 = new long[ts.length];
      double[] v2 = new double[ts.length];
      for (int i = 0; i < size; i++) {
        t2[i] = ts[order[i]];
        v2[i] = values[order[i]];
      }
      ts = t2;
      values = v2;
    }

    private void merge(int[] order, int[] buffer, int lo, int mid, int hi) {
      System.arraycopy(order, lo, buffer, lo, hi - lo);
      int a = lo;
      int b = mid;
      for (int k = lo; k < hi; k++) {
        // Ties take the left run's sample first: stable.
        if (b >= hi || (a < mid && ts[buffer[a]] <= ts[buffer[b]])) {
          order[k] = buffer[a++];
        } else {
          order[k] = buffer[b++];
        }
      }
    }
  }
}
