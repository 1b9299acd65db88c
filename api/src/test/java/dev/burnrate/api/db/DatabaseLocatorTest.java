package dev.burnrate.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.api.config.BurnrateConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aLocalServerThatRefusesTheLogin_isReportedAsSuch_notAsNoneAnswering() {
    String url = System.getenv("BURNRATE_TEST_DB_URL");
    Assumptions.assumeTrue(url != null, "BURNRATE_TEST_DB_URL names a running PostgreSQL");
    String server = url.replaceAll("^(jdbc:postgresql://[^/]+/).*$", "$1");
    BurnrateConfig.Database d = BurnrateConfig.defaults().database();
    BurnrateConfig.Database refused =
        new BurnrateConfig.Database(
            d.url(),
            Optional.of("no_such_role_for_burnrate"),
            Optional.of("wrong"),
            d.poolSize(),
            d.connectionTimeout(),
            d.statementTimeout(),
            d.embeddedDir());
    assertThatThrownBy(() -> DatabaseLocator.locate(refused, notes(), server, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answers on")
        .hasMessageContaining("but refused the login for user no_such_role_for_burnrate")
        .hasMessageNotContaining("runs as root");
  }

  @Test
  void anEmbeddedDirectoryThatCannotBeWritten_saysPermissionDenied(@TempDir Path tmp)
      throws IOException {
    Assumptions.assumeFalse(DatabaseLocator.runsAsRoot(), "root may write anywhere");
    Path locked = tmp.resolve("locked");
    Files.createDirectories(locked);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    assertThatThrownBy(() -> DatabaseLocator.writableDirectory(locked.resolve("pg")))
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> DatabaseLocator.writableDirectory(locked))
        .hasMessageContaining("permission denied");
  }

  @Test
  void theEmbeddedBinaries_goToAPrivateDirectory(@TempDir Path tmp) throws IOException {
    Path bin = DatabaseLocator.privateDirectory(tmp.resolve("pg-bin"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bin)))
        .isEqualTo("rwx------");
  }
}
