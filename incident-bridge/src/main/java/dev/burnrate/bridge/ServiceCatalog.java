package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.item.ConfigurationItem;
import dev.burnrate.bridge.internal.item.Consumers;
import dev.burnrate.bridge.internal.item.ItemGraph;
import dev.burnrate.bridge.internal.item.ItemKind;
import dev.burnrate.bridge.internal.item.ItemYaml;
import dev.burnrate.bridge.internal.item.Relation;
import dev.burnrate.bridge.internal.request.RequestCatalog;
import dev.burnrate.bridge.internal.request.RequestCatalogYaml;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configuration items Burnrate knows: services and what each depends on, read from a YAML file
 * (a small CMDB such as {@code examples/services.yaml}).
 */
public final class ServiceCatalog {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");
  private static final Set<String> SERVICE_KEYS =
      union(
          Set.of("description", "owner", "tier", "dependsOn", "approvers"), ItemYaml.SERVICE_KEYS);

  private final Map<String, Service> services;
  private final Map<String, Set<String>> dependents;
  private final ItemGraph items;
  private final RequestCatalog requests;
  // Who approves normal changes of a service (its change approvers), by service.
  private final Map<String, List<String>> approvers = new HashMap<>();

  /**
   * One service.
   *
   * @param name its unique name, as SLOs and alerts name it
   * @param description what it does
   * @param owner the team that runs it
   * @param tier its criticality, 1 (most critical) to 4
   * @param dependsOn the services it calls directly
   */
  public record Service(
      String name, String description, String owner, int tier, List<String> dependsOn) {
    /** Checks the service and copies its dependencies. */
    public Service {
      requireNonNull(name, "name");
      requireNonNull(description, "description");
      requireNonNull(owner, "owner");
      if (tier < 1 || tier > 4) {
        throw new IllegalArgumentException("tier must be 1..4, got " + tier);
      }
      dependsOn = List.copyOf(dependsOn);
    }
  }

  private ServiceCatalog(Map<String, Service> services, ItemGraph items, RequestCatalog requests) {
    this.services = Map.copyOf(services);
    this.items = items;
    this.requests = requests;
    Map<String, Set<String>> rev = new HashMap<>();
    for (Service s : services.values()) {
      for (String d : s.dependsOn()) {
        rev.computeIfAbsent(d, k -> new TreeSet<>()).add(s.name());
      }
    }
    this.dependents = rev;
  }

  /** A catalog with no services: incidents then list no impacted services. */
  public static ServiceCatalog empty() {
    return new ServiceCatalog(Map.of(), ItemGraph.empty(), RequestCatalog.builtIn());
  }

  /** Builds a catalog from services (for tests and programmatic set-up). */
  public static ServiceCatalog of(List<Service> services) {
    Map<String, Service> byName =
        ItemGraph.byName(services, Service::name, n -> "duplicate service " + n);
    for (Service s : services) {
      for (String d : s.dependsOn()) {
        if (!byName.containsKey(d)) {
          throw new IllegalArgumentException(s.name() + " depends on unknown service " + d);
        }
      }
    }
    List<ConfigurationItem> asItems = new ArrayList<>();
    for (Service s : services) {
      asItems.add(
          new ConfigurationItem(
              s.name(),
              ItemKind.SERVICE,
              s.description(),
              s.owner(),
              s.dependsOn().stream()
                  .map(d -> new ConfigurationItem.Edge(Relation.DEPENDS_ON, d))
                  .toList(),
              Consumers.NONE));
    }
    return new ServiceCatalog(
        byName, ItemGraph.of(asItems, ItemGraph.DEFAULT_ALERT_LABELS), RequestCatalog.builtIn());
  }

