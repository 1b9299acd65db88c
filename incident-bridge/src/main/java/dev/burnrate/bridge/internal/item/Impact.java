package dev.burnrate.bridge.internal.item;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What breaks when one item fails: every item that relies on it, directly or through others, the
 * services among them and their consumers.
 *
 * @param item the failing item
 * @param kind its kind
 * @param impacted the items that rely on it, nearest first, each with the path that links them
 * @param services the impacted services, sorted (the failing item itself excluded)
 * @param consumers the consumers of the failing item and of every impacted item
 */
public record Impact(
    String item,
    ItemKind kind,
    List<ImpactedItem> impacted,
    List<String> services,
    Consumers consumers) {

  /**
   * One impacted item.
   *
   * @param name the item
   * @param kind its kind
   * @param path the items from it down to the failing item, such as {@code [checkout, orders-db,
   *     db-1]}
   */
  public record ImpactedItem(String name, ItemKind kind, List<String> path) {
    /** Copies the path. */
    public ImpactedItem {
      requireNonNull(name, "name");
      requireNonNull(kind, "kind");
      path = List.copyOf(path);
    }
  }

  /** Checks the impact and copies its lists. */
  public Impact {
    requireNonNull(item, "item");
    requireNonNull(kind, "kind");
    requireNonNull(consumers, "consumers");
    impacted = List.copyOf(impacted);
    services = List.copyOf(services);
  }
}
