package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceCatalogTest {

  @Test
  void exampleCatalog_loads_withTransitiveDependentsAndDependencies() {
    ServiceCatalog c = ServiceCatalog.load(Path.of("../examples/services.yaml"));

    assertThat(c.services())
        .extracting(ServiceCatalog.Service::name)
        .contains("checkout", "catalog", "payments", "auth");
    assertThat(c.dependentsOf("auth")).containsExactly("checkout", "payments", "web");
    assertThat(c.dependentsOf("postgres"))
        .containsExactly("auth", "catalog", "checkout", "inventory", "payments", "web");
    assertThat(c.dependenciesOf("checkout"))
        .containsExactly("auth", "catalog", "inventory", "payments", "postgres");
    assertThat(c.dependentsOf("web")).isEmpty();
  }

  @Test
  void unknownDependency_isAnError_withFileAndLine() {
    String yaml = "services:\n  a:\n    dependsOn: [b]\n";

    assertThatThrownBy(() -> ServiceCatalog.parse(yaml, "svc.yaml"))
        .hasMessageStartingWith("svc.yaml:3:")
        .hasMessageContaining("services.a.dependsOn")
        .hasMessageContaining("unknown service 'b'");
  }

  @Test
  void dependencyCycle_isAnError_namingTheCycle() {
    String yaml = "services:\n  a:\n    dependsOn: [b]\n  b:\n    dependsOn: [a]\n";

    assertThatThrownBy(() -> ServiceCatalog.parse(yaml, "svc.yaml"))
        .hasMessageContaining("svc.yaml:3:")
        .hasMessageContaining("dependency cycle: a -> b -> a");
  }

  @Test
  void unknownKey_isAnError_listingTheKnownOnes() {
    String yaml = "services:\n  a:\n    owner: x\n    tier: 1\n    depends: [b]\n";

    assertThatThrownBy(() -> ServiceCatalog.parse(yaml, "svc.yaml"))
        .hasMessageStartingWith("svc.yaml:5:5: services.a.depends: unknown key");
  }

  @Test
  void tierOutOfRange_isAnError() {
    assertThatThrownBy(() -> ServiceCatalog.parse("services:\n  a:\n    tier: 9\n", "s.yaml"))
        .hasMessageStartingWith("s.yaml:3:11: services.a.tier: must be between 1 and 4");
  }
}
