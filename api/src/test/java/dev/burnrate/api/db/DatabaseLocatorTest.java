package dev.burnrate.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.api.config.BurnrateConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseLocatorTest {
  private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

  private PrintStream notes() {
    return new PrintStream(notes, true, StandardCharsets.UTF_8);
  }

  /** A local URL where nothing listens: a port that was free a moment ago. */
  private static String deadServer() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/";
  }

  @Test
  void configuredUrl_isUsedAsItIs() {
    BurnrateConfig.Database settings = BurnrateConfig.defaults().database();
    BurnrateConfig.Database withUrl =
        new BurnrateConfig.Database(
            Optional.of("jdbc:postgresql://db:5432/x"),
            settings.user(),
            settings.password(),
            settings.poolSize(),
            settings.connectionTimeout(),
            settings.statementTimeout(),
            settings.embeddedDir());
    DatabaseLocator.Located located =
        DatabaseLocator.locate(withUrl, notes(), "jdbc:postgresql://unused/", false);
    assertThat(located.url()).isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(located.embedded()).isEmpty();
  }

  @Test
  void asRoot_withNoDatabaseAnywhere_saysSoWithTheTwoWaysOut() throws IOException {
    BurnrateConfig.Database settings = BurnrateConfig.defaults().database();
    String dead = deadServer();
    assertThatThrownBy(() -> DatabaseLocator.locate(settings, notes(), dead, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs as root")
        .hasMessageContaining("PostgreSQL refuses to run as root")
        .hasMessageContaining("BURNRATE_DB_URL")
        .hasMessageContaining("run burnrate as a non-root user");
  }

  @Test
  void rootIsDetected_fromTheProcessUid() {
    // The tests run as root in CI containers and as a user elsewhere; both must be recognised.
    assertThat(DatabaseLocator.runsAsRoot())
        .isEqualTo("root".equals(System.getProperty("user.name")));
  }
}
