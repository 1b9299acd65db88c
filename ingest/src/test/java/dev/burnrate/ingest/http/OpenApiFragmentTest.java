package dev.burnrate.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.pipeline.CommitResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiFragmentTest {

  @Test
  void openApiFragment_documentsExactlyTheMountedRoutes() throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      IngestRoutes.create(
              vertx,
              batch -> Future.succeededFuture(new CommitResult(0, 0, 0)),
              IngestLimits.defaults(),
              Clock.systemUTC(),
              List.of())
          .mount(router);
      Set<String> mounted =
          router.getRoutes().stream().map(Route::getPath).collect(Collectors.toSet());

      String yaml;
      try (InputStream in =
          IngestRoutes.class.getResourceAsStream("/dev/burnrate/ingest/openapi.yaml")) {
        assertThat(in).isNotNull();
        yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Set<String> documented =
          yaml.lines()
              .filter(l -> l.startsWith("  /") && l.endsWith(":"))
              .map(l -> l.trim().substring(0, l.trim().length() - 1))
              .collect(Collectors.toSet());
      assertThat(documented).isEqualTo(mounted);
      assertThat(yaml.lines().filter(l -> !l.startsWith(" ") && !l.isBlank()))
          .containsExactly("paths:", "components:");
    } finally {
      vertx.close();
    }
  }
}
