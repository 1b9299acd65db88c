package dev.burnrate.ingest.events;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.SelectorIndex.BucketSelector;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SeriesKey;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns request events into delta samples of the histogram {@code
 * http_server_request_duration_seconds}: each event adds 1 to {@code _count}, its duration in
 * seconds to {@code _sum}, and 1 to the {@code _bucket{le="T"}} of every selector whose threshold T
 * it is within, so latency thresholds are exact. Selectors with the same {@code le} text share
 * their bucket series: it gets one sample, counting towards all of them.
 *
 * <p>Events of one label set (service, route, method, status and labels) are matched once per
 * request, and what the index selects for a label set that comes back request after request, with
 * its series keys, is kept for later requests (up to {@link #MAX_KEPT_LABEL_SETS} label sets per
 * index); within a request its batch series are looked up once, so each further event only compares
 * its duration with the thresholds.
 */
public final class EventSeries {
  /** The histogram every event is an observation of. */
  public static final String METRIC = "http_server_request_duration_seconds";

  /** The label sets whose selections are kept per index; past that, they are forgotten. */
  static final int MAX_KEPT_LABEL_SETS = 16_384;

  // A request looks for the kept selections of all its label sets if at least half of its first
  // LOOK_FIRST ones are kept.
  private static final int LOOK_FIRST = 64;

  private static final String BUCKET = METRIC + "_bucket";
  private static final String COUNT = METRIC + "_count";
  private static final String SUM = METRIC + "_sum";
  private static final String[] STATUS_TEXT = new String[600];

  static {
    for (int s = 100; s < STATUS_TEXT.length; s++) {
      STATUS_TEXT[s] = Integer.toString(s);
    }
  }

  // What each index in use selects; an index no longer used is dropped with its selections.
  private static final Map<SelectorIndex, Selections> BY_INDEX =
      Collections.synchronizedMap(new WeakHashMap<>());

  private EventSeries() {}

  /** Matches the events and adds their samples to {@code out}. */
  public static void match(List<RequestEvent> events, SelectorIndex index, BatchBuilder out) {
    Selections selections = BY_INDEX.computeIfAbsent(index, Selections::new);
    if (selections.count == null && selections.sum == null && selections.bucket == null) {
      return;
    }
    LabelSets sets = new LabelSets(selections, out, events.size());
    for (RequestEvent e : events) {
      LabelSet set = sets.of(e);
      if (set != LabelSet.UNSELECTED) {
        set.add(e.timestampMs(), e.durationMs() / 1000.0);
      }
    }
  }

  /** The labels of the series of a label set's events, without {@code le}. */
  private static void labels(LabelSetKey e, SeriesLabels out) {
    out.clear();
    out.add("job", e.service());
    out.add("http_route", e.route());
    out.add("http_request_method", e.method());
    out.add("http_response_status_code", STATUS_TEXT[e.status()]);
    for (Map.Entry<String, String> l : e.labels().entrySet()) {
      out.add(l.getKey(), l.getValue());
    }
  }

  /** A label set, as the key of what the index selects for it. */
  private record LabelSetKey(
      String service, String route, String method, int status, Map<String, String> labels) {
    LabelSetKey(RequestEvent e) {
      this(e.service(), e.route(), e.method(), e.status(), e.labels());
    }
  }

  /**
   * What one index selects for each label set, kept for the label sets seen in more than one
   * request, up to {@link #MAX_KEPT_LABEL_SETS} of them (then it starts over). A label set seen for
   * the first time is only noted, by its hash, and a request whose label sets are mostly not kept
   * stops looking (see {@link LabelSets}), so label sets that do not come back (a label with a new
   * value in every request) cost little more than matching them in the request alone.
   */
  private static final class Selections {
    // No reference to the index itself: it is the weak key of BY_INDEX.
    final MetricSelectors count;
    final MetricSelectors sum;
    final MetricSelectors bucket;
    final Map<LabelSetKey, Selection> kept = new ConcurrentHashMap<>();
    // The hashes of label sets seen once, one per slot. Threads race on it harmlessly: a lost
    // note only delays keeping a label set.
    final int[] seenOnce = new int[1 << 14];

    Selections(SelectorIndex index) {
      this.count = index.selectors(COUNT);
      this.sum = index.selectors(SUM);
      this.bucket = index.selectors(BUCKET);
    }

    /** The kept selection of the label set, or null. */
    Selection kept(LabelSetKey key) {
      return kept.get(key);
    }

    /** Keeps the selection of a label set the second time it is offered (or so: by its hash). */
    void offer(LabelSetKey key, Selection s) {
      int hash = key.hashCode();
      int slot = hash & (seenOnce.length - 1);
      if (seenOnce[slot] == hash) {
        if (kept.size() >= MAX_KEPT_LABEL_SETS) {
          kept.clear();
        }
        kept.put(key, s);
      } else {
        seenOnce[slot] = hash;
      }
    }

    Selection select(LabelSetKey key, SeriesLabels labels) {
      labels(key, labels);
      List<Contribution> c = count == null ? List.of() : count.match(labels);
      List<Contribution> s = sum == null ? List.of() : sum.match(labels);
      List<BucketSelector> b = bucket == null ? List.of() : bucket.bucketSelectors(labels);
      if (c.isEmpty() && s.isEmpty() && b.isEmpty()) {
        return Selection.NONE;
      }
      return new Selection(key, labels, c, s, b);
    }
  }

  /**
   * The series of one label set that some selector selects: their keys and contributions, and the
   * thresholds of its bucket series (one per distinct {@code le} text, with the contributions of
   * all its selectors, in index order). Shared by requests: a bucket series' key is built when an
   * event first falls in the bucket, and may be built twice by two threads at once (either string
   * is the same key).
   */
  private static final class Selection {
    static final Selection NONE = new Selection();

    final LabelSetKey labels;
    final List<Contribution> count;
    final SeriesKey countKey;
    final List<Contribution> sum;
    final SeriesKey sumKey;
    final String[] leText;
    final double[] threshold;
    final List<List<Contribution>> bucket;
    private final SeriesKey[] bucketKey;

    private Selection() {
      labels = null;
      count = List.of();
      countKey = null;
      sum = List.of();
      sumKey = null;
      leText = new String[0];
      threshold = new double[0];
      bucket = List.of();
      bucketKey = new SeriesKey[0];
    }

    Selection(
        LabelSetKey key,
        SeriesLabels labels,
        List<Contribution> count,
        List<Contribution> sum,
        List<BucketSelector> buckets) {
      this.labels = key;
      this.count = count;
      this.countKey = count.isEmpty() ? null : SeriesKey.of(labels.seriesKey(COUNT));
      this.sum = sum;
      this.sumKey = sum.isEmpty() ? null : SeriesKey.of(labels.seriesKey(SUM));
      int n = 0;
      String[] les = new String[buckets.size()];
      double[] thresholds = new double[buckets.size()];
      List<List<Contribution>> contributions = new ArrayList<>(buckets.size());
      for (BucketSelector b : buckets) {
        int i = 0;
        while (i < n && !les[i].equals(b.leText())) {
          i++;
        }
        if (i == n) {
          les[n] = b.leText();
          thresholds[n] = b.threshold();
          contributions.add(b.contributions());
          n++;
        } else {
          List<Contribution> merged = new ArrayList<>(contributions.get(i));
          merged.addAll(b.contributions());
          contributions.set(i, List.copyOf(merged));
        }
      }
      this.leText = Arrays.copyOf(les, n);
      this.threshold = Arrays.copyOf(thresholds, n);
      this.bucket = List.copyOf(contributions);
      this.bucketKey = new SeriesKey[n];
    }

    SeriesKey bucketKey(int i, SeriesLabels scratch) {
      SeriesKey key = bucketKey[i];
      if (key == null) {
        labels(labels, scratch);
        scratch.add("le", leText[i]);
        key = SeriesKey.of(scratch.seriesKey(BUCKET));
        bucketKey[i] = key;
      }
      return key;
    }
  }

  /** The label sets of one request's events, each looked up once; open addressing by event. */
  private static final class LabelSets {
    final Selections selections;
    final BatchBuilder out;
    final SeriesLabels labels = new SeriesLabels();
    RequestEvent[] keys;
    LabelSet[] sets;
    int size;
    boolean lookForKept = true;
    int looked;
    int found;

    LabelSets(Selections selections, BatchBuilder out, int events) {
      this.selections = selections;
      this.out = out;
      // Room for every event to have its own label set at half load, up to a point.
      int capacity = Integer.highestOneBit(Math.clamp(events, 16, 1 << 14) * 2 - 1) * 2;
      keys = new RequestEvent[capacity];
      sets = new LabelSet[capacity];
    }

    /** The label set of the event, looked up when it is the first of its set. */
    LabelSet of(RequestEvent e) {
      int mask = keys.length - 1;
      int slot = hash(e) & mask;
      for (RequestEvent k = keys[slot]; k != null; k = keys[slot]) {
        if (sameLabels(k, e)) {
          return sets[slot];
        }
        slot = (slot + 1) & mask;
      }
      LabelSet set = labelSet(selection(e));
      keys[slot] = e;
      sets[slot] = set;
      if (++size * 2 > keys.length) {
        grow();
      }
      return set;
    }

    private void grow() {
      RequestEvent[] oldKeys = keys;
      LabelSet[] oldSets = sets;
      keys = new RequestEvent[oldKeys.length * 2];
      sets = new LabelSet[oldKeys.length * 2];
      int mask = keys.length - 1;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          int slot = hash(oldKeys[i]) & mask;
          while (keys[slot] != null) {
            slot = (slot + 1) & mask;
          }
          keys[slot] = oldKeys[i];
          sets[slot] = oldSets[i];
        }
      }
    }

    /**
     * What the index selects for a label set new to this request: the kept selection if any, else
     * matched now and offered to be kept. A request whose first label sets are mostly not kept
     * (label sets that do not come back) stops looking for the others.
     */
    private Selection selection(RequestEvent e) {
      LabelSetKey key = new LabelSetKey(e);
      if (!lookForKept) {
        return selections.select(key, labels);
      }
      Selection s = selections.kept(key);
      looked++;
      if (s != null) {
        found++;
        return s;
      }
      s = selections.select(key, labels);
      selections.offer(key, s);
      if (looked == LOOK_FIRST && found * 2 < looked) {
        lookForKept = false;
      }
      return s;
    }

    private LabelSet labelSet(Selection s) {
      return s == Selection.NONE ? LabelSet.UNSELECTED : new LabelSet(s, out, labels);
    }

    private static int hash(RequestEvent e) {
      int h = e.service().hashCode();
      h = 31 * h + e.route().hashCode();
      h = 31 * h + e.method().hashCode();
      h = 31 * h + e.status();
      h = 31 * h + e.labels().hashCode();
      return h ^ (h >>> 16);
    }

    private static boolean sameLabels(RequestEvent a, RequestEvent b) {
      return a.status() == b.status()
          && a.service().equals(b.service())
          && a.route().equals(b.route())
          && a.method().equals(b.method())
          && a.labels().equals(b.labels());
    }
  }

  /**
   * A selected label set within one request: its batch series once they have a sample. They join
   * the batch in the order that matching each event by itself would add them: {@code _count},
   * {@code _sum}, then the buckets in index order.
   */
  private static final class LabelSet {
    static final LabelSet UNSELECTED = new LabelSet(Selection.NONE, null, null);

    final Selection selection;
    final BatchBuilder out;
    final SeriesLabels scratch;
    BatchBuilder.Series countSeries;
    BatchBuilder.Series sumSeries;
    final BatchBuilder.Series[] bucketSeries;

    LabelSet(Selection selection, BatchBuilder out, SeriesLabels scratch) {
      this.selection = selection;
      this.out = out;
      this.scratch = scratch;
      this.bucketSeries = new BatchBuilder.Series[selection.threshold.length];
    }

    void add(long ts, double seconds) {
      Selection s = selection;
      if (s.countKey != null) {
        if (countSeries == null) {
          countSeries = out.series(s.countKey, Temporality.DELTA, s.count);
        }
        countSeries.add(ts, 1);
      }
      if (s.sumKey != null) {
        if (sumSeries == null) {
          sumSeries = out.series(s.sumKey, Temporality.DELTA, s.sum);
        }
        sumSeries.add(ts, seconds);
      }
      for (int i = 0; i < s.threshold.length; i++) {
        if (seconds <= s.threshold[i]) {
          if (bucketSeries[i] == null) {
            bucketSeries[i] =
                out.series(s.bucketKey(i, scratch), Temporality.DELTA, s.bucket.get(i));
          }
          bucketSeries[i].add(ts, 1);
        }
      }
    }
  }
}
