package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloWatchIT {
  @TempDir Path dir;

  @Test
  void changedFiles_areReloadedWithoutARequest() throws Exception {
    Files.writeString(dir.resolve("search.yaml"), SloIT.SEARCH);
    try (TestServer server =
        TestServer.start(
            Map.of("BURNRATE_SLOS", dir.toString(), "BURNRATE_SLOS_WATCH_INTERVAL", "100ms"))) {
      SloCatalog catalog = server.server().catalog();
      assertThat(catalog.spec("search-availability")).isPresent();

      Files.writeString(dir.resolve("checkout.yaml"), SloIT.CHECKOUT);
      Await.until(
          "the SLO files to reload",
          Duration.ofSeconds(20),
          () -> catalog.spec(SloIT.SLO).isPresent());

      Files.delete(dir.resolve("search.yaml"));
      Await.until(
          "the SLO files to reload",
          Duration.ofSeconds(20),
          () -> catalog.spec("search-availability").isEmpty());
      assertThat(catalog.spec(SloIT.SLO)).isPresent();
    }
  }
}
