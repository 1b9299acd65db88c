package dev.burnrate.bridge.internal.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.internal.item.Impact.ImpactedItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemGraphTest {
  static final ItemGraph EXAMPLE = ServiceCatalog.load(Path.of("../examples/catalog.yaml")).items();

  @Test
  void hostFailure_breaksEveryServiceAboveIt_throughRunsOnUsesAndDependsOn() {
    Impact imp = EXAMPLE.impactOf("db-1").orElseThrow();
    assertThat(imp.kind()).isEqualTo(ItemKind.HOST);
    assertThat(imp.services())
        .containsExactly("checkout", "inventory", "payments", "reporting", "web");
    assertThat(imp.consumers().teams())
        .containsExactly("finance", "management", "team-sales", "warehouse");
    assertThat(imp.consumers().customerGroups()).containsExactly("shoppers-eu", "shoppers-us");
    assertThat(imp.consumers().users()).containsExactly("cfo@example.com");
    assertThat(imp.impacted())
        .filteredOn(i -> i.name().equals("web"))
        .extracting(ImpactedItem::path)
        .containsExactly(List.of("web", "checkout", "inventory", "inventory-db", "db-1"));
  }

  @Test
  void otherHost_breaksOnlyWhatReliesOnIt() {
    Impact imp = EXAMPLE.impactOf("db-2").orElseThrow();
    assertThat(imp.services()).containsExactly("auth", "checkout", "payments", "web");
    assertThat(imp.services()).doesNotContain("inventory", "reporting");
  }

  @Test
  void serviceImpact_excludesItself_butCountsItsOwnConsumers() {
    Impact imp = EXAMPLE.impactOf("payments").orElseThrow();
    assertThat(imp.services()).containsExactly("checkout", "web");
    assertThat(imp.consumers().users()).containsExactly("cfo@example.com");
    assertThat(imp.consumers().teams()).containsExactly("finance", "team-sales");
  }

  @Test
  void leafService_breaksNothingElse() {
    Impact imp = EXAMPLE.impactOf("reporting").orElseThrow();
    assertThat(imp.services()).isEmpty();
    assertThat(imp.impacted()).isEmpty();
    assertThat(EXAMPLE.impactOf("nope")).isEmpty();
  }

  @Test
  void alertLabels_nameTheItem_asGiven_withoutPort_orByFirstDnsLabel() {
    assertThat(EXAMPLE.itemOfAlert("node", Map.of("instance", "db-1:9100"))).contains("db-1");
    assertThat(EXAMPLE.itemOfAlert("unknown", Map.of("host", "db-2.dc1.example.com")))
        .contains("db-2");
    assertThat(EXAMPLE.itemOfAlert("mysqld", Map.of("database", "payments-db")))
        .contains("payments-db");
    assertThat(EXAMPLE.itemOfAlert("unknown", Map.of("instance", "10.0.0.1:9100"))).isEmpty();
    assertThat(EXAMPLE.itemOfAlert("checkout", Map.of("host", "db-1"))).contains("checkout");
  }

  @Test
  void alertLabels_areTriedInTheConfiguredOrder() {
    ItemGraph g =
        ServiceCatalog.parse(
                """
                alertLabels: [pod, host]
                services:
                  a: {runsOn: [h1]}
                items:
                  h1: {kind: host}
                  p1: {kind: pod, runsOn: [h1]}
                """,
                "c.yaml")
            .items();
    assertThat(g.itemOfAlert("x", Map.of("host", "h1", "pod", "p1"))).contains("p1");
    assertThat(g.itemOfAlert("x", Map.of("instance", "h1"))).isEmpty();
  }

  @Test
  void usesCycles_areAllowed_andImpactStillEnds() {
    ItemGraph g =
        ServiceCatalog.parse(
                """
                services:
                  a: {uses: [b]}
                  b: {uses: [a]}
                """,
                "c.yaml")
            .items();
    assertThat(g.impactOf("a").orElseThrow().services()).containsExactly("b");
  }

  @Test
  void anItemRelatingToAnUnknownItem_isRefusedWhenBuilt() {
    ConfigurationItem a =
        new ConfigurationItem(
            "a",
            ItemKind.HOST,
            "",
            "",
            List.of(new ConfigurationItem.Edge(Relation.RUNS_ON, "b")),
            Consumers.NONE);
    assertThatThrownBy(() -> ItemGraph.of(List.of(a), List.of("host")))
        .hasMessageContaining("a runs_on unknown item b");
  }

  @Test
  void candidates_stripPortAndDomain() {
    assertThat(ItemGraph.candidates("db-1:9100")).containsExactly("db-1:9100", "db-1");
    assertThat(ItemGraph.candidates("db-1.example.com:9100"))
        .containsExactly("db-1.example.com:9100", "db-1.example.com", "db-1");
    assertThat(ItemGraph.candidates("10.1.2.3:80")).containsExactly("10.1.2.3:80", "10.1.2.3");
  }
}
