package dev.burnrate.ingest.match.internal;

import dev.burnrate.ingest.internal.SeriesLabels;
import dev.burnrate.ingest.match.SelectorIndex.BucketSelector;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.SliRole;
import dev.burnrate.slo.definition.SloGroups;
import dev.burnrate.slo.promql.LabelMatcher;
import dev.burnrate.slo.promql.MatchOp;
import dev.burnrate.slo.promql.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One distinct selector of a {@link dev.burnrate.ingest.match.SelectorIndex} and what it
 * contributes to.
 */
public final class SelectorEntry {
  final LabelMatcher[] matchers;
  final List<Contribution> contributions;
  // For `le="N"`: the numeric bound and its text; null otherwise.
  final Double leThreshold;
  final String leText;
  final BucketSelector bucket; // null without an le threshold
  final int ordinal; // the position among its metric's entries
  final GroupedContribution[] grouped; // empty unless a grouped SLO uses the selector
  final GroupLimiter limiter;

  private SelectorEntry(
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

  /** Gathers what one selector contributes to, then builds its entry. */
  public static final class Builder {
    private final Selector selector;
    private final List<Contribution> contributions = new ArrayList<>();
    private final List<GroupedContribution> grouped = new ArrayList<>();

    /** A builder of the entry of {@code selector}, contributing to nothing yet. */
    public Builder(Selector selector) {
      this.selector = selector;
    }

    /** Adds a contribution of every series the selector selects. */
    public Builder contribution(Contribution contribution) {
      contributions.add(contribution);
      return this;
    }

    /**
     * Adds a contribution to the instance of the grouped SLO {@code slo} that the values of a
     * series' {@code labels} name.
     */
    public Builder grouped(String slo, List<String> labels, SliRole role, int sign) {
      grouped.add(new GroupedContribution(slo, labels, role, sign));
      return this;
    }

    /** The entry, at position {@code ordinal} among its metric's, admitting groups by limiter. */
    public SelectorEntry build(int ordinal, GroupLimiter limiter) {
      return new SelectorEntry(
          selector.matchers().toArray(LabelMatcher[]::new),
          List.copyOf(contributions),
          ordinal,
          grouped.toArray(GroupedContribution[]::new),
          limiter);
    }
  }

  /** A contribution to the instance of a grouped SLO that a series' grouping labels name. */
  record GroupedContribution(String slo, List<String> labels, SliRole role, int sign) {
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
}
