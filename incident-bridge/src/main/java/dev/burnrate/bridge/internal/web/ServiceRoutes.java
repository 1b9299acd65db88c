package dev.burnrate.bridge.internal.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.http.HttpProblem;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** The routes of the service catalog: each service with its dependencies and SLO budgets. */
final class ServiceRoutes {
  private final ServiceCatalog catalog;
  private final BudgetView budgets;

  private ServiceRoutes(ServiceCatalog catalog, BudgetView budgets) {
    this.catalog = catalog;
    this.budgets = budgets;
  }

  static void mount(Endpoints e, ServiceCatalog catalog, BudgetView budgets) {
    ServiceRoutes s = new ServiceRoutes(catalog, budgets);
    e.get("/services", ctx -> s.services());
    e.get("/services/:name", ctx -> s.service(ctx.pathParam("name")));
  }

  private ObjectNode services() {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("items");
    for (ServiceCatalog.Service s : catalog.services()) {
      a.add(service(s));
    }
    o.putNull("nextCursor");
    return o;
  }

  private ObjectNode service(String name) {
    return service(
        catalog.service(name).orElseThrow(() -> HttpProblem.notFound("no service " + name)));
  }

  private ObjectNode service(ServiceCatalog.Service s) {
    ObjectNode o = Json.object();
    o.put("name", s.name());
    o.put("description", s.description());
    o.put("owner", s.owner());
    o.put("tier", s.tier());
    o.set("dependsOn", Json.strings(s.dependsOn()));
    o.set("dependencies", Json.strings(catalog.dependenciesOf(s.name())));
    o.set("dependents", Json.strings(catalog.dependentsOf(s.name())));
    ObjectNode slos = o.putObject("slos");
    for (String slo : new TreeSet<>(budgets.slosOf(s.name()))) {
      OptionalDouble r = budgets.remaining(slo);
      if (r.isPresent()) {
        slos.put(slo, r.getAsDouble());
      } else {
        slos.putNull(slo);
      }
    }
    return o;
  }
}
