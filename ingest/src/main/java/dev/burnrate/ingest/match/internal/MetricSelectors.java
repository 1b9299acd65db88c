package dev.burnrate.ingest.match.internal;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.SelectorIndex.BucketSelector;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The selectors of one metric name in a {@link dev.burnrate.ingest.match.SelectorIndex}, hashed by
 * the value of the label that most of them pin with an equality matcher (the hash label), so that a
 * series only meets the selectors that could select it.
 */
public final class MetricSelectors {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final String metricName;
  private final byte[] utf8Name; // null when the name is not well-formed UTF-16
  private final int utf8Hash;
  private final SelectorEntry[] all;
  private final String hashLabel; // null when no entry has an equality matcher worth hashing
  private final byte[] utf8HashLabel;
  private final Map<String, SelectorEntry[]> byValue;
  private final SelectorEntry[] unhashed;
  // The same, restricted to the entries with an le threshold (those that count observations).
  private final Map<String, SelectorEntry[]> bucketsByValue;
  private final SelectorEntry[] bucketsUnhashed;
  private final boolean byLabelsAlone;
  // One instance of each distinct list of matches, so that what a list is used for downstream (the
  // series log's table of lists) is found by identity rather than by hashing its contributions.
  private final ConcurrentHashMap<List<Contribution>, List<Contribution>> sharedMatches =
      new ConcurrentHashMap<>();

  private MetricSelectors(
      String metricName,
      SelectorEntry[] all,
      String hashLabel,
      Map<String, SelectorEntry[]> byValue,
      SelectorEntry[] unhashed) {
    this.metricName = metricName;
    this.utf8Name = strictUtf8(metricName);
    this.utf8Hash = utf8Name == null ? 0 : hash(utf8Name, 0, utf8Name.length);
    this.all = all;
    this.hashLabel = hashLabel;
    this.utf8HashLabel = hashLabel == null ? null : strictUtf8(hashLabel);
    this.byValue = byValue;
    this.unhashed = unhashed;
    Map<String, SelectorEntry[]> buckets = new HashMap<>();
    byValue.forEach(
        (v, entries) -> {
          SelectorEntry[] b = withThreshold(entries);
          if (b.length > 0) {
            buckets.put(v, b);
          }
        });
    this.bucketsByValue = Map.copyOf(buckets);
    this.bucketsUnhashed = withThreshold(unhashed);
    this.byLabelsAlone = Arrays.stream(all).allMatch(e -> e.grouped.length == 0);
  }

  private static SelectorEntry[] withThreshold(SelectorEntry[] entries) {
    return Arrays.stream(entries).filter(e -> e.bucket != null).toArray(SelectorEntry[]::new);
  }

  /**
   * Whether a series' contributions are a function of its labels alone: false when a grouped SLO
   * uses a selector, as its group limit admits or refuses (and counts) each series it sees.
   */
  public boolean matchesByLabelsAlone() {
    return byLabelsAlone;
  }

  /** Whether the metric name has a UTF-8 spelling (no lone surrogate): else no bytes name it. */
  public boolean hasUtf8Name() {
    return utf8Name != null;
  }

  /** The {@link #hash} of the metric name's UTF-8. */
  public int utf8Hash() {
    return utf8Hash;
  }

  /** Whether the UTF-8 in {@code buf[off, off + len)} is the metric name. */
  public boolean isNamedBy(byte[] buf, int off, int len) {
    return utf8Name != null && Arrays.equals(utf8Name, 0, utf8Name.length, buf, off, off + len);
  }

  /** The metric name every one of these selectors names. */
  public String metricName() {
    return metricName;
  }

  /**
   * Whether the label named by the UTF-8 in {@code buf[off, off + len)} is the hash label: a series
   * that has no selector for its value (or no such label, as if its value were empty) and fails
   * {@link #mayMatch} matches none of these selectors.
   */
  public boolean isHashLabel(byte[] buf, int off, int len) {
    return utf8HashLabel != null
        && Arrays.equals(utf8HashLabel, 0, utf8HashLabel.length, buf, off, off + len);
  }

  /**
   * Whether a series whose hash label has this value ({@code ""} when it has none) could match one
   * of these selectors; when false, {@link #match} returns an empty list for it. Always true when
   * the selectors have no hash label.
   */
  public boolean mayMatch(String hashLabelValue) {
    return hashLabel == null || unhashed.length > 0 || byValue.containsKey(hashLabelValue);
  }

  /** The selectors of {@code metricName}, hashed by their best hash label. */
  public static MetricSelectors of(String metricName, List<SelectorEntry> entries) {
    SelectorEntry[] all = entries.toArray(SelectorEntry[]::new);
    // Hash on the label that most selectors pin with '=', so a series only meets the selectors
    // that could select it. `le` is excluded: it compares numerically.
    Map<String, Integer> eqCounts = new HashMap<>();
    for (SelectorEntry e : all) {
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
    Map<String, List<SelectorEntry>> byValue = new HashMap<>();
    List<SelectorEntry> unhashed = new ArrayList<>();
    for (SelectorEntry e : all) {
      String v = e.equalityValue(best);
      if (v == null) {
        unhashed.add(e);
      } else {
        byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, SelectorEntry[]> frozen = new HashMap<>();
    byValue.forEach((k, v) -> frozen.put(k, v.toArray(SelectorEntry[]::new)));
    return new MetricSelectors(
        metricName, all, best, Map.copyOf(frozen), unhashed.toArray(SelectorEntry[]::new));
  }

  /**
   * At most this many distinct lists of matches are shared per metric; beyond, lists stay apart.
   */
  static final int MAX_SHARED_MATCHES = 4096;

  /**
   * The one instance of lists equal to {@code matches} (an immutable list of this metric's
   * matches), so that series matched alike share one list: {@code matches} itself when it is the
   * first, or when {@link #MAX_SHARED_MATCHES} lists are shared already.
   */
  public List<Contribution> shared(List<Contribution> matches) {
    List<Contribution> one = sharedMatches.get(matches);
    if (one != null) {
      return one;
    }
    if (sharedMatches.size() >= MAX_SHARED_MATCHES) {
      return matches;
    }
    one = sharedMatches.putIfAbsent(matches, matches);
    return one == null ? matches : one;
  }

  /**
   * The contributions of every selector that selects the series, in index order; an empty list when
   * none does; see {@link SelectorIndex#match}.
   */
  public List<Contribution> match(SeriesLabels labels) {
    List<Contribution> out = null;
    if (hashLabel != null) {
      String v = labels.get(hashLabel);
      SelectorEntry[] candidates = byValue.get(v == null ? "" : v);
      if (candidates != null) {
        out = collect(candidates, labels, out);
      }
    }
    out = collect(unhashed, labels, out);
    return out == null ? List.of() : out;
  }

  /**
   * The selectors with an {@code le="T"} matcher whose other matchers select the labels (which have
   * no {@code le}), in index order: those an exact observation with these labels counts towards
   * when it is at most their threshold. Selectors without such a matcher are left out (they would
   * sum several buckets).
   */
  public List<BucketSelector> bucketSelectors(SeriesLabels labels) {
    SelectorEntry[] hashed = null;
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
      SelectorEntry e =
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
      SelectorEntry[] entries, SeriesLabels labels, List<Contribution> out) {
    for (SelectorEntry e : entries) {
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

  private static final SelectorEntry[] NO_ENTRIES = new SelectorEntry[0];

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
  public static int hash(byte[] b, int off, int len) {
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
}
