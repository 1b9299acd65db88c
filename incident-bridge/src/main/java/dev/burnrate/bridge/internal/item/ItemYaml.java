package dev.burnrate.bridge.internal.item;

import dev.burnrate.bridge.internal.item.ConfigurationItem.Edge;
import dev.burnrate.yaml.YamlNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the configuration items of a catalog file ({@code items:}, the relations and consumers of
 * {@code services:}, {@code alertLabels:}) with {@code file:line:column} errors for unknown kinds,
 * relations to nothing and cycles.
 */
public final class ItemYaml {
  /** The keys a service may carry besides its own, for its relations and consumers. */
  public static final Set<String> SERVICE_KEYS = Set.of("runsOn", "uses", "consumers");

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");
  private static final Set<String> ITEM_KEYS =
      Set.of("kind", "description", "owner", "runsOn", "dependsOn", "uses", "consumers");
  private static final Set<String> CONSUMER_KEYS = Set.of("teams", "customerGroups", "users");

  private record Draft(ConfigurationItem item, Map<Relation, YamlNode> nodes, YamlNode node) {}

  private final Map<String, Draft> drafts = new LinkedHashMap<>();
  private final Set<String> itemNames = new LinkedHashSet<>();
  private final List<String> alertLabels;

  private ItemYaml(List<String> alertLabels) {
    this.alertLabels = alertLabels;
  }

  /**
   * Reads the {@code items:} and {@code alertLabels:} sections, either of which may be null.
   *
   * @param items the mapping from item name to item
   * @param alertLabels the alert labels that name an item
   */
  public static ItemYaml read(YamlNode items, YamlNode alertLabels) {
    List<String> labels = ItemGraph.DEFAULT_ALERT_LABELS;
    if (alertLabels != null) {
      labels = alertLabels.strings();
      if (labels.isEmpty() || labels.stream().anyMatch(String::isBlank)) {
        throw alertLabels.error("must name at least one label, none blank");
      }
      if (new LinkedHashSet<>(labels).size() != labels.size()) {
        throw alertLabels.error("lists a label twice");
      }
    }
    ItemYaml y = new ItemYaml(labels);
    if (items == null) {
      return y;
    }
    for (Map.Entry<String, YamlNode> e : items.mapping(null).entrySet()) {
      String name = e.getKey();
      YamlNode node = e.getValue();
      if (!NAME.matcher(name).matches()) {
        throw node.error("item names are lower-case letters, digits, '.', '_' and '-'");
      }
      Map<String, YamlNode> f = node.mapping(ITEM_KEYS);
      YamlNode kindNode = f.get("kind");
      if (kindNode == null) {
        throw node.error("missing key 'kind'; one of " + ItemKind.names());
      }
      ItemKind kind =
          ItemKind.of(kindNode.text())
              .orElseThrow(
                  () ->
                      kindNode.error(
                          "unknown kind '"
                              + kindNode.text()
                              + "'; expected one of "
                              + ItemKind.names()));
      if (kind == ItemKind.SERVICE) {
        throw kindNode.error("services are listed under 'services:', not 'items:'");
      }
      y.itemNames.add(name);
      y.add(name, kind, text(f, "description"), text(f, "owner"), f, node);
    }
    return y;
  }

  /** Whether {@code name} is an item of {@code items:}. */
  public boolean isItem(String name) {
    return itemNames.contains(name);
  }

  /**
   * Adds a service of {@code services:} with its relations and consumers.
   *
   * @param fields the service's keys
   * @param node the service's node, for errors
   */
  public void service(
      String name, String description, String owner, Map<String, YamlNode> fields, YamlNode node) {
    if (itemNames.contains(name)) {
      throw node.error("'" + name + "' is both a service and an item; names are shared");
    }
    add(name, ItemKind.SERVICE, description, owner, fields, node);
  }

  private void add(
      String name,
      ItemKind kind,
      String description,
      String owner,
      Map<String, YamlNode> f,
      YamlNode node) {
    List<Edge> edges = new ArrayList<>();
    Map<Relation, YamlNode> nodes = new EnumMap<>(Relation.class);
    for (Relation r : Relation.values()) {
      YamlNode n = f.get(r.key());
      if (n == null) {
        continue;
      }
      nodes.put(r, n);
      List<String> targets = n.strings();
      if (new LinkedHashSet<>(targets).size() != targets.size()) {
        throw n.error("lists an item twice");
      }
      for (String t : targets) {
        if (t.equals(name)) {
          throw n.error("an item cannot relate to itself");
        }
        edges.add(new Edge(r, t));
      }
    }
    Consumers consumers =
        f.containsKey("consumers") ? consumers(f.get("consumers")) : Consumers.NONE;
    drafts.put(
        name,
        new Draft(
            new ConfigurationItem(name, kind, description, owner, edges, consumers), nodes, node));
  }

  private static String text(Map<String, YamlNode> f, String key) {
    return f.containsKey(key) ? f.get(key).text() : "";
  }

  private static Consumers consumers(YamlNode n) {
    Map<String, YamlNode> m = n.mapping(CONSUMER_KEYS);
    return new Consumers(
        names(m.get("teams")), names(m.get("customerGroups")), names(m.get("users")));
  }

  private static List<String> names(YamlNode n) {
    if (n == null) {
      return List.of();
    }
    List<String> out = n.strings();
    if (out.stream().anyMatch(String::isBlank)) {
      throw n.error("names must not be empty");
    }
    return out;
  }

  /** The graph of every item read, after checking that relations name items and do not loop. */
  public ItemGraph graph() {
    for (Draft d : drafts.values()) {
      for (Edge e : d.item().relations()) {
        if (!drafts.containsKey(e.target())) {
          throw d.nodes()
              .get(e.type())
              .error("unknown item '" + e.target() + "'; known: " + new TreeSet<>(drafts.keySet()));
        }
      }
    }
    Map<String, Integer> state = new HashMap<>();
    for (String start : drafts.keySet()) {
      List<String> cycle = cycle(start, state, new ArrayList<>());
      if (!cycle.isEmpty()) {
        Draft d = drafts.get(cycle.get(0));
        Edge first =
            d.item().relations().stream()
                .filter(e -> e.type().acyclic() && e.target().equals(cycle.get(1)))
                .findFirst()
                .orElseThrow();
        throw d.nodes()
            .get(first.type())
            .error(
                "relation cycle: "
                    + String.join(" -> ", cycle)
                    + " (runsOn and dependsOn must not loop)");
      }
    }
    return ItemGraph.of(drafts.values().stream().map(Draft::item).toList(), alertLabels);
  }

  /** A cycle of runsOn and dependsOn relations through {@code at}, or empty; 1 visiting, 2 done. */
  private List<String> cycle(String at, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(at);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> c = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
      c.add(at);
      return c;
    }
    state.put(at, 1);
    path.add(at);
    for (Edge e : drafts.get(at).item().relations()) {
      if (e.type().acyclic()) {
        List<String> c = cycle(e.target(), state, path);
        if (!c.isEmpty()) {
          return c;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(at, 2);
    return List.of();
  }
}
