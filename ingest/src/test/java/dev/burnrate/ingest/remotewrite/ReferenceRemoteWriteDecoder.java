package dev.burnrate.ingest.remotewrite;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.CounterValues;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.Temporality;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The plain decoder of a remote_write 1.0 {@code WriteRequest} (a reader object per message, a
 * String per metric name, a byte-by-byte UTF-8 check) that {@link RemoteWriteDecoder} must agree
 * with on every input: the same series, samples and matches, or the same problem.
 *
 * <p>Fields read (numbers as in {@code prometheus/prompb}): {@code WriteRequest.timeseries = 1},
 * {@code TimeSeries.labels = 1}, {@code TimeSeries.samples = 2}, {@code Label.name = 1}, {@code
 * Label.value = 2}, {@code Sample.value = 1} (double), {@code Sample.timestamp = 2} (int64, ms).
 * Everything else (metadata, exemplars, native histograms) is skipped as unknown fields.
 */
final class ReferenceRemoteWriteDecoder {
  private static final String NAME_LABEL = "__name__";

  private ReferenceRemoteWriteDecoder() {}

  /** What a request carried, matched or not. */
  record Decoded(int series, long samples) {}

  /**
   * Decodes a decompressed {@code WriteRequest}, adding the samples of selected series to {@code
   * out} as cumulative samples; stale markers and other NaN values are skipped; a negative,
   * infinite or larger than 2^53 value of a selected series is refused.
   *
   * @throws HttpProblem 400 for malformed protobuf, invalid labels or a label limit; 413 for the
   *     series and sample limits
   */
  static Decoded decode(byte[] buf, IngestLimits limits, SelectorIndex index, BatchBuilder out) {
    Reader r = new Reader(buf, 0, buf.length);
    SeriesLabels labels = new SeriesLabels();
    int series = 0;
    long samples = 0;
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        int len = r.length();
        int start = r.pos;
        series++;
        if (series > limits.maxSeriesPerRequest()) {
          throw LimitProblems.tooLarge(
              "maxSeriesPerRequest", limits.maxSeriesPerRequest(), "the number of series");
        }
        samples += timeSeries(buf, start, start + len, limits, index, labels, out);
        if (samples > limits.maxSamplesPerRequest()) {
          throw LimitProblems.tooLarge(
              "maxSamplesPerRequest", limits.maxSamplesPerRequest(), "the number of samples");
        }
        r.pos = start + len;
      } else {
        r.skip(tag);
      }
    }
    return new Decoded(series, samples);
  }

  /** Reads one TimeSeries message in {@code buf[from, to)} and returns its sample count. */
  private static long timeSeries(
      byte[] buf,
      int from,
      int to,
      IngestLimits limits,
      SelectorIndex index,
      SeriesLabels labels,
      BatchBuilder out) {
    // Pass 1: validate labels on their bytes, find the metric name, count samples.
    Reader r = new Reader(buf, from, to);
    int labelCount = 0;
    long sampleCount = 0;
    boolean hasName = false;
    int nameOff = -1;
    int nameLen = 0;
    while (r.more()) {
      int tag = r.tag();
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == 2) {
        int len = r.length();
        int end = r.pos + len;
        labelCount++;
        Reader lr = new Reader(buf, r.pos, end);
        int kOff = -1;
        int kLen = 0;
        int vOff = -1;
        int vLen = 0;
        while (lr.more()) {
          int ltag = lr.tag();
          if ((ltag >>> 3 == 1 || ltag >>> 3 == 2) && (ltag & 7) == 2) {
            int l = lr.length();
            if (ltag >>> 3 == 1) {
              kOff = lr.pos;
              kLen = l;
            } else {
              vOff = lr.pos;
              vLen = l;
            }
            lr.pos += l;
          } else {
            lr.skip(ltag);
          }
        }
        if (kOff < 0 || kLen == 0) {
          throw HttpProblem.badRequest("labels", "a label has an empty name");
        }
        if (kLen > limits.maxLabelNameLength()) {
          throw LimitProblems.overLimit(
              "maxLabelNameLength",
              limits.maxLabelNameLength(),
              "a label name of " + kLen + " bytes");
        }
        if (vLen > limits.maxLabelValueLength()) {
          throw LimitProblems.overLimit(
              "maxLabelValueLength",
              limits.maxLabelValueLength(),
              "a label value of " + vLen + " bytes");
        }
        checkUtf8(buf, kOff, kLen);
        if (vOff >= 0) {
          checkUtf8(buf, vOff, vLen);
        }
        if (isName(buf, kOff, kLen)) {
          hasName = true;
          nameOff = vOff;
          nameLen = vLen;
        }
        r.pos = end;
      } else if (field == 2 && (tag & 7) == 2) {
        int len = r.length();
        r.pos += len;
        sampleCount++;
      } else {
        r.skip(tag);
      }
    }
    // The name is not a label here.
    int otherLabels = labelCount - (hasName ? 1 : 0);
    if (otherLabels > limits.maxLabelsPerSeries()) {
      throw LimitProblems.overLimit(
          "maxLabelsPerSeries",
          limits.maxLabelsPerSeries(),
          "a series with " + otherLabels + " labels");
    }
    if (nameOff < 0 || nameLen == 0) {
      throw HttpProblem.badRequest("labels", "a series has no " + NAME_LABEL + " label");
    }
    String name = ascii(buf, nameOff, nameLen);
    if (sampleCount == 0 || !index.selects(name)) {
      return sampleCount;
    }

    // Pass 2, only for a metric some SLO selects: the labels as strings, then the samples.
    labels.clear();
    r = new Reader(buf, from, to);
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        int len = r.length();
        int end = r.pos + len;
        Reader lr = new Reader(buf, r.pos, end);
        String k = null;
        String v = "";
        while (lr.more()) {
          int ltag = lr.tag();
          if ((ltag >>> 3 == 1 || ltag >>> 3 == 2) && (ltag & 7) == 2) {
            int l = lr.length();
            String s = ascii(buf, lr.pos, l);
            if (ltag >>> 3 == 1) {
              k = s;
            } else {
              v = s;
            }
            lr.pos += l;
          } else {
            lr.skip(ltag);
          }
        }
        if (!NAME_LABEL.equals(k)) {
          if (labels.get(k) != null) {
            throw HttpProblem.badRequest(
                "labels", "series " + name + " has the label " + k + " twice");
          }
          labels.add(k, v);
        }
        r.pos = end;
      } else {
        r.skip(tag);
      }
    }
    List<Contribution> contributions = index.match(name, labels);
    if (contributions.isEmpty()) {
      return sampleCount;
    }
    String key = labels.seriesKey(name);
    r = new Reader(buf, from, to);
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 2 && (tag & 7) == 2) {
        int len = r.length();
        int end = r.pos + len;
        Reader sr = new Reader(buf, r.pos, end);
        double value = 0;
        long ts = 0;
        while (sr.more()) {
          int stag = sr.tag();
          if (stag == (1 << 3 | 1)) {
            value = Double.longBitsToDouble(sr.fixed64());
          } else if (stag == (2 << 3)) {
            ts = sr.varint();
          } else {
            sr.skip(stag);
          }
        }
        // Stale markers are NaN. Anything else that is not a counter's value (negative, infinite,
        // beyond 2^53) would turn into a wrong, or an infinite, increase: refused.
        r.pos = end;
        if (Double.isNaN(value)) {
          continue;
        }
        if (!CounterValues.accepted(value)) {
          throw HttpProblem.badRequest(
              "timeseries.samples.value",
              "series "
                  + key
                  + " has the value "
                  + value
                  + " at "
                  + ts
                  + ": a counter's value must be "
                  + CounterValues.RULE);
        }
        out.add(key, Temporality.CUMULATIVE, contributions, ts, value);
      } else {
        r.skip(tag);
      }
    }
    return sampleCount;
  }

  private static boolean isName(byte[] buf, int off, int len) {
    if (len != NAME_LABEL.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (buf[off + i] != NAME_LABEL.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static void checkUtf8(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (buf[i] < 0) {
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, off, len));
          return;
        } catch (CharacterCodingException e) {
          throw HttpProblem.badRequest("labels", "a label name or value is not valid UTF-8");
        }
      }
    }
  }

  /** A string from bytes already checked as UTF-8, with a fast path for ASCII. */
  private static String ascii(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (buf[i] < 0) {
        return new String(buf, off, len, StandardCharsets.UTF_8);
      }
    }
    return new String(buf, off, len, StandardCharsets.ISO_8859_1);
  }

  /** A protobuf wire-format reader over a byte range, failing with a 400 on malformed input. */
  static final class Reader {
    private final byte[] buf;
    private final int limit;
    int pos;

    Reader(byte[] buf, int from, int to) {
      this.buf = buf;
      this.pos = from;
      this.limit = to;
    }

    boolean more() {
      return pos < limit;
    }

    int tag() {
      long t = varint();
      if (t >>> 3 == 0 || t > 0xFFFF_FFFFL) {
        throw bad("invalid field tag " + t + " at byte " + pos);
      }
      return (int) t;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (pos >= limit) {
          throw bad("truncated varint at byte " + pos);
        }
        byte b = buf[pos++];
        result |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw bad("varint longer than 10 bytes at byte " + pos);
    }

    long fixed64() {
      if (limit - pos < 8) {
        throw bad("truncated fixed64 at byte " + pos);
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (buf[pos + i] & 0xffL) << (8 * i);
      }
      pos += 8;
      return v;
    }

    int length() {
      long l = varint();
      if (l < 0 || l > limit - pos) {
        throw bad("length " + l + " runs past the end of its message at byte " + pos);
      }
      return (int) l;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> {
          if (limit - pos < 8) {
            throw bad("truncated fixed64 at byte " + pos);
          }
          pos += 8;
        }
        case 2 -> {
          // Not `pos += length()`: Java would add to the position read before the length.
          int l = length();
          pos += l;
        }
        case 5 -> {
          if (limit - pos < 4) {
            throw bad("truncated fixed32 at byte " + pos);
          }
          pos += 4;
        }
        default -> throw bad("unsupported wire type " + (tag & 7) + " at byte " + pos);
      }
    }

    private static HttpProblem bad(String detail) {
      return LimitProblems.malformed("protobuf WriteRequest", detail);
    }
  }
}
