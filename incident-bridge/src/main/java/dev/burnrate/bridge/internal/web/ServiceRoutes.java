package dev.burnrate.bridge.internal.web;

import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.record.Page;
import dev.burnrate.http.HttpProblem;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

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

  /** A service with its place in the dependency graph and its SLOs' remaining budgets. */
  record ServiceView(
      String name,
      String description,
      String owner,
      int tier,
      List<String> dependsOn,
      List<String> dependencies,
      List<String> dependents,
      Map<String, Double> slos) {}

  private Page<ServiceView> services() {
    return Page.all(catalog.services().stream().map(this::service).toList());
  }

  private ServiceView service(String name) {
    return service(
        catalog.service(name).orElseThrow(() -> HttpProblem.notFound("no service " + name)));
  }

  private ServiceView service(ServiceCatalog.Service s) {
    // Sorted, and an SLO the engine has no budget for yet is there with null.
    Map<String, Double> slos = new TreeMap<>();
    for (String slo : budgets.slosOf(s.name())) {
      OptionalDouble r = budgets.remaining(slo);
      slos.put(slo, r.isPresent() ? r.getAsDouble() : null);
    }
    return new ServiceView(
        s.name(),
        s.description(),
        s.owner(),
        s.tier(),
        s.dependsOn(),
        List.copyOf(catalog.dependenciesOf(s.name())),
        List.copyOf(catalog.dependentsOf(s.name())),
        slos);
  }
}
