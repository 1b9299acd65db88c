package dev.burnrate.api.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloWatchIT {
  @TempDir Path dir;

  static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met within 20 s").isBefore(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void changedFiles_areReloadedWithoutARequest() throws Exception {
    Files.writeString(dir.resolve("search.yaml"), SloIT.SEARCH);
    try (TestServer server =
        TestServer.start(
            Map.of("BURNRATE_SLOS", dir.toString(), "BURNRATE_SLOS_WATCH_INTERVAL", "100ms"))) {
      SloCatalog catalog = server.server().catalog();
      assertThat(catalog.spec("search-availability")).isPresent();

      Files.writeString(dir.resolve("checkout.yaml"), SloIT.CHECKOUT);
      awaitCondition(() -> catalog.spec(SloIT.SLO).isPresent());

      Files.delete(dir.resolve("search.yaml"));
      awaitCondition(() -> catalog.spec("search-availability").isEmpty());
      assertThat(catalog.spec(SloIT.SLO)).isPresent();
    }
  }
}
