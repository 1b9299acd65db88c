package dev.burnrate.ingest.remotewrite;

import dev.burnrate.http.HttpProblem;
import dev.burnrate.ingest.internal.CounterValues;
import dev.burnrate.ingest.internal.LimitProblems;
import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.internal.Utf8;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.Temporality;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the TimeSeries messages of one request. The first pass over a series reads each label once,
 * in place: Prometheus writes a label as {@code 0a len name 12 len value} with lengths under 128,
 * which is read from its bytes directly, and one 8-byte-at-a-time check of the series' run of such
 * labels finds them ASCII (so valid UTF-8). Anything else (long lengths, other field orders,
 * unknown fields, malformed input) goes through the general {@link WireReader}, which also words
 * the errors; both paths find the same labels and fail in the same order with the same message. The
 * second pass, only for a series of a selected metric, uses what the first noted.
 */
final class SeriesScan {
  private static final String NAME_LABEL = "__name__";
  static final int LABELS_TAG = 1 << 3 | 2;
  private static final int SAMPLES_TAG = 2 << 3 | 2;
  private static final int NAME_TAG = 1 << 3 | 2;
  private static final int VALUE_TAG = 2 << 3 | 2;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  // "__name__" read as a little-endian long.
  private static final long NAME_LABEL_WORD =
      (long) LONG.get(NAME_LABEL.getBytes(StandardCharsets.US_ASCII), 0);

  private final byte[] buf;
  private final IngestLimits limits;
  private final int maxNameLength;
  private final int maxValueLength;
  private final SelectorIndex index;
  private final BatchBuilder out;
  private final SeriesLabels labels = new SeriesLabels();
  private final LabelStrings strings = new LabelStrings();
  private final AsciiSeriesKey asciiKey = new AsciiSeriesKey();
  private final SeriesMatches matches = SeriesMatches.SHARED;
  private final SeriesMatches rawMatches = SeriesMatches.SHARED_RAW;

  // The series being read; pass 1 notes where each label's name and value and each sample are,
  // so that pass 2 reads them without parsing the series again.
  private int labelCount;
  private boolean hasName;
  private int nameOff;
  private int nameLen;
  private int[] labelAt = new int[4 * 16]; // name offset, name length, value offset, value length
  private int sampleCount;
  private int[] sampleAt = new int[2 * 4]; // from, to
  // Where the series' label fields are, when they are all in Prometheus' shape, ASCII and in one
  // run: those bytes alone then tell the series (rawFrom -1 otherwise).
  private int rawFrom;
  private int rawTo;
  // The raw entry of the last series of this request found or kept by its label bytes.
  private SeriesMatches.Entry lastRaw;

  SeriesScan(byte[] buf, IngestLimits limits, SelectorIndex index, BatchBuilder out) {
    this.buf = buf;
    this.limits = limits;
    this.maxNameLength = limits.maxLabelNameLength();
    this.maxValueLength = limits.maxLabelValueLength();
    this.index = index;
    this.out = out;
  }

