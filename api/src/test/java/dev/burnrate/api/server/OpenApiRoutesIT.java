package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route on the router is in /openapi.yaml, and every operation there is a route. */
class OpenApiRoutesIT {
  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    for (Route route : server.server().router().getRoutes()) {
      // A path with parameters is kept as a regex; its name is the path as it was written.
      String written = route.isRegexPath() ? route.getName() : route.getPath();
      if (written == null || !written.startsWith("/")) {
        continue; // handlers for every request (tracing, auth), not endpoints
      }
      String path = written.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      if (route.methods() == null || route.methods().isEmpty()) {
        routes.add("ANY " + path);
      }
      if (route.methods() != null) {
        for (HttpMethod m : route.methods()) {
          routes.add(m.name() + " " + path);
        }
      }
    }
    return routes;
  }

  static Set<String> documented() {
    Set<String> ops = new TreeSet<>();
    Map<String, Object> doc = OpenApiDocument.load(OpenApiRoutesIT.class.getClassLoader()).tree();
    Map<?, ?> paths = (Map<?, ?>) doc.get("paths");
    for (Map.Entry<?, ?> p : paths.entrySet()) {
      for (Object op : ((Map<?, ?>) p.getValue()).keySet()) {
        if (OPERATIONS.contains(op)) {
          ops.add(((String) op).toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    return ops;
  }

  @Test
  void everyRoute_isDocumented_andEveryDocumentedOperation_isARoute() {
    Set<String> routes = routes();
    Set<String> documented = documented();
    assertThat(routes)
        .as("routes without a route-level method")
        .noneMatch(r -> r.startsWith("ANY "));
    assertThat(documented)
        .as("operations in /openapi.yaml that no route serves")
        .isSubsetOf(routes);
    assertThat(routes).as("routes missing from /openapi.yaml").isSubsetOf(documented);
  }

  @Test
  void document_isOpenApi31_withProblemSchema() {
    Map<String, Object> doc = OpenApiDocument.load(OpenApiRoutesIT.class.getClassLoader()).tree();
    assertThat(doc.get("openapi")).isEqualTo("3.1.0");
    Map<?, ?> components = (Map<?, ?>) doc.get("components");
    assertThat(((Map<?, ?>) components.get("schemas")).containsKey("Problem")).isTrue();
  }
}
