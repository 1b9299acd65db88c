package dev.burnrate.ingest.match;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.internal.GroupLimiter;
import dev.burnrate.ingest.match.internal.MetricSelectors;
import dev.burnrate.ingest.match.internal.SelectorEntry;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SLO's selectors, indexed by metric name and then by one equality matcher, so that a series
 * is matched once against all SLOs; immutable, so it can be swapped atomically when SLOs reload.
 *
 * <p>The {@code le} label compares numerically when both sides are numbers ({@code le="1"} selects
 * a bucket exposed as {@code le="1.0"}), because clients format bucket bounds differently.
 */
public final class SelectorIndex {
  private static final SelectorIndex EMPTY =
      new SelectorIndex(Map.of(), 0, GroupLimiter.defaults());

  private final Map<String, MetricSelectors> byMetric;
  private final int selectorCount;
  // The same selectors by the UTF-8 of their metric name, in an open-addressing table (linear
  // probing, at most half full), so that a decoder can look a name up without making a String.
  private final MetricSelectors[] byUtf8Name;

  private final GroupLimiter groups;

  private SelectorIndex(
      Map<String, MetricSelectors> byMetric, int selectorCount, GroupLimiter groups) {
    this.groups = groups;
    this.byMetric = byMetric;
    this.selectorCount = selectorCount;
    int size = Integer.highestOneBit(Math.max(1, byMetric.size()) * 2) * 2;
    this.byUtf8Name = new MetricSelectors[size];
    for (MetricSelectors m : byMetric.values()) {
      if (!m.hasUtf8Name()) {
        continue; // a lone surrogate: no valid UTF-8 decodes to it, so no byte range can match
      }
      int i = m.utf8Hash() & (size - 1);
      while (byUtf8Name[i] != null) {
        i = (i + 1) & (size - 1);
      }
      byUtf8Name[i] = m;
    }
  }

  /** An index that selects nothing. */
  public static SelectorIndex empty() {
    return EMPTY;
  }

  /** The index of the selectors of every evaluable SLO in the set, with a limiter of its own. */
  public static SelectorIndex of(Collection<SloSpec> slos) {
    return of(slos, GroupLimiter.defaults());
  }

  /**
   * The index of the selectors of every evaluable SLO in the set. A grouped SLO's selectors also
   * count each series in its group's instance ({@link SloGroups#instanceName}), as {@code groups}
   * admits it; a composite SLO's components' selectors also count in the composite, times the
   * component's weight, as bad and total events (good events of a component are its total minus its
   * bad ones), so that each composite bucket is the weighted sum of its components' buckets.
   */
  public static SelectorIndex of(Collection<SloSpec> slos, GroupLimiter groups) {
    requireNonNull(slos, "slos");
    requireNonNull(groups, "groups");
    Map<String, SloSpec> byName = new HashMap<>();
    for (SloSpec slo : slos) {
      byName.put(slo.name(), slo);
    }
    // Identical selectors (by their text) share one entry and its contributions.
    Map<String, Map<String, SelectorEntry.Builder>> grouped = new LinkedHashMap<>();
    for (SloSpec slo : slos) {
      if (!slo.sli().evaluable()) {
        continue;
      }
      if (slo.composite()) {
        for (Map.Entry<String, Double> c : flatten(slo, byName, 1.0, 0).entrySet()) {
          SloSpec component = byName.get(c.getKey());
          addComposite(grouped, slo.name(), component, c.getValue());
        }
        continue;
      }
      add(grouped, slo, SliRole.GOOD, slo.sli().good());
      add(grouped, slo, SliRole.BAD, slo.sli().bad());
      add(grouped, slo, SliRole.TOTAL, slo.sli().total());
    }
    Map<String, MetricSelectors> byMetric = new HashMap<>();
    int count = 0;
    for (Map.Entry<String, Map<String, SelectorEntry.Builder>> e : grouped.entrySet()) {
      List<SelectorEntry> entries = new ArrayList<>();
      for (SelectorEntry.Builder b : e.getValue().values()) {
        entries.add(b.build(entries.size(), groups));
      }
      count += entries.size();
      byMetric.put(e.getKey(), MetricSelectors.of(e.getKey(), entries));
    }
    return new SelectorIndex(Map.copyOf(byMetric), count, groups);
  }

  /** The limiter of groups this index admits series with. */
  public GroupLimiter groups() {
    return groups;
  }

