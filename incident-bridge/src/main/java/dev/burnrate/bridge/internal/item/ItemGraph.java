package dev.burnrate.bridge.internal.item;

import dev.burnrate.bridge.internal.item.ConfigurationItem.Edge;
import dev.burnrate.bridge.internal.item.Impact.ImpactedItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The configuration items and their relations: answers what breaks when an item fails, and which
 * item an alert's labels name.
 */
public final class ItemGraph {
  /** The labels that name an item in an alert when the catalog names none. */
  public static final List<String> DEFAULT_ALERT_LABELS =
      List.of("host", "instance", "pod", "database", "hostname", "node");

  private final Map<String, ConfigurationItem> items;
  private final Map<String, List<String>> reliedOnBy;
  private final List<String> alertLabels;

  private ItemGraph(Map<String, ConfigurationItem> items, List<String> alertLabels) {
    this.items = Map.copyOf(items);
    this.alertLabels = List.copyOf(alertLabels);
    Map<String, TreeSet<String>> rev = new HashMap<>();
    for (ConfigurationItem i : items.values()) {
      for (Edge e : i.relations()) {
        rev.computeIfAbsent(e.target(), k -> new TreeSet<>()).add(i.name());
      }
    }
    Map<String, List<String>> frozen = new HashMap<>();
    rev.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.reliedOnBy = Map.copyOf(frozen);
  }

  /** A graph with no items. */
  public static ItemGraph empty() {
    return new ItemGraph(Map.of(), DEFAULT_ALERT_LABELS);
  }

  /**
   * A graph of items whose relations all name items of the graph.
   *
   * @param alertLabels the alert labels that name an item, first present wins
   */
  public static ItemGraph of(List<ConfigurationItem> list, List<String> alertLabels) {
    Map<String, ConfigurationItem> byName =
        byName(list, ConfigurationItem::name, n -> "two items are named " + n);
    for (ConfigurationItem i : list) {
      for (Edge e : i.relations()) {
        if (!byName.containsKey(e.target())) {
          throw new IllegalArgumentException(
              i.name() + " " + e.type().wire() + " unknown item " + e.target());
        }
      }
    }
    return new ItemGraph(byName, alertLabels);
  }

  /**
   * Entries (items, services) by name, in their order.
   *
   * @param duplicate the message of a name that two entries take
   * @throws IllegalArgumentException when two entries take one name
   */
  public static <T> Map<String, T> byName(
      List<T> entries, Function<T, String> name, UnaryOperator<String> duplicate) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T e : entries) {
      if (byName.put(name.apply(e), e) != null) {
        throw new IllegalArgumentException(duplicate.apply(name.apply(e)));
      }
    }
    return byName;
  }

  /** An item by name. */
  public Optional<ConfigurationItem> item(String name) {
    return Optional.ofNullable(items.get(name));
  }

  /** Every item, sorted by name. */
  public List<ConfigurationItem> items() {
    return items.values().stream().sorted(Comparator.comparing(ConfigurationItem::name)).toList();
  }

  /** The alert labels that name an item, in the order they are tried. */
  public List<String> alertLabels() {
    return alertLabels;
  }

  /** The items that rely on {@code name} directly, sorted. */
  public List<String> reliedOnBy(String name) {
    return reliedOnBy.getOrDefault(name, List.of());
  }

  /** What breaks when {@code name} fails, or empty when there is no such item. */
  public Optional<Impact> impactOf(String name) {
    ConfigurationItem failing = items.get(name);
    if (failing == null) {
      return Optional.empty();
    }
    // Breadth first, so each impacted item carries its shortest path to the failing one.
    Map<String, String> next = new LinkedHashMap<>();
    Deque<String> frontier = new ArrayDeque<>(List.of(name));
    next.put(name, null);
    List<ImpactedItem> impacted = new ArrayList<>();
    TreeSet<String> services = new TreeSet<>();
    Consumers consumers = failing.consumers();
    while (!frontier.isEmpty()) {
      String at = frontier.removeFirst();
      for (String up : reliedOnBy(at)) {
        if (next.containsKey(up)) {
          continue;
        }
        next.put(up, at);
        frontier.addLast(up);
        ConfigurationItem u = items.get(up);
        List<String> path = new ArrayList<>();
        for (String p = up; p != null; p = next.get(p)) {
          path.add(p);
        }
        impacted.add(new ImpactedItem(up, u.kind(), path));
        if (u.kind() == ItemKind.SERVICE) {
          services.add(up);
        }
        consumers = consumers.plus(u.consumers());
      }
    }
    return Optional.of(
        new Impact(name, failing.kind(), impacted, List.copyOf(services), consumers));
  }

  /**
   * The item an alert is about: its service when that is an item, else the first configured label
   * whose value names an item (as given, without a {@code :port}, or its first DNS label).
   */
  public Optional<String> itemOfAlert(String service, Map<String, String> labels) {
    if (service != null && items.containsKey(service)) {
      return Optional.of(service);
    }
    for (String label : alertLabels) {
      String v = labels.get(label);
      if (v == null || v.isBlank()) {
        continue;
      }
      for (String candidate : candidates(v.trim())) {
        if (items.containsKey(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  static List<String> candidates(String value) {
    List<String> out = new ArrayList<>(List.of(value));
    String host = value;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon && host.substring(colon + 1).matches("[0-9]+")) {
      host = host.substring(0, colon);
      out.add(host);
    }
    int dot = host.indexOf('.');
    if (dot > 0 && !host.matches("[0-9.]+")) {
      out.add(host.substring(0, dot));
    }
    return out;
  }
}
