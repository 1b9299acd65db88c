package dev.burnrate.bridge;

import java.util.Map;
import java.util.Set;

/** The checks and the label test of a connector's routing rule ({@link Match}). */
final class MatchRules {
  private MatchRules() {}

  /** Checks a rule's kinds, severities, priority and labels; the labels copied and sorted. */
  static Map<String, Set<String>> check(
      Set<String> kinds, Set<String> severities, int maxPriority, Map<String, Set<String>> labels) {
    for (String k : kinds) {
      if (!Set.of("incident", "problem", "change").contains(k)) {
        throw new IllegalArgumentException(
            "unknown record kind " + k + "; expected incident, problem or change");
      }
    }
    for (String s : severities) {
      if (!Set.of("page", "ticket").contains(s)) {
        throw new IllegalArgumentException("unknown severity " + s + "; expected page or ticket");
      }
    }
    if (maxPriority < 1 || maxPriority > 4) {
      throw new IllegalArgumentException("maxPriority must be 1..4, got " + maxPriority);
    }
    if (labels.size() > Match.MAX_LABELS) {
      throw new IllegalArgumentException(
          "labels may name at most " + Match.MAX_LABELS + " labels, got " + labels.size());
    }
    Map<String, Set<String>> copy = new java.util.TreeMap<>();
    for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
      if (e.getKey().isBlank() || e.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "labels: each label needs a name and at least one value, got " + e.getKey());
      }
      copy.put(e.getKey(), Set.copyOf(e.getValue()));
    }
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Whether records carrying {@code recordLabels} carry each label of the rule with a value. */
  static boolean labelsMatch(Map<String, Set<String>> labels, Map<String, String> recordLabels) {
    for (Map.Entry<String, Set<String>> e : labels.entrySet()) {
      String v = recordLabels.get(e.getKey());
      if (v == null || !e.getValue().contains(v)) {
        return false;
      }
    }
    return true;
  }
}
