package dev.burnrate.slo.promql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A series selector: a metric name and label matchers, such as {@code
 * http_requests_total{code="500"}}.
 */
public record Selector(String metricName, List<LabelMatcher> matchers) {

  /** Checks the selector and copies its matchers. */
  public Selector {
    requireNonNull(metricName, "metricName");
    if (metricName.isEmpty()) {
      throw new IllegalArgumentException("a selector needs a metric name");
    }
    matchers = List.copyOf(matchers);
  }

  /** Whether a series, by its metric name and labels (without {@code __name__}), is selected. */
  public boolean matches(String name, Map<String, String> labels) {
    if (!metricName.equals(name)) {
      return false;
    }
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    if (matchers.isEmpty()) {
      return metricName;
    }
    StringBuilder sb = new StringBuilder(metricName).append('{');
    for (int i = 0; i < matchers.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(matchers.get(i));
    }
    return sb.append('}').toString();
  }
}
