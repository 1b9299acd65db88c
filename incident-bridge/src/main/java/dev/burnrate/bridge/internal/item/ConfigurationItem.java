package dev.burnrate.bridge.internal.item;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One configuration item of the catalog.
 *
 * @param name its unique name (services and items share one name space)
 * @param kind what it is
 * @param description what it does
 * @param owner the team that runs it
 * @param relations what it relies on
 * @param consumers who uses it directly
 */
public record ConfigurationItem(
    String name,
    ItemKind kind,
    String description,
    String owner,
    List<Edge> relations,
    Consumers consumers) {

  /**
   * One relation of an item.
   *
   * @param type how it relies on the target
   * @param target the item it relies on
   */
  public record Edge(Relation type, String target) {
    /** Checks the edge. */
    public Edge {
      requireNonNull(type, "type");
      requireNonNull(target, "target");
    }
  }

  /** Checks the item and copies its relations. */
  public ConfigurationItem {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(description, "description");
    requireNonNull(owner, "owner");
    requireNonNull(consumers, "consumers");
    relations = List.copyOf(relations);
    for (Edge e : relations) {
      if (e.target().equals(name)) {
        throw new IllegalArgumentException(name + " cannot relate to itself");
      }
    }
  }
}