  /**
   * The plain (not composite) SLOs under a composite with the product of the weights on the way (a
   * component reached twice adds its weights); composites that are unknown, not evaluable or nested
   * deeper than the set's size (a cycle, which the loader rejects) add nothing.
   */
  static Map<String, Double> flatten(
      SloSpec composite, Map<String, SloSpec> byName, double weight, int depth) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (depth > byName.size()) {
      return out;
    }
    for (SloSpec.Component c : composite.components()) {
      SloSpec component = byName.get(c.slo());
      if (component == null || !component.sli().evaluable()) {
        continue;
      }
      double w = weight * c.weight();
      if (component.composite()) {
        flatten(component, byName, w, depth + 1).forEach((k, v) -> out.merge(k, v, Double::sum));
      } else {
        out.merge(component.name(), w, Double::sum);
      }
    }
    return out;
  }

  /**
   * The contributions of one plain component to a composite, as bad and total events: a bad counter
   * adds to the composite's bad, a total counter to its total, and, for a component that counts
   * good events, a total counter also to the bad events and a good counter subtracts from them (bad
   * = total - good).
   */
  private static void addComposite(
      Map<String, Map<String, SelectorEntry.Builder>> grouped,
      String composite,
      SloSpec component,
      double weight) {
    boolean goodOverTotal = component.sli().good().isPresent();
    for (SliQuery.Term term : terms(component.sli().total())) {
      builder(grouped, term)
          .contribution(new Contribution(composite, SliRole.TOTAL, term.sign(), weight));
      if (goodOverTotal) {
        builder(grouped, term)
            .contribution(new Contribution(composite, SliRole.BAD, term.sign(), weight));
      }
    }
    for (SliQuery.Term term : terms(component.sli().bad())) {
      builder(grouped, term)
          .contribution(new Contribution(composite, SliRole.BAD, term.sign(), weight));
    }
    for (SliQuery.Term term : terms(component.sli().good())) {
      builder(grouped, term)
          .contribution(new Contribution(composite, SliRole.BAD, -term.sign(), weight));
    }
  }

  private static List<SliQuery.Term> terms(Optional<SliQuery> q) {
    return q.map(SliQuery::terms).orElse(List.of());
  }

  private static SelectorEntry.Builder builder(
      Map<String, Map<String, SelectorEntry.Builder>> grouped, SliQuery.Term term) {
    Selector s = term.selector();
    return grouped
        .computeIfAbsent(s.metricName(), k -> new LinkedHashMap<>())
        .computeIfAbsent(s.toString(), k -> new SelectorEntry.Builder(s));
  }

  private static void add(
      Map<String, Map<String, SelectorEntry.Builder>> grouped,
      SloSpec slo,
      SliRole role,
      Optional<SliQuery> query) {
    if (query.isEmpty()) {
      return;
    }
    for (SliQuery.Term term : query.get().terms()) {
      SelectorEntry.Builder b = builder(grouped, term);
      b.contribution(new Contribution(slo.name(), role, term.sign()));
      if (slo.grouped()) {
        b.grouped(slo.name(), slo.grouping(), role, term.sign());
      }
    }
  }

  /** Whether any selector names this metric: the one lookup an unmatched series costs. */
  public boolean selects(String metricName) {
    return byMetric.containsKey(metricName);
  }

  /**
   * The selectors of the metric whose name is the UTF-8 in {@code buf[off, off + len)}, or null
   * when none names it: {@link #selects(String)} without decoding the name, for a decoder that has
   * checked that the bytes are valid UTF-8.
   */
  public MetricSelectors selectorsOf(byte[] buf, int off, int len) {
    int h = MetricSelectors.hash(buf, off, len);
    int mask = byUtf8Name.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      MetricSelectors m = byUtf8Name[i];
      if (m == null) {
        return null;
      }
      if (m.utf8Hash() == h && m.isNamedBy(buf, off, len)) {
        return m;
      }
    }
  }

  /** The number of distinct selectors in the index. */
  public int selectorCount() {
    return selectorCount;
  }

  /**
   * The selectors of one metric name, or null when none names it: to match many series of that
   * metric without looking its name up for each.
   */
  public MetricSelectors selectors(String metricName) {
    return byMetric.get(metricName);
  }

  /**
   * The contributions of every selector that selects the series, in index order; an empty list when
   * none does. A series selected by two terms counts twice, as the sum in the query does.
   */
  public List<Contribution> match(String metricName, SeriesLabels labels) {
    MetricSelectors m = byMetric.get(metricName);
    if (m == null) {
      return List.of();
    }
    return m.match(labels);
  }

  /**
   * Matches one exact observation of a histogram against the selectors of its {@code _bucket}
   * series: a selector with {@code le="T"} (T a number or {@code +Inf}) counts the observation when
   * {@code observed <= T}, whatever T is, so thresholds are exact. Selectors on the bucket metric
   * without such an {@code le} matcher are skipped (they would sum several buckets).
   *
   * @param bucketMetric the bucket series' name, such as {@code
   *     http_server_request_duration_seconds_bucket}
   * @param labels the observation's labels, without {@code le}
   * @param observed the observed value
   * @param sink receives each selector's {@code le} text and contributions
   */
  public void matchObservation(
      String bucketMetric, SeriesLabels labels, double observed, BucketSink sink) {
    MetricSelectors m = byMetric.get(bucketMetric);
    if (m == null) {
      return;
    }
    for (BucketSelector b : m.bucketSelectors(labels)) {
      if (observed <= b.threshold()) {
        sink.accept(b.leText(), b.contributions());
      }
    }
  }

  /**
   * A selector of a bucket series with an {@code le="T"} matcher, T a number or {@code +Inf}: it
   * counts an exact observation when {@code observed <= threshold}.
   *
   * @param leText the {@code le} value as the selector writes it
   * @param threshold T as a number
   * @param contributions the selector's contributions
   */
  public record BucketSelector(String leText, double threshold, List<Contribution> contributions) {}

  /** Receives the bucket selectors an observation falls in. */
  @FunctionalInterface
  public interface BucketSink {
    /** One selector with {@code le="leText"} whose bucket counts the observation. */
    void accept(String leText, List<Contribution> contributions);
  }
}
