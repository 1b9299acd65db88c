package dev.burnrate.bridge.internal.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.ServiceCatalog;
import org.junit.jupiter.api.Test;

class ItemYamlTest {
  static ServiceCatalog parse(String yaml) {
    return ServiceCatalog.parse(yaml, "cat.yaml");
  }

  @Test
  void itemsAndRelations_areRead_andServicesKeepOnlyServiceDependencies() {
    ServiceCatalog c =
        parse(
            """
            services:
              pay:
                owner: team-pay
                dependsOn: [auth, stripe]
                runsOn: [h1]
                consumers: {teams: [finance], customerGroups: [eu], users: [ann@example.com]}
              auth: {}
            items:
              h1: {kind: host, owner: team-platform}
              stripe: {kind: external}
            """);
    assertThat(c.service("pay").orElseThrow().dependsOn()).containsExactly("auth");
    ConfigurationItem pay = c.items().item("pay").orElseThrow();
    assertThat(pay.kind()).isEqualTo(ItemKind.SERVICE);
    assertThat(pay.relations())
        .extracting(e -> e.type().wire() + " " + e.target())
        .containsExactly("runs_on h1", "depends_on auth", "depends_on stripe");
    assertThat(pay.consumers().users()).containsExactly("ann@example.com");
    assertThat(c.items().item("h1").orElseThrow().owner()).isEqualTo("team-platform");
    assertThat(c.items().alertLabels()).isEqualTo(ItemGraph.DEFAULT_ALERT_LABELS);
  }

  @Test
  void unknownKind_isAnErrorAtItsLine() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    services: {}
                    items:
                      h1:
                        kind: mainframe
                    """))
        .hasMessageStartingWith("cat.yaml:4:")
        .hasMessageContaining("unknown kind 'mainframe'")
        .hasMessageContaining("host");
  }

  @Test
  void missingKind_isAnError() {
    assertThatThrownBy(() -> parse("services: {}\nitems:\n  h1: {owner: x}\n"))
        .hasMessageStartingWith("cat.yaml:3:")
        .hasMessageContaining("missing key 'kind'");
  }

  @Test
  void aDanglingRelation_namesTheLineAndTheKnownItems() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    services:
                      a:
                        runsOn: [h9]
                    items:
                      h1: {kind: host}
                    """))
        .hasMessageStartingWith("cat.yaml:3:")
        .hasMessageContaining("unknown item 'h9'")
        .hasMessageContaining("[a, h1]");
  }

  @Test
  void aDanglingDependency_isStillAnUnknownService() {
    assertThatThrownBy(() -> parse("services:\n  a:\n    dependsOn: [zz]\n"))
        .hasMessageStartingWith("cat.yaml:3:")
        .hasMessageContaining("unknown service 'zz'");
  }

  @Test
  void aRunsOnCycle_isAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    services: {}
                    items:
                      p1: {kind: pod, runsOn: [c1]}
                      c1: {kind: cluster, runsOn: [p1]}
                    """))
        .hasMessageStartingWith("cat.yaml:3:")
        .hasMessageContaining("relation cycle: p1 -> c1 -> p1");
  }

  @Test
  void aDependsOnCycleThroughAnItem_isAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    services:
                      a: {dependsOn: [q]}
                    items:
                      q: {kind: queue, dependsOn: [a]}
                    """))
        .hasMessageContaining("relation cycle: q -> a -> q");
  }

  @Test
  void aServiceUnderItems_isRefused() {
    assertThatThrownBy(() -> parse("services: {}\nitems:\n  s: {kind: service}\n"))
        .hasMessageContaining("services are listed under 'services:'");
  }

  @Test
  void aNameUsedTwice_isRefused() {
    assertThatThrownBy(() -> parse("services:\n  a: {}\nitems:\n  a: {kind: host}\n"))
        .hasMessageStartingWith("cat.yaml:2:")
        .hasMessageContaining("both a service and an item");
  }

  @Test
  void consumersAndAlertLabels_areChecked() {
    assertThatThrownBy(() -> parse("services:\n  a:\n    consumers: {groups: [x]}\n"))
        .hasMessageStartingWith("cat.yaml:3:")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> parse("alertLabels: []\nservices: {}\n"))
        .hasMessageStartingWith("cat.yaml:1:")
        .hasMessageContaining("at least one label");
    assertThat(parse("alertLabels: host\nservices: {}\n").items().alertLabels())
        .containsExactly("host");
  }
}
