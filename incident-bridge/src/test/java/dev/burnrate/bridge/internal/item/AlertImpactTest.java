package dev.burnrate.bridge.internal.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertImpactTest {
  static final ServiceCatalog CATALOG = ServiceCatalog.load(Path.of("../examples/catalog.yaml"));

  static AlertSignal alert(String service, Map<String, String> labels) {
    return new AlertSignal(
        "alertmanager",
        "alertmanager:g",
        "alertmanager:f",
        true,
        service,
        null,
        "page",
        1,
        "HostDown on " + service,
        "HostDown",
        java.util.Map.of(),
        labels);
  }

  @Test
  void aHostLabel_movesTheIncidentToTheHost_andListsWhatItBreaks() {
    AlertImpact a = AlertImpact.of(CATALOG, alert("node", Map.of("instance", "db-1:9100")));
    assertThat(a.signal().service()).isEqualTo("db-1");
    assertThat(a.signal().dedupKey()).isEqualTo("alertmanager:g");
    assertThat(a.services())
        .containsExactly("checkout", "inventory", "payments", "reporting", "web");
    assertThat(a.sentence()).contains("teams finance, management, team-sales, warehouse");
  }

  @Test
  void aServiceOfTheCatalog_keepsItsService_andGetsItsConsumers() {
    AlertSignal s = alert("payments", Map.of("instance", "db-1:9100"));
    AlertImpact a = AlertImpact.of(CATALOG, s);
    assertThat(a.signal()).isSameAs(s);
    assertThat(a.services()).containsExactly("checkout", "web");
    assertThat(a.impact().orElseThrow().consumers().users()).containsExactly("cfo@example.com");
  }

  @Test
  void anAlertNamingNoItem_keepsTodaysBehaviour() {
    AlertSignal s = alert("billing", Map.of("instance", "10.0.0.9:9100"));
    AlertImpact a = AlertImpact.of(CATALOG, s);
    assertThat(a.signal()).isSameAs(s);
    assertThat(a.impact()).isEmpty();
    assertThat(a.services()).isEmpty();
    assertThat(a.sentence()).isEmpty();
  }
}