  /** Reads one TimeSeries message in {@code buf[from, to)} and returns its sample count. */
  long timeSeries(int from, int to) {
    if (followsTheLastSeen(from, to)) {
      return sampleCount;
    }
    // Pass 1: validate labels on their bytes, find the metric name, count samples. The quick
    // reading checks the labels Prometheus writes for ASCII in one go at the end; when they are
    // not all ASCII or the series is bad, the strict reading checks each label in turn, so the
    // first problem in the series is the one reported.
    boolean read;
    try {
      read = readFields(from, to, true);
    } catch (HttpProblem p) {
      read = false;
    }
    if (!read) {
      readFields(from, to, false);
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
    if (sampleCount == 0) {
      return sampleCount;
    }
    MetricSelectors selectors = index.selectorsOf(buf, nameOff, nameLen);
    if (selectors != null) {
      selected(selectors);
    }
    return sampleCount;
  }

  /**
   * Whether the series is the one that followed the last series seen in the same request last time
   * (a sender that keeps its order), told by the bytes of its label fields alone; then its samples
   * are added under that series' key and matches. Those bytes were checked in full when the series
   * was first seen, under the same limits, and the same bytes pass the same checks: no label is
   * read again. Only for the shape Prometheus writes: every label field first, in one run, then
   * only samples.
   */
  private boolean followsTheLastSeen(int from, int to) {
    SeriesMatches.Entry next = lastRaw == null ? null : lastRaw.next();
    if (next == null || !next.checkedUnder(limits) || !next.mayStart(buf, from, to)) {
      return false;
    }
    int p = from;
    int len;
    while (to - p >= 2 && buf[p] == LABELS_TAG && (len = buf[p + 1]) >= 0 && len <= to - p - 2) {
      p += 2 + len;
    }
    int labelsTo = p;
    if (labelsTo == from || !next.holds(index, buf, from, labelsTo)) {
      return false;
    }
    sampleCount = 0;
    while (p < to) {
      if (to - p < 2 || buf[p] != SAMPLES_TAG || (len = buf[p + 1]) < 0 || len > to - p - 2) {
        // Something other than samples after the labels: read the series in full.
        return false;
      }
      sample(p + 2, p + 2 + len);
      p += 2 + len;
    }
    lastRaw = next;
    if (sampleCount > 0 && next.key() != null) {
      samples(next.key(), next.keyHash(), next.keyCheck(), next.matches());
    }
    return true;
  }

  /**
   * Reads the fields of the series, noting its labels and samples; with {@code quick}, returns
   * false instead of finishing the UTF-8 checks when a label in Prometheus' shape is not ASCII.
   */
  private boolean readFields(int from, int to, boolean quick) {
    labelCount = 0;
    rawFrom = -1;
    hasName = false;
    nameOff = -1;
    nameLen = 0;
    sampleCount = 0;
    // The run of consecutive label fields in Prometheus' shape not yet checked for ASCII.
    int runFrom = from;
    int runTo = from;
    int runLabels = 0;
    boolean ascii = true;
    int p = from;
    while (p < to) {
      int tag = buf[p];
      int len;
      if ((tag == LABELS_TAG || tag == SAMPLES_TAG)
          && to - p >= 2
          && (len = buf[p + 1]) >= 0
          && len <= to - p - 2) {
        // A one-byte tag and a one-byte length that fits: what the WireReader would accept.
        int field = p;
        int start = p + 2;
        p = start + len;
        if (tag == LABELS_TAG) {
          if (label(start, p, quick) && quick) {
            // Tags and lengths are ASCII: the run is ASCII when the names and values are.
            if (field != runTo) {
              ascii &= Utf8.isAscii(buf, runFrom, runTo - runFrom);
              runFrom = field;
              runLabels = 0;
            }
            runTo = p;
            runLabels++;
          }
        } else {
          sample(start, p);
        }
      } else {
        WireReader r = new WireReader(buf, p, to);
        int t = r.tag();
        int field = t >>> 3;
        if (field == 1 && (t & 7) == 2) {
          len = r.length();
          label(r.pos, r.pos + len, false);
          p = r.pos + len;
        } else if (field == 2 && (t & 7) == 2) {
          len = r.length();
          sample(r.pos, r.pos + len);
          p = r.pos + len;
        } else {
          r.skip(t);
          p = r.pos;
        }
      }
    }
    if (!quick) {
      return true;
    }
    if (!ascii || !Utf8.isAscii(buf, runFrom, runTo - runFrom)) {
      return false;
    }
    if (runLabels == labelCount && labelCount > 0) {
      rawFrom = runFrom;
      rawTo = runTo;
    }
    return true;
  }

  private void sample(int from, int to) {
    if (2 * sampleCount == sampleAt.length) {
      sampleAt = Arrays.copyOf(sampleAt, 2 * sampleAt.length);
    }
    sampleAt[2 * sampleCount] = from;
    sampleAt[2 * sampleCount + 1] = to;
    sampleCount++;
  }

  /**
   * Checks the Label message in {@code buf[from, to)} and notes where its name and value are.
   * Returns whether it has Prometheus' shape; then, with {@code deferAscii}, its name and value are
   * left for the caller to check for ASCII (and to fall back to the UTF-8 checks).
   */
  private boolean label(int from, int to, boolean deferAscii) {
    int k;
    int v;
    if (to - from >= 4
        && buf[from] == NAME_TAG
        && (k = buf[from + 1]) >= 0
        && k <= to - from - 4
        && buf[from + 2 + k] == VALUE_TAG
        && (v = buf[from + 3 + k]) >= 0
        && from + 4 + k + v == to) {
      // The tags and lengths are ASCII, so this is whether the name and value are.
      boolean ascii = deferAscii || Utf8.isAscii(buf, from, to - from);
      note(from + 2, k, from + 4 + k, v, ascii);
      return true;
    }
    anyLabel(from, to);
    return false;
  }

  /** A Label message in any shape the wire format allows: the last name and value count. */
  private void anyLabel(int from, int to) {
    int kOff = -1;
    int kLen = 0;
    int vOff = -1;
    int vLen = 0;
    WireReader lr = new WireReader(buf, from, to);
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
    note(kOff, kLen, vOff, vLen, false);
  }

  /**
   * Checks a label's name and value ({@code vOff} -1 when it has none) and notes where they are;
   * {@code ascii} when both are known to be ASCII.
   */
  private void note(int kOff, int kLen, int vOff, int vLen, boolean ascii) {
    if (kOff < 0 || kLen == 0) {
      throw emptyName();
    }
    if (kLen > maxNameLength) {
      throw overLimit("maxLabelNameLength", maxNameLength, "a label name of ", kLen);
    }
    if (vLen > maxValueLength) {
      throw overLimit("maxLabelValueLength", maxValueLength, "a label value of ", vLen);
    }
    if (!ascii) {
      checkUtf8(buf, kOff, kLen);
      if (vOff >= 0) {
        checkUtf8(buf, vOff, vLen);
      }
    }
    if (isName(buf, kOff, kLen)) {
      hasName = true;
      nameOff = vOff;
      nameLen = vLen;
    }
    int at = 4 * labelCount;
    if (at == labelAt.length) {
      labelAt = Arrays.copyOf(labelAt, 2 * labelAt.length);
    }
    labelAt[at] = kOff;
    labelAt[at + 1] = kLen;
    labelAt[at + 2] = vOff;
    labelAt[at + 3] = vLen;
    labelCount++;
  }

  private static HttpProblem emptyName() {
    return HttpProblem.badRequest("labels", "a label has an empty name");
  }

  private static HttpProblem overLimit(String limit, int max, String what, int bytes) {
    return LimitProblems.overLimit(limit, max, what + bytes + " bytes");
  }

  /** Whether {@code buf[off, off + len)} is {@code __name__}. */
  static boolean isName(byte[] buf, int off, int len) {
    return len == NAME_LABEL.length() && (long) LONG.get(buf, off) == NAME_LABEL_WORD;
  }

  /**
   * Pass 2, only for a metric some SLO selects: the labels as strings, then the samples of a series
   * that matches. Pass 1 checked the series' structure and labels, so only a label given twice or a
   * malformed sample can still fail here.
   */
  private void selected(MetricSelectors selectors) {
    // A series of Prometheus' shape seen before is found by the bytes of its label fields, before
    // anything else is done with its labels: they decide its key and its matches.
    // A sender that keeps its order sends it after the same series as last time: that entry's hint
    // finds it without the table.
    boolean byRaw = rawFrom >= 0 && selectors.matchesByLabelsAlone();
    int rawHash = 0;
    if (byRaw) {
      SeriesMatches.Entry seen = lastRaw == null ? null : lastRaw.next();
      if (seen == null || !seen.holds(index, buf, rawFrom, rawTo)) {
        rawHash = SeriesMatches.quickHash(buf, rawFrom, rawTo);
        seen = rawMatches.findRaw(index, buf, rawFrom, rawTo, rawHash);
        if (seen != null && lastRaw != null) {
          lastRaw.followedBy(seen);
        }
      }
      if (seen != null) {
        lastRaw = seen;
        if (seen.key() != null) {
          samples(seen.key(), seen.keyHash(), seen.keyCheck(), seen.matches());
        }
        return;
      }
    }
    String name = selectors.metricName();
    // Prometheus sends label names sorted, so they are distinct when they ascend; a series whose
    // hash label value no selector pins is then done without making a string of every label.
    boolean distinct = AsciiSeriesKey.namesAscend(buf, labelAt, labelCount);
    byRaw &= distinct;
    if (distinct && !selectors.mayMatch(hashLabelValue(selectors))) {
      if (byRaw) {
        keptRaw(
            rawMatches.putRaw(
                index, limits, selectors, buf, rawFrom, rawTo, rawHash, null, List.of()));
      }
      return;
    }
    // A series seen before is found by its key bytes: no label strings, matching or hashing.
    boolean ascii = distinct && asciiKey.write(buf, nameOff, nameLen, labelAt, labelCount);
    boolean kept = !byRaw && ascii && asciiKey.complete() && selectors.matchesByLabelsAlone();
    int quickHash = kept ? asciiKey.quickHash() : 0;
    SeriesMatches.Entry seen = kept ? matches.find(selectors, asciiKey, quickHash) : null;
    SeriesKey key = seen == null ? null : seen.key();
    List<Contribution> contributions =
        seen == null
            ? selectors.shared(List.copyOf(matchLabels(selectors, distinct)))
            : seen.matches();
    if (seen == null && (kept || (ascii && !contributions.isEmpty()))) {
      key = asciiKey.key();
      if (kept) {
        matches.put(selectors, quickHash, key, contributions);
      }
    }
    if (byRaw) {
      keptRaw(
          rawMatches.putRaw(
              index,
              limits,
              selectors,
              buf,
              rawFrom,
              rawTo,
              rawHash,
              contributions.isEmpty() ? null : key,
              contributions));
    }
    if (contributions.isEmpty()) {
      return;
    }
    if (key == null) {
      key = SeriesKey.of(labels.seriesKey(name));
    }
    samples(key, key.hash(), key.check(), contributions);
  }

  private void keptRaw(SeriesMatches.Entry e) {
    if (lastRaw != null) {
      lastRaw.followedBy(e);
    }
    lastRaw = e;
  }

  /** Adds the series' samples to the batch, under its key and matches. */
  private void samples(SeriesKey key, long hash, long check, List<Contribution> contributions) {
    BatchBuilder.Series series = null;
    for (int at = 0; at < 2 * sampleCount; at += 2) {
      WireReader sr = new WireReader(buf, sampleAt[at], sampleAt[at + 1]);
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
      if (series == null) {
        series = out.series(key, hash, check, Temporality.CUMULATIVE, contributions);
      }
      series.add(ts, value);
    }
  }

  /** The series' labels as strings, matched; the name of a label given twice is refused. */
  private List<Contribution> matchLabels(MetricSelectors selectors, boolean distinct) {
    labels.clear();
    for (int at = 0; at < 4 * labelCount; at += 4) {
      int kOff = labelAt[at];
      int kLen = labelAt[at + 1];
      if (isName(buf, kOff, kLen)) {
        continue;
      }
      String k = strings.get(buf, kOff, kLen);
      String v = labelAt[at + 2] < 0 ? "" : strings.get(buf, labelAt[at + 2], labelAt[at + 3]);
      if (!distinct && labels.get(k) != null) {
        throw HttpProblem.badRequest(
            "labels", "series " + selectors.metricName() + " has the label " + k + " twice");
      }
      labels.add(k, v);
    }
    return selectors.match(labels);
  }

  /** The value of the selectors' hash label in a series with distinct label names, or "". */
  private String hashLabelValue(MetricSelectors selectors) {
    for (int at = 0; at < 4 * labelCount; at += 4) {
      int kOff = labelAt[at];
      int kLen = labelAt[at + 1];
      if (!isName(buf, kOff, kLen) && selectors.isHashLabel(buf, kOff, kLen)) {
        int vOff = labelAt[at + 2];
        return vOff < 0 ? "" : strings.get(buf, vOff, labelAt[at + 3]);
      }
    }
    return "";
  }

  private static void checkUtf8(byte[] buf, int off, int len) {
    if (!Utf8.isValid(buf, off, len)) {
      throw HttpProblem.badRequest("labels", "a label name or value is not valid UTF-8");
    }
  }
}