  /** Reads a catalog file; errors name the file and line. */
  public static ServiceCatalog load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read service catalog " + file, e);
    }
  }

  /**
   * Parses a catalog: {@code services:} mapping each name to {@code description}, {@code owner},
   * {@code tier} and {@code dependsOn}.
   */
  public static ServiceCatalog parse(String yaml, String file) {
    YamlNode root = YamlDocuments.read(file, yaml).withEnvironment(System::getenv);
    Map<String, YamlNode> top =
        root.mapping(Set.of("services", "items", "alertLabels", "requestTypes", "automation"));
    YamlNode list = top.get("services");
    if (list == null) {
      throw root.error("missing key 'services'");
    }
    ItemYaml items = ItemYaml.read(top.get("items"), top.get("alertLabels"));
    Map<String, Service> byName = new LinkedHashMap<>();
    Map<String, List<String>> approverLists = new HashMap<>();
    Map<String, YamlNode> depNodes = new HashMap<>();
    for (Map.Entry<String, YamlNode> e : list.mapping(null).entrySet()) {
      String name = e.getKey();
      YamlNode node = e.getValue();
      if (!NAME.matcher(name).matches()) {
        throw node.error("service names are lower-case letters, digits, '.', '_' and '-'");
      }
      Map<String, YamlNode> fields = node.isMapping() ? node.mapping(SERVICE_KEYS) : Map.of();
      if (!node.isMapping() && !node.text().isEmpty()) {
        throw node.error("expected a mapping with " + new TreeSet<>(SERVICE_KEYS));
      }
      String description =
          fields.containsKey("description") ? fields.get("description").text() : "";
      String owner = fields.containsKey("owner") ? fields.get("owner").text() : "";
      int tier = fields.containsKey("tier") ? fields.get("tier").integer(1, 4) : 3;
      List<String> deps = List.of();
      if (fields.containsKey("dependsOn")) {
        depNodes.put(name, fields.get("dependsOn"));
        deps = fields.get("dependsOn").strings();
        if (new LinkedHashSet<>(deps).size() != deps.size()) {
          throw fields.get("dependsOn").error("lists a service twice");
        }
        if (deps.contains(name)) {
          throw fields.get("dependsOn").error("a service cannot depend on itself");
        }
      }
      items.service(name, description, owner, fields, node);
      // Services depend on services; an item named in dependsOn is a relation of the item graph.
      byName.put(
          name,
          new Service(
              name,
              description,
              owner,
              tier,
              deps.stream().filter(d -> !items.isItem(d)).toList()));
      if (fields.containsKey("approvers")) {
        approverLists.put(name, approverList(fields.get("approvers")));
      }
    }
    for (Service s : byName.values()) {
      for (String d : s.dependsOn()) {
        if (!byName.containsKey(d)) {
          throw depNodes
              .get(s.name())
              .error("unknown service '" + d + "'; known: " + new TreeSet<>(byName.keySet()));
        }
      }
    }
    for (Service s : byName.values()) {
      List<String> cycle = cycleFrom(s.name(), byName);
      if (!cycle.isEmpty()) {
        throw depNodes.get(s.name()).error("dependency cycle: " + String.join(" -> ", cycle));
      }
    }
    ServiceCatalog catalog =
        new ServiceCatalog(
            byName,
            items.graph(),
            RequestCatalogYaml.parse(top.get("requestTypes"), top.get("automation")));
    catalog.approvers.putAll(approverLists);
    return catalog;
  }

  private static List<String> approverList(YamlNode n) {
    List<String> out = new ArrayList<>();
    for (String a : n.strings()) {
      if (a.isBlank()) {
        throw n.error("an approver's name must not be empty");
      }
      if (out.contains(a.strip())) {
        throw n.error("names approver '" + a.strip() + "' twice");
      }
      out.add(a.strip());
    }
    return List.copyOf(out);
  }

  /** This catalog with change approvers for some services (for tests and set-up in code). */
  public ServiceCatalog withApprovers(Map<String, List<String>> byService) {
    ServiceCatalog c = new ServiceCatalog(services, items, requests);
    c.approvers.putAll(approvers);
    byService.forEach((k, v) -> c.approvers.put(k, List.copyOf(v)));
    return c;
  }

  /** Who approves normal changes of a service (empty: the change advisory board, if any). */
  public List<String> approversOf(String service) {
    return approvers.getOrDefault(service, List.of());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  private static List<String> cycleFrom(String start, Map<String, Service> byName) {
    Deque<List<String>> paths = new ArrayDeque<>();
    paths.push(List.of(start));
    Set<String> seen = new java.util.HashSet<>();
    while (!paths.isEmpty()) {
      List<String> p = paths.pop();
      for (String d : byName.get(p.get(p.size() - 1)).dependsOn()) {
        List<String> next = new ArrayList<>(p);
        next.add(d);
        if (d.equals(start)) {
          return next;
        }
        if (seen.add(d)) {
          paths.push(next);
        }
      }
    }
    return List.of();
  }

  /** Every configuration item (services included) and their relations. */
  public ItemGraph items() {
    return items;
  }

  /** The request types people may submit, the built-in ones included. */
  public RequestCatalog requests() {
    return requests;
  }

  /** A service by name. */
  public Optional<Service> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** Every service, sorted by name. */
  public List<Service> services() {
    return services.values().stream()
        .sorted(java.util.Comparator.comparing(Service::name))
        .toList();
  }

  /** The services {@code service} depends on, directly or through others, sorted. */
  public Set<String> dependenciesOf(String service) {
    return closure(service, s -> services.containsKey(s) ? services.get(s).dependsOn() : List.of());
  }

  /** The services that depend on {@code service}, directly or through others, sorted. */
  public Set<String> dependentsOf(String service) {
    return closure(service, s -> dependents.getOrDefault(s, Set.of()));
  }

  private static Set<String> closure(
      String start, java.util.function.Function<String, java.util.Collection<String>> next) {
    Set<String> out = new TreeSet<>();
    Deque<String> frontier = new ArrayDeque<>(next.apply(start));
    while (!frontier.isEmpty()) {
      String s = frontier.pop();
      if (!s.equals(start) && out.add(s)) {
        frontier.addAll(next.apply(s));
      }
    }
    return java.util.Collections.unmodifiableSet(out);
  }
}
