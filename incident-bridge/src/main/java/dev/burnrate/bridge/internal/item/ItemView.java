package dev.burnrate.bridge.internal.item;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.item.ConfigurationItem.Edge;
import dev.burnrate.bridge.internal.item.Impact.ImpactedItem;
import dev.burnrate.bridge.internal.record.Json;

/** The JSON shapes of configuration items and their impact. */
public final class ItemView {
  private ItemView() {}

  /** An item with its relations both ways. */
  public static ObjectNode of(ConfigurationItem i, ItemGraph graph) {
    ObjectNode o = Json.object();
    o.put("name", i.name());
    o.put("kind", i.kind().wire());
    o.put("description", i.description());
    o.put("owner", i.owner());
    ArrayNode rel = o.putArray("relations");
    for (Edge e : i.relations()) {
      ObjectNode r = rel.addObject();
      r.put("type", e.type().wire());
      r.put("target", e.target());
    }
    o.set("reliedOnBy", Json.strings(graph.reliedOnBy(i.name())));
    o.set("consumers", consumers(i.consumers()));
    return o;
  }

  /** Who is hurt, by group. */
  public static ObjectNode consumers(Consumers c) {
    ObjectNode o = Json.object();
    o.set("teams", Json.strings(c.teams()));
    o.set("customerGroups", Json.strings(c.customerGroups()));
    o.set("users", Json.strings(c.users()));
    return o;
  }

  /** What breaks when an item fails. */
  public static ObjectNode impact(Impact imp) {
    ObjectNode o = Json.object();
    ObjectNode item = o.putObject("item");
    item.put("name", imp.item());
    item.put("kind", imp.kind().wire());
    o.set("services", Json.strings(imp.services()));
    ArrayNode items = o.putArray("items");
    for (ImpactedItem i : imp.impacted()) {
      ObjectNode n = items.addObject();
      n.put("name", i.name());
      n.put("kind", i.kind().wire());
      n.set("path", Json.strings(i.path()));
    }
    o.set("consumers", consumers(imp.consumers()));
    return o;
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
