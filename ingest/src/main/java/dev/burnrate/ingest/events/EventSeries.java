package dev.burnrate.ingest.events;

import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.SelectorIndex.BucketSelector;
import dev.burnrate.ingest.match.SelectorIndex.MetricSelectors;
import dev.burnrate.ingest.match.SeriesLabels;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns request events into delta samples of the histogram {@code
 * http_server_request_duration_seconds}: each event adds 1 to {@code _count}, its duration in
 * seconds to {@code _sum}, and 1 to the {@code _bucket{le="T"}} of every selector whose threshold T
 * it is within, so latency thresholds are exact. Selectors with the same {@code le} text share
 * their bucket series: it gets one sample, counting towards all of them.
 *
 * <p>Events of one label set (service, route, method, status and labels) are matched once per
 * request: the selectors, series keys and batch series found for the first event serve the others,
 * which only compare their duration with the thresholds.
 */
public final class EventSeries {
  /** The histogram every event is an observation of. */
  public static final String METRIC = "http_server_request_duration_seconds";

  private static final String BUCKET = METRIC + "_bucket";
  private static final String COUNT = METRIC + "_count";
  private static final String SUM = METRIC + "_sum";
  private static final String[] STATUS_TEXT = new String[600];

  static {
    for (int s = 100; s < STATUS_TEXT.length; s++) {
      STATUS_TEXT[s] = Integer.toString(s);
    }
  }

  private EventSeries() {}

  /** Matches the events and adds their samples to {@code out}. */
  public static void match(List<RequestEvent> events, SelectorIndex index, BatchBuilder out) {
    MetricSelectors count = index.selectors(COUNT);
    MetricSelectors sum = index.selectors(SUM);
    MetricSelectors bucket = index.selectors(BUCKET);
    if (count == null && sum == null && bucket == null) {
      return;
    }
    LabelSets sets = new LabelSets(count, sum, bucket, out, events.size());
    for (RequestEvent e : events) {
      LabelSet set = sets.of(e);
      if (set != LabelSet.UNSELECTED) {
        set.add(e.timestampMs(), e.durationMs() / 1000.0);
      }
    }
  }

  /** The labels of an event's series, without {@code le}. */
  static void labels(RequestEvent e, SeriesLabels out) {
    out.clear();
    out.add("job", e.service());
    out.add("http_route", e.route());
    out.add("http_request_method", e.method());
    out.add("http_response_status_code", STATUS_TEXT[e.status()]);
    for (Map.Entry<String, String> l : e.labels().entrySet()) {
      out.add(l.getKey(), l.getValue());
    }
  }

  /** The label sets of one request's events, each matched once; open addressing by event. */
  private static final class LabelSets {
    final MetricSelectors count;
    final MetricSelectors sum;
    final MetricSelectors bucket;
    final BatchBuilder out;
    final SeriesLabels labels = new SeriesLabels();
    RequestEvent[] keys;
    LabelSet[] sets;
    int size;

    LabelSets(
        MetricSelectors count,
        MetricSelectors sum,
        MetricSelectors bucket,
        BatchBuilder out,
        int events) {
      this.count = count;
      this.sum = sum;
      this.bucket = bucket;
      this.out = out;
      // Room for every event to have its own label set without growing, up to a point.
      int capacity = Integer.highestOneBit(Math.clamp(events, 16, 1 << 14) * 2 - 1) * 2;
      keys = new RequestEvent[capacity];
      sets = new LabelSet[capacity];
    }

    /** The label set of the event, matched when it is the first of its set. */
    LabelSet of(RequestEvent e) {
      int hash = hash(e);
      int mask = keys.length - 1;
      int slot = hash & mask;
      for (RequestEvent k = keys[slot]; k != null; k = keys[slot]) {
        if (sameLabels(k, e)) {
          return sets[slot];
        }
        slot = (slot + 1) & mask;
      }
      LabelSet set = match(e);
      keys[slot] = e;
      sets[slot] = set;
      if (++size * 2 > keys.length) {
        grow();
      }
      return set;
    }

    private LabelSet match(RequestEvent e) {
      labels(e, labels);
      List<Contribution> c = count == null ? List.of() : count.match(labels);
      List<Contribution> s = sum == null ? List.of() : sum.match(labels);
      List<BucketSelector> b = bucket == null ? List.of() : bucket.bucketSelectors(labels);
      if (c.isEmpty() && s.isEmpty() && b.isEmpty()) {
        return LabelSet.UNSELECTED;
      }
      return new LabelSet(e, c, s, b, this);
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
  }

  /**
   * The series of one label set that some selector selects, and their batch series once they have a
   * sample. Series are added to the batch in the order that matching each event by itself would add
   * them: {@code _count}, {@code _sum}, then the buckets in index order.
   */
  private static final class LabelSet {
    static final LabelSet UNSELECTED = new LabelSet();

    final RequestEvent first;
    final LabelSets owner;
    final List<Contribution> count;
    final List<Contribution> sum;
    // One bucket series per distinct le text, with the contributions of all its selectors.
    final String[] leText;
    final double[] threshold;
    final List<List<Contribution>> bucket;
    BatchBuilder.Series countSeries;
    BatchBuilder.Series sumSeries;
    final BatchBuilder.Series[] bucketSeries;

    private LabelSet() {
      this(null, List.of(), List.of(), List.of(), null);
    }

    LabelSet(
        RequestEvent first,
        List<Contribution> count,
        List<Contribution> sum,
        List<BucketSelector> buckets,
        LabelSets owner) {
      this.first = first;
      this.owner = owner;
      this.count = count;
      this.sum = sum;
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
          contributions.set(i, merged);
        }
      }
      this.leText = n == les.length ? les : Arrays.copyOf(les, n);
      this.threshold = n == thresholds.length ? thresholds : Arrays.copyOf(thresholds, n);
      this.bucket = contributions;
      this.bucketSeries = new BatchBuilder.Series[leText.length];
    }

    void add(long ts, double seconds) {
      if (!count.isEmpty()) {
        if (countSeries == null) {
          countSeries = series(COUNT, null, count);
        }
        countSeries.add(ts, 1);
      }
      if (!sum.isEmpty()) {
        if (sumSeries == null) {
          sumSeries = series(SUM, null, sum);
        }
        sumSeries.add(ts, seconds);
      }
      for (int i = 0; i < threshold.length; i++) {
        if (seconds <= threshold[i]) {
          if (bucketSeries[i] == null) {
            bucketSeries[i] = series(BUCKET, leText[i], bucket.get(i));
          }
          bucketSeries[i].add(ts, 1);
        }
      }
    }

    private BatchBuilder.Series series(String metric, String le, List<Contribution> c) {
      SeriesLabels labels = owner.labels;
      labels(first, labels);
      if (le != null) {
        labels.add("le", le);
      }
      return owner.out.series(labels.seriesKey(metric), Temporality.DELTA, c);
    }
  }
}
