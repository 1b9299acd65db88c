package dev.burnrate.ingest.remotewrite;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;

/**
 * Decodes a Prometheus remote_write 1.0 {@code WriteRequest} straight into matching, without
 * building per-sample objects: a series whose metric name no SLO selects costs one hash lookup and
 * a scan of its bytes.
 *
 * <p>Fields read (numbers as in {@code prometheus/prompb}): {@code WriteRequest.timeseries = 1},
 * {@code TimeSeries.labels = 1}, {@code TimeSeries.samples = 2}, {@code Label.name = 1}, {@code
 * Label.value = 2}, {@code Sample.value = 1} (double), {@code Sample.timestamp = 2} (int64, ms).
 * Everything else (metadata, exemplars, native histograms) is skipped as unknown fields.
 */
public final class RemoteWriteDecoder {
  private RemoteWriteDecoder() {}

  // A Prometheus series (a name, a handful of labels, one sample) takes about this many bytes.
  private static final int BYTES_PER_SERIES = 128;
  private static final int MAX_EXPECTED_SERIES = 1 << 14;

  /**
   * How many series a decoded body of this size may carry, to size its batch: at most one per
   * {@value #BYTES_PER_SERIES} bytes, and at most {@value #MAX_EXPECTED_SERIES}.
   */
  public static int expectedSeries(byte[] buf) {
    return Math.min(buf.length / BYTES_PER_SERIES, MAX_EXPECTED_SERIES);
  }

  /** What a request carried, matched or not. */
  public record Decoded(int series, long samples) {}

  /**
   * Decodes a decompressed {@code WriteRequest}, adding the samples of selected series to {@code
   * out} as cumulative samples; stale markers and other NaN values are skipped; a negative,
   * infinite or larger than 2^53 value of a selected series is refused.
   *
   * @throws HttpProblem 400 for malformed protobuf, invalid labels or a label limit; 413 for the
   *     series and sample limits
   */
  public static Decoded decode(
      byte[] buf, IngestLimits limits, SelectorIndex index, BatchBuilder out) {
    SeriesScan scan = new SeriesScan(buf, limits, index, out);
    int series = 0;
    long samples = 0;
    int n = buf.length;
    int p = 0;
    while (p < n) {
      // A series field with a length of one or two bytes that fits is read here; anything else,
      // and any malformed field, by the WireReader, which words the error.
      int len = -1;
      int start = 0;
      if (buf[p] == SeriesScan.LABELS_TAG && n - p >= 3) {
        int b1 = buf[p + 1];
        int b2 = buf[p + 2];
        if (b1 >= 0) {
          len = b1;
          start = p + 2;
        } else if (b2 >= 0) {
          len = (b1 & 0x7f) | b2 << 7;
          start = p + 3;
        }
        if (len > n - start) {
          len = -1;
        }
      }
      if (len < 0) {
        WireReader r = new WireReader(buf, p, n);
        int tag = r.tag();
        if (tag >>> 3 != 1 || (tag & 7) != 2) {
          r.skip(tag);
          p = r.pos;
          continue;
        }
        len = r.length();
        start = r.pos;
      }
      series++;
      if (series > limits.maxSeriesPerRequest()) {
        throw LimitProblems.tooLarge(
            "maxSeriesPerRequest", limits.maxSeriesPerRequest(), "the number of series");
      }
      samples += scan.timeSeries(start, start + len);
      if (samples > limits.maxSamplesPerRequest()) {
        throw LimitProblems.tooLarge(
            "maxSamplesPerRequest", limits.maxSamplesPerRequest(), "the number of samples");
      }
      p = start + len;
    }
    return new Decoded(series, samples);
  }
}
