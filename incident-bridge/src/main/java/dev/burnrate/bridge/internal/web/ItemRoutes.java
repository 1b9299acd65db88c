package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.internal.item.ConfigurationItem;
import dev.burnrate.bridge.internal.item.ItemGraph;
import dev.burnrate.bridge.internal.item.ItemKind;
import dev.burnrate.bridge.internal.item.ItemView;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.http.HttpProblem;

/** The routes of configuration items: list, read, and what breaks if one fails. */
final class ItemRoutes {
  private ItemRoutes() {}

  static void mount(Endpoints e, ItemGraph graph) {
    e.get(
        "/items",
        ctx -> {
          String kind =
              Filters.param(
                  ctx,
                  "kind",
                  k -> ItemKind.of(k).isPresent(),
                  null,
                  "kind must be one of " + ItemKind.names());
          return Page.all(
              graph.items().stream()
                  .filter(i -> kind == null || i.kind().wire().equals(kind))
                  .map(i -> ItemView.of(i, graph))
                  .toList());
        });
    e.get("/items/:name", ctx -> ItemView.of(item(graph, ctx.pathParam("name")), graph));
    e.get(
        "/items/:name/impact",
        ctx -> ItemView.impact(graph.impactOf(item(graph, ctx.pathParam("name")).name()).get()));
    e.get(
        "/services/:name/impact",
        ctx -> {
          String name = ctx.pathParam("name");
          ConfigurationItem s =
              graph
                  .item(name)
                  .filter(i -> i.kind() == ItemKind.SERVICE)
                  .orElseThrow(() -> HttpProblem.notFound("no service " + name));
          return ItemView.impact(graph.impactOf(s.name()).get());
        });
  }

  private static ConfigurationItem item(ItemGraph graph, String name) {
    return graph.item(name).orElseThrow(() -> HttpProblem.notFound("no item " + name));
  }
}
