package dev.burnrate.bridge.internal.item;

import dev.burnrate.bridge.internal.item.ConfigurationItem.Edge;
import dev.burnrate.bridge.internal.item.Impact.ImpactedItem;
import java.util.List;

/** The response shapes of configuration items and their impact. */
public final class ItemView {
  private ItemView() {}

  /** An item with its relations both ways. */
  public record Item(
      String name,
      String kind,
      String description,
      String owner,
      List<RelationView> relations,
      List<String> reliedOnBy,
      ConsumersView consumers) {}

  /** One relation of an item, from it to its target. */
  public record RelationView(String type, String target) {}

  /** Who is hurt, by group. */
  public record ConsumersView(
      List<String> teams, List<String> customerGroups, List<String> users) {}

  /** What breaks when an item fails. */
  public record ImpactView(
      ItemRef item, List<String> services, List<ImpactedView> items, ConsumersView consumers) {}

  /** An item named with its kind. */
  public record ItemRef(String name, String kind) {}

  /** An item that breaks, with the path by which the failure reaches it. */
  public record ImpactedView(String name, String kind, List<String> path) {}

  /** An item with its relations both ways. */
  public static Item of(ConfigurationItem i, ItemGraph graph) {
    return new Item(
        i.name(),
        i.kind().wire(),
        i.description(),
        i.owner(),
        i.relations().stream().map(ItemView::relation).toList(),
        List.copyOf(graph.reliedOnBy(i.name())),
        consumers(i.consumers()));
  }

  private static RelationView relation(Edge e) {
    return new RelationView(e.type().wire(), e.target());
  }

  /** Who is hurt, by group. */
  public static ConsumersView consumers(Consumers c) {
    return new ConsumersView(
        List.copyOf(c.teams()), List.copyOf(c.customerGroups()), List.copyOf(c.users()));
  }

  /** What breaks when an item fails. */
  public static ImpactView impact(Impact imp) {
    return new ImpactView(
        new ItemRef(imp.item(), imp.kind().wire()),
        List.copyOf(imp.services()),
        imp.impacted().stream().map(ItemView::impacted).toList(),
        consumers(imp.consumers()));
  }

  private static ImpactedView impacted(ImpactedItem i) {
    return new ImpactedView(i.name(), i.kind().wire(), List.copyOf(i.path()));
  }

  /** One sentence for an incident's timeline, such as {@code; consumers: teams sales, ...}. */
  public static String sentence(Impact imp) {
    Consumers c = imp.consumers();
    if (c.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; consumers affected:");
    if (!c.teams().isEmpty()) {
      b.append(" teams ").append(String.join(", ", c.teams())).append(';');
    }
    if (!c.customerGroups().isEmpty()) {
      b.append(" customer groups ").append(String.join(", ", c.customerGroups())).append(';');
    }
    if (!c.users().isEmpty()) {
      b.append(" users ").append(String.join(", ", c.users())).append(';');
    }
    return b.substring(0, b.length() - 1);
  }
}
