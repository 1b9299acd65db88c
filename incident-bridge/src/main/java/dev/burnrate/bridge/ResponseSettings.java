package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How incidents are assigned and how fast they must be answered: the {@code assignment:} and {@code
 * response:} keys of the bridge section.
 *
 * @param assignments overrides of the catalog owner, per service and (optionally) priority; the
 *     first that matches wins
 * @param targets the response targets per priority number (1 to 4, every one present)
 * @param tiers per service tier (1 to 4), targets that replace the priority's defaults
 * @param onBreach what a breach does besides its timeline entry and metric
 * @param reportWindow how far back the gauges of MTTA, MTTR and share inside targets look
 */
public record ResponseSettings(
    List<AssignmentRule> assignments,
    Map<Integer, Targets> targets,
    Map<Integer, Map<Integer, Targets>> tiers,
    OnBreach onBreach,
    Duration reportWindow) {

  /** Checks the settings and copies its collections. */
  public ResponseSettings {
    requireNonNull(onBreach, "onBreach");
    requireNonNull(reportWindow, "reportWindow");
    assignments = List.copyOf(assignments);
    for (int p = 1; p <= 4; p++) {
      if (!targets.containsKey(p)) {
        throw new IllegalArgumentException("response targets of P" + p + " are missing");
      }
    }
    targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    Map<Integer, Map<Integer, Targets>> t = new TreeMap<>();
    tiers.forEach((tier, m) -> t.put(tier, Collections.unmodifiableMap(new TreeMap<>(m))));
    tiers = Collections.unmodifiableMap(t);
    if (reportWindow.isNegative() || reportWindow.isZero()) {
      throw new IllegalArgumentException("reportWindow must be positive, got " + reportWindow);
    }
  }

  /** What a breach does besides its timeline entry and metric. */
  public enum OnBreach {
    /** The incident's priority goes up one step (a P1 is notified instead). */
    PRIORITY,
    /** The connectors are notified with a {@code breached} event; the priority stays. */
    NOTIFY
  }

  /**
   * The response targets of one priority.
   *
   * @param acknowledge the longest time from open to acknowledged, on-hold time not counted
   * @param resolve the longest time from open to resolved, on-hold time not counted
   */
  public record Targets(Duration acknowledge, Duration resolve) {
    /** Checks the targets. */
    public Targets {
      requireNonNull(acknowledge, "acknowledge");
      requireNonNull(resolve, "resolve");
      if (acknowledge.isNegative() || acknowledge.isZero()) {
        throw new IllegalArgumentException("acknowledge must be positive, got " + acknowledge);
      }
      if (resolve.isNegative() || resolve.isZero()) {
        throw new IllegalArgumentException("resolve must be positive, got " + resolve);
      }
    }
  }

  /**
   * Who gets the incidents of a service, instead of the catalog's owner.
   *
   * @param service the service
   * @param priority only incidents of this priority number, or null for every priority
   * @param group the assignment group (team)
   * @param assignee a person, or null
   */
  public record AssignmentRule(String service, Integer priority, String group, String assignee) {
    /** Checks the rule. */
    public AssignmentRule {
      requireNonNull(service, "service");
      requireNonNull(group, "group");
    }

    boolean matches(String s, int p) {
      return service.equals(s) && (priority == null || priority == p);
    }
  }

  /**
   * Who an incident is assigned to.
   *
   * @param group the assignment group, or null when neither the catalog nor a rule names one
   * @param assignee a person, or null
   */
  public record Assignment(String group, String assignee) {}

  /** The defaults: no overrides; P1 15m/4h, P2 30m/8h, P3 4h/3d, P4 1d/10d; priority up. */
  public static ResponseSettings defaults() {
    Map<Integer, Targets> t = new TreeMap<>();
    t.put(1, new Targets(Duration.ofMinutes(15), Duration.ofHours(4)));
    t.put(2, new Targets(Duration.ofMinutes(30), Duration.ofHours(8)));
    t.put(3, new Targets(Duration.ofHours(4), Duration.ofDays(3)));
    t.put(4, new Targets(Duration.ofDays(1), Duration.ofDays(10)));
    return new ResponseSettings(List.of(), t, Map.of(), OnBreach.PRIORITY, Duration.ofDays(30));
  }

  /** The targets of an incident of a priority on a service of a tier (null: no tier). */
  public Targets targetsOf(int priority, Integer tier) {
    if (tier != null && tiers.containsKey(tier) && tiers.get(tier).containsKey(priority)) {
      return tiers.get(tier).get(priority);
    }
    return targets.get(priority);
  }

  /** The assignment of a new incident: the first matching rule, else the catalog's owner. */
  public Assignment assignmentOf(String service, int priority, Optional<String> owner) {
    for (AssignmentRule r : assignments) {
      if (r.matches(service, priority)) {
        return new Assignment(r.group(), r.assignee());
      }
    }
    return new Assignment(owner.filter(o -> !o.isBlank()).orElse(null), null);
  }

  /** The settings of the {@code assignment} and {@code response} nodes (each may be null). */
  static ResponseSettings parse(YamlNode assignment, YamlNode response) {
    ResponseSettings d = defaults();
    List<AssignmentRule> rules = new ArrayList<>();
    if (assignment != null) {
      Map<String, YamlNode> m = assignment.mapping(Set.of("overrides"));
      if (m.containsKey("overrides")) {
        for (YamlNode n : m.get("overrides").sequence()) {
          rules.add(rule(n));
        }
      }
    }
    if (response == null) {
      return new ResponseSettings(rules, d.targets, d.tiers, d.onBreach, d.reportWindow);
    }
    Map<String, YamlNode> m =
        response.mapping(Set.of("targets", "tiers", "onBreach", "reportWindow"));
    Map<Integer, Targets> targets = new TreeMap<>(d.targets);
    if (m.containsKey("targets")) {
      targets.putAll(byPriority(m.get("targets"), d.targets));
    }
    Map<Integer, Map<Integer, Targets>> tiers = new TreeMap<>();
    if (m.containsKey("tiers")) {
      for (Map.Entry<String, YamlNode> e : m.get("tiers").mapping(null).entrySet()) {
        int tier = number(e.getValue(), e.getKey(), "a tier");
        tiers.put(tier, byPriority(e.getValue(), targets));
      }
    }
    OnBreach on = d.onBreach;
    if (m.containsKey("onBreach")) {
      YamlNode n = m.get("onBreach");
      on =
          switch (n.text()) {
            case "priority" -> OnBreach.PRIORITY;
            case "notify" -> OnBreach.NOTIFY;
            default -> throw n.error("expected priority or notify, got '" + n.text() + "'");
          };
    }
    Duration window = d.reportWindow;
    if (m.containsKey("reportWindow")) {
      window = positive(m.get("reportWindow"));
    }
    return new ResponseSettings(rules, targets, tiers, on, window);
  }

  private static AssignmentRule rule(YamlNode n) {
    Map<String, YamlNode> m = n.mapping(Set.of("service", "priority", "group", "assignee"));
    if (!m.containsKey("service")) {
      throw n.error("an override needs a service");
    }
    if (!m.containsKey("group") && !m.containsKey("assignee")) {
      throw n.error("an override needs a group or an assignee");
    }
    Integer priority = null;
    if (m.containsKey("priority")) {
      YamlNode p = m.get("priority");
      priority =
          Priority.parseIgnoringCase(p.text())
              .map(Priority::number)
              .orElseThrow(() -> p.error("expected P1 to P4, got '" + p.text() + "'"));
    }
    String group = m.containsKey("group") ? m.get("group").nonBlank() : "";
    String assignee = m.containsKey("assignee") ? m.get("assignee").nonBlank() : null;
    return new AssignmentRule(m.get("service").nonBlank(), priority, group, assignee);
  }

  /** A mapping from {@code P1}..{@code P4} to targets; a missing half keeps {@code base}'s. */
  private static Map<Integer, Targets> byPriority(YamlNode n, Map<Integer, Targets> base) {
    Map<Integer, Targets> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : n.mapping(null).entrySet()) {
      YamlNode v = e.getValue();
      int p =
          Priority.parseIgnoringCase(e.getKey())
              .map(Priority::number)
              .orElseThrow(() -> v.error("expected a priority P1 to P4"));
      Map<String, YamlNode> t = v.mapping(Set.of("acknowledge", "resolve"));
      Targets b = base.get(p);
      Duration ack =
          t.containsKey("acknowledge") ? positive(t.get("acknowledge")) : b.acknowledge();
      Duration res = t.containsKey("resolve") ? positive(t.get("resolve")) : b.resolve();
      if (res.compareTo(ack) < 0) {
        throw v.error("resolve (" + res + ") must not be shorter than acknowledge (" + ack + ")");
      }
      out.put(p, new Targets(ack, res));
    }
    return out;
  }

  private static int number(YamlNode n, String key, String what) {
    try {
      int v = Integer.parseInt(key);
      if (v >= 1 && v <= 4) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw n.error("expected " + what + " 1 to 4, got '" + key + "'");
  }

  private static Duration positive(YamlNode n) {
    Duration d = n.duration();
    if (d.isNegative() || d.isZero()) {
      throw n.error("must be positive");
    }
    return d;
  }
}
