package dev.burnrate.bridge.internal.item;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What a new incident's alert breaks: the configuration item it names, the services and consumers
 * that rely on it.
 *
 * @param signal the alert, moved to its item when its service label names none
 * @param impact the item's impact, or empty when the alert names no item
 * @param services the impacted services (without an item: the service's dependents)
 */
public record AlertImpact(AlertSignal signal, Optional<Impact> impact, List<String> services) {
  /** Checks the value and copies the services. */
  public AlertImpact {
    requireNonNull(signal, "signal");
    requireNonNull(impact, "impact");
    services = List.copyOf(services);
  }

  /**
   * The impact of an alert: its service when that is an item, else the item its labels name (a
   * host, instance, pod or database); the incident is then about that item.
   */
  public static AlertImpact of(ServiceCatalog catalog, AlertSignal s) {
    ItemGraph g = catalog.items();
    Optional<Impact> impact = g.itemOfAlert(s.service(), s.labels()).flatMap(g::impactOf);
    if (impact.isEmpty()) {
      return new AlertImpact(s, impact, List.copyOf(catalog.dependentsOf(s.service())));
    }
    AlertSignal about = impact.get().item().equals(s.service()) ? s : moved(s, impact.get().item());
    return new AlertImpact(about, impact, impact.get().services());
  }

  private static AlertSignal moved(AlertSignal s, String item) {
    return new AlertSignal(
        s.source(),
        s.dedupKey(),
        s.alertId(),
        s.firing(),
        item,
        s.slo(),
        s.severity(),
        s.priority(),
        s.title(),
        s.summary(),
        s.details(),
        s.labels());
  }

  /** Stores the impact with the incident, as it is when the incident opens. */
  public void record(Connection c, long incidentId) throws SQLException {
    if (impact.isPresent()) {
      ImpactSql.insert(c, incidentId, impact.get());
    }
  }

  /** The consumers affected, for the opening timeline entry (empty when none). */
  public String sentence() {
    return impact.map(ItemView::sentence).orElse("");
  }
}
