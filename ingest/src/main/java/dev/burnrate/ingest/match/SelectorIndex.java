package dev.burnrate.ingest.match;

import static java.util.Objects.requireNonNull;

import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import dev.burnrate.slo.promql.SliQuery;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
      if (m.utf8Name == null) {
        continue; // a lone surrogate: no valid UTF-8 decodes to it, so no byte range can match
      }
      int i = m.utf8Hash & (size - 1);
      while (byUtf8Name[i] != null) {
        i = (i + 1) & (size - 1);
      }
      byUtf8Name[i] = m;
    }
  }

  private static byte[] strictUtf8(String s) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
      return Arrays.copyOf(b.array(), b.limit());
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * A hash of a name's bytes from its length and three 8-byte words (start, middle, end): metric
   * names differ in those, and a collision only costs a comparison of the bytes.
   */
  private static int hash(byte[] b, int off, int len) {
    long h = len;
    if (len >= Long.BYTES) {
      h = h * 0x9E37_79B9_7F4A_7C15L + (long) LONG.get(b, off);
      h = h * 0x9E37_79B9_7F4A_7C15L + (long) LONG.get(b, off + (len - Long.BYTES) / 2);
      h = h * 0x9E37_79B9_7F4A_7C15L + (long) LONG.get(b, off + len - Long.BYTES);
    } else {
      for (int i = off; i < off + len; i++) {
        h = h * 0x9E37_79B9_7F4A_7C15L + b[i];
      }
    }
    h ^= h >>> 29;
    h *= 0xBF58_476D_1CE4_E5B9L;
    return (int) (h ^ (h >>> 32));
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
    Map<String, Map<String, Entry.Builder>> grouped = new LinkedHashMap<>();
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
    for (Map.Entry<String, Map<String, Entry.Builder>> e : grouped.entrySet()) {
      List<Entry> entries = new ArrayList<>();
      for (Entry.Builder b : e.getValue().values()) {
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
      Map<String, Map<String, Entry.Builder>> grouped,
      String composite,
      SloSpec component,
      double weight) {
    boolean goodOverTotal = component.sli().good().isPresent();
    for (SliQuery.Term term : terms(component.sli().total())) {
      builder(grouped, term)
          .contributions
          .add(new Contribution(composite, SliRole.TOTAL, term.sign(), weight));
      if (goodOverTotal) {
        builder(grouped, term)
            .contributions
            .add(new Contribution(composite, SliRole.BAD, term.sign(), weight));
      }
    }
    for (SliQuery.Term term : terms(component.sli().bad())) {
      builder(grouped, term)
          .contributions
          .add(new Contribution(composite, SliRole.BAD, term.sign(), weight));
    }
    for (SliQuery.Term term : terms(component.sli().good())) {
      builder(grouped, term)
          .contributions
          .add(new Contribution(composite, SliRole.BAD, -term.sign(), weight));
    }
  }

  private static List<SliQuery.Term> terms(Optional<SliQuery> q) {
    return q.map(SliQuery::terms).orElse(List.of());
  }

  private static Entry.Builder builder(
      Map<String, Map<String, Entry.Builder>> grouped, SliQuery.Term term) {
    Selector s = term.selector();
    return grouped
        .computeIfAbsent(s.metricName(), k -> new LinkedHashMap<>())
        .computeIfAbsent(s.toString(), k -> new Entry.Builder(s));
  }

  private static void add(
      Map<String, Map<String, Entry.Builder>> grouped,
      SloSpec slo,
      SliRole role,
      Optional<SliQuery> query) {
    if (query.isEmpty()) {
      return;
    }
    for (SliQuery.Term term : query.get().terms()) {
      Entry.Builder b = builder(grouped, term);
      b.contributions.add(new Contribution(slo.name(), role, term.sign()));
      if (slo.grouped()) {
        b.grouped.add(new GroupedContribution(slo.name(), slo.grouping(), role, term.sign()));
      }
    }
  }

  /** A contribution to the instance of a grouped SLO that a series' grouping labels name. */
  private record GroupedContribution(String slo, List<String> labels, SliRole role, int sign) {
    /** The contribution for a series with these labels, or null when the limiter refuses it. */
    Contribution of(SeriesLabels series, GroupLimiter limiter) {
      List<String> values = new ArrayList<>(labels.size());
      for (String l : labels) {
        String v = series.get(l);
        values.add(v == null ? "" : v);
      }
      String instance = SloGroups.instanceName(slo, labels, values);
      return limiter.admit(slo, instance) ? new Contribution(instance, role, sign) : null;
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
    int h = hash(buf, off, len);
    int mask = byUtf8Name.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      MetricSelectors m = byUtf8Name[i];
      if (m == null) {
        return null;
      }
      if (m.utf8Hash == h && Arrays.equals(m.utf8Name, 0, m.utf8Name.length, buf, off, off + len)) {
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

  /** Parses a bucket bound as Prometheus writes it ({@code +Inf}, {@code 0.25}, {@code 1e3}). */
  static Double parseBound(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    switch (s) {
      case "+Inf", "Inf", "+inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return null;
    }
    try {
      double d = Double.parseDouble(s);
      return Double.isNaN(d) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The selectors of one metric name, hashed by the value of the label that most of them pin with
   * an equality matcher (the hash label), so that a series only meets the selectors that could
   * select it.
   */
  public static final class MetricSelectors {
    private final String metricName;
    private final byte[] utf8Name; // null when the name is not well-formed UTF-16
    private final int utf8Hash;
    private final Entry[] all;
    private final String hashLabel; // null when no entry has an equality matcher worth hashing
    private final byte[] utf8HashLabel;
    private final Map<String, Entry[]> byValue;
    private final Entry[] unhashed;
    // The same, restricted to the entries with an le threshold (those that count observations).
    private final Map<String, Entry[]> bucketsByValue;
    private final Entry[] bucketsUnhashed;

    private MetricSelectors(
        String metricName,
        Entry[] all,
        String hashLabel,
        Map<String, Entry[]> byValue,
        Entry[] unhashed) {
      this.metricName = metricName;
      this.utf8Name = strictUtf8(metricName);
      this.utf8Hash = utf8Name == null ? 0 : hash(utf8Name, 0, utf8Name.length);
      this.all = all;
      this.hashLabel = hashLabel;
      this.utf8HashLabel = hashLabel == null ? null : strictUtf8(hashLabel);
      this.byValue = byValue;
      this.unhashed = unhashed;
      Map<String, Entry[]> buckets = new HashMap<>();
      byValue.forEach(
          (v, entries) -> {
            Entry[] b = withThreshold(entries);
            if (b.length > 0) {
              buckets.put(v, b);
            }
          });
      this.bucketsByValue = Map.copyOf(buckets);
      this.bucketsUnhashed = withThreshold(unhashed);
    }

    private static Entry[] withThreshold(Entry[] entries) {
      return Arrays.stream(entries).filter(e -> e.bucket != null).toArray(Entry[]::new);
    }

    /** The metric name every one of these selectors names. */
    public String metricName() {
      return metricName;
    }

    /**
     * Whether the label named by the UTF-8 in {@code buf[off, off + len)} is the hash label: a
     * series that has no selector for its value (or no such label, as if its value were empty) and
     * fails {@link #mayMatch} matches none of these selectors.
     */
    public boolean isHashLabel(byte[] buf, int off, int len) {
      return utf8HashLabel != null
          && Arrays.equals(utf8HashLabel, 0, utf8HashLabel.length, buf, off, off + len);
    }

    /**
     * Whether a series whose hash label has this value ({@code ""} when it has none) could match
     * one of these selectors; when false, {@link #match} returns an empty list for it. Always true
     * when the selectors have no hash label.
     */
    public boolean mayMatch(String hashLabelValue) {
      return hashLabel == null || unhashed.length > 0 || byValue.containsKey(hashLabelValue);
    }

    static MetricSelectors of(String metricName, List<Entry> entries) {
      Entry[] all = entries.toArray(Entry[]::new);
      // Hash on the label that most selectors pin with '=', so a series only meets the selectors
      // that could select it. `le` is excluded: it compares numerically.
      Map<String, Integer> eqCounts = new HashMap<>();
      for (Entry e : all) {
        for (LabelMatcher lm : e.matchers) {
          if (lm.op() == MatchOp.EQ && !lm.name().equals("le")) {
            eqCounts.merge(lm.name(), 1, Integer::sum);
          }
        }
      }
      String best = null;
      int bestCount = 1;
      for (Map.Entry<String, Integer> c : eqCounts.entrySet()) {
        if (c.getValue() > bestCount
            || (c.getValue() == bestCount && best != null && c.getKey().compareTo(best) < 0)) {
          best = c.getKey();
          bestCount = c.getValue();
        }
      }
      if (best == null) {
        return new MetricSelectors(metricName, all, null, Map.of(), all);
      }
      Map<String, List<Entry>> byValue = new HashMap<>();
      List<Entry> unhashed = new ArrayList<>();
      for (Entry e : all) {
        String v = e.equalityValue(best);
        if (v == null) {
          unhashed.add(e);
        } else {
          byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(e);
        }
      }
      Map<String, Entry[]> frozen = new HashMap<>();
      byValue.forEach((k, v) -> frozen.put(k, v.toArray(Entry[]::new)));
      return new MetricSelectors(
          metricName, all, best, Map.copyOf(frozen), unhashed.toArray(Entry[]::new));
    }

    /**
     * The contributions of every selector that selects the series, in index order; an empty list
     * when none does; see {@link SelectorIndex#match}.
     */
    public List<Contribution> match(SeriesLabels labels) {
      List<Contribution> out = null;
      if (hashLabel != null) {
        String v = labels.get(hashLabel);
        Entry[] candidates = byValue.get(v == null ? "" : v);
        if (candidates != null) {
          out = collect(candidates, labels, out);
        }
      }
      out = collect(unhashed, labels, out);
      return out == null ? List.of() : out;
    }

    /**
     * The selectors with an {@code le="T"} matcher whose other matchers select the labels (which
     * have no {@code le}), in index order: those an exact observation with these labels counts
     * towards when it is at most their threshold. Selectors without such a matcher are left out
     * (they would sum several buckets).
     */
    public List<BucketSelector> bucketSelectors(SeriesLabels labels) {
      Entry[] hashed = null;
      if (hashLabel != null) {
        String v = labels.get(hashLabel);
        hashed = bucketsByValue.get(v == null ? "" : v);
      }
      if (hashed == null) {
        hashed = NO_ENTRIES;
      }
      if (hashed.length == 0 && bucketsUnhashed.length == 0) {
        return List.of();
      }
      // Both arrays are in index order: merge them to keep it.
      List<BucketSelector> out = new ArrayList<>(4);
      int h = 0;
      int u = 0;
      while (h < hashed.length || u < bucketsUnhashed.length) {
        Entry e =
            u == bucketsUnhashed.length
                    || (h < hashed.length && hashed[h].ordinal < bucketsUnhashed[u].ordinal)
                ? hashed[h++]
                : bucketsUnhashed[u++];
        if (e.matchesIgnoringLe(labels)) {
          out.add(e.bucketFor(labels));
        }
      }
      return out;
    }

    private static List<Contribution> collect(
        Entry[] entries, SeriesLabels labels, List<Contribution> out) {
      for (Entry e : entries) {
        if (e.matches(labels)) {
          if (out == null) {
            out = new ArrayList<>(4);
          }
          out.addAll(e.contributions);
          e.addGroups(labels, out);
        }
      }
      return out;
    }
  }

  private static final Entry[] NO_ENTRIES = new Entry[0];

  /** One distinct selector and what it contributes to. */
  private static final class Entry {
    final LabelMatcher[] matchers;
    final List<Contribution> contributions;
    // For `le="N"`: the numeric bound and its text; null otherwise.
    final Double leThreshold;
    final String leText;
    final BucketSelector bucket; // null without an le threshold
    final int ordinal; // the position among its metric's entries
    final GroupedContribution[] grouped; // empty unless a grouped SLO uses the selector
    final GroupLimiter limiter;

    private Entry(
        LabelMatcher[] matchers,
        List<Contribution> contributions,
        int ordinal,
        GroupedContribution[] grouped,
        GroupLimiter limiter) {
      this.grouped = grouped;
      this.limiter = limiter;
      this.matchers = matchers;
      this.ordinal = ordinal;
      this.contributions = contributions;
      Double threshold = null;
      String text = null;
      for (LabelMatcher m : matchers) {
        if (m.name().equals("le") && m.op() == MatchOp.EQ) {
          threshold = parseBound(m.value());
          text = m.value();
        }
      }
      this.leThreshold = threshold;
      this.leText = threshold == null ? null : text;
      this.bucket = threshold == null ? null : new BucketSelector(text, threshold, contributions);
    }

    /** Adds the contributions to the instances of the grouped SLOs the series' labels name. */
    void addGroups(SeriesLabels labels, List<Contribution> out) {
      for (GroupedContribution g : grouped) {
        Contribution c = g.of(labels, limiter);
        if (c != null) {
          out.add(c);
        }
      }
    }

    /** The bucket selector, with the contributions to the groups of these labels. */
    BucketSelector bucketFor(SeriesLabels labels) {
      if (grouped.length == 0) {
        return bucket;
      }
      List<Contribution> all = new ArrayList<>(contributions);
      addGroups(labels, all);
      return new BucketSelector(bucket.leText(), bucket.threshold(), List.copyOf(all));
    }

    String equalityValue(String label) {
      for (LabelMatcher m : matchers) {
        if (m.op() == MatchOp.EQ && m.name().equals(label)) {
          return m.value();
        }
      }
      return null;
    }

    boolean matches(SeriesLabels labels) {
      for (LabelMatcher m : matchers) {
        String v = labels.get(m.name());
        if (m.op() == MatchOp.EQ && leThreshold != null && m.name().equals("le")) {
          Double bound = parseBound(v);
          if (bound == null ? !m.matches(v) : bound.doubleValue() != leThreshold.doubleValue()) {
            return false;
          }
        } else if (!m.matches(v)) {
          return false;
        }
      }
      return true;
    }

    boolean matchesIgnoringLe(SeriesLabels labels) {
      for (LabelMatcher m : matchers) {
        if (m.name().equals("le")) {
          continue;
        }
        if (!m.matches(labels.get(m.name()))) {
          return false;
        }
      }
      return true;
    }

    static final class Builder {
      final Selector selector;
      final List<Contribution> contributions = new ArrayList<>();
      final List<GroupedContribution> grouped = new ArrayList<>();

      Builder(Selector selector) {
        this.selector = selector;
      }

      Entry build(int ordinal, GroupLimiter limiter) {
        return new Entry(
            selector.matchers().toArray(LabelMatcher[]::new),
            List.copyOf(contributions),
            ordinal,
            grouped.toArray(GroupedContribution[]::new),
            limiter);
      }
    }
  }
}
