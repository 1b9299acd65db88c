package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class OpenApiFragmentTest {

  @Test
  void everyMountedRoute_isDocumented_andEveryDocumentedRouteIsMounted() throws Exception {
    Set<String> mounted = new TreeSet<>();
    Vertx vertx = Vertx.vertx();
    try (HikariDataSource unused = new HikariDataSource();
        IncidentBridge bridge =
            IncidentBridge.create(
                unused,
                BridgeSettings.defaults(),
                ServiceCatalog.empty(),
                BudgetView.none(),
                Clock.systemUTC())) {
      Router router = Router.router(vertx);
      bridge.routes(vertx).mount(router);
      for (Route r : router.getRoutes()) {
        for (HttpMethod m : r.methods()) {
          mounted.add(
              m.name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + r.getPath().replaceAll(":([a-z]+)", "{$1}"));
        }
      }
    } finally {
      vertx.close();
    }

    Set<String> documented = new TreeSet<>();
    try (InputStream in = IncidentBridge.class.getResourceAsStream("openapi.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> doc =
          (Map<String, Object>)
              new Load(LoadSettings.builder().build())
                  .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(doc).containsOnlyKeys("paths", "components");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      paths.forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m + " " + path)));
    }
    assertThat(mounted).isEqualTo(documented);
  }
}
