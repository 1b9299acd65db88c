package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.change.DoraService;
import dev.burnrate.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** The routes of DORA's four keys: one service's, and every service's report. */
final class DoraRoutes {
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private DoraRoutes() {}

  static void mount(Endpoints e, DoraService dora, ServiceCatalog catalog) {
    e.get(
        "/services/:name/dora",
        ctx -> {
          String name = ctx.pathParam("name");
          if (!catalog.services().isEmpty() && catalog.service(name).isEmpty()) {
            throw HttpProblem.notFound("no service " + name);
          }
          return DoraService.view(dora.service(name, window(ctx)));
        });
    e.get(
        "/reports/dora",
        ctx -> {
          Duration w = window(ctx);
          return DoraService.view(dora.all(w), w);
        });
  }

  private static Duration window(RoutingContext ctx) {
    String w = ctx.queryParams().get("window");
    if (w == null) {
      return DEFAULT_WINDOW;
    }
    Duration d = Fields.duration("window", w);
    if (d.isZero() || d.compareTo(DoraService.MAX_WINDOW) > 0) {
      throw HttpProblem.badRequest("window", "window must be longer than zero and at most 366d");
    }
    return d;
  }
}
