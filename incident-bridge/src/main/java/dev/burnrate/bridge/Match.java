package dev.burnrate.bridge;

import java.util.Map;
import java.util.Set;

/**
 * Which records a connector receives.
 *
 * @param kinds record kinds: incident, problem, change (empty: all the connector supports)
 * @param services only these services (empty: all)
 * @param severities only these severities, page or ticket (empty: all; problems and changes have
 *     none and always match)
 * @param maxPriority only incidents of this priority or more urgent (4: all)
 * @param labels only records that carry every one of these labels with one of its values (empty:
 *     all); incidents carry the labels of their alerts, problems and changes carry none
 */
public record Match(
    Set<String> kinds,
    Set<String> services,
    Set<String> severities,
    int maxPriority,
    Map<String, Set<String>> labels) {
  /** The most labels one rule may name. */
  public static final int MAX_LABELS = 32;

  /** Checks the rule and copies its sets. */
  public Match {
    kinds = Set.copyOf(kinds);
    services = Set.copyOf(services);
    severities = Set.copyOf(severities);
    labels = MatchRules.check(kinds, severities, maxPriority, labels);
  }

  /** A rule without labels. */
  public Match(Set<String> kinds, Set<String> services, Set<String> severities, int maxPriority) {
    this(kinds, services, severities, maxPriority, Map.of());
  }

  /** Everything. */
  public static Match all() {
    return new Match(Set.of(), Set.of(), Set.of(), 4);
  }

  /** Whether records carrying {@code recordLabels} pass the labels rule. */
  public boolean labelsMatch(Map<String, String> recordLabels) {
    return MatchRules.labelsMatch(labels, recordLabels);
  }
}
