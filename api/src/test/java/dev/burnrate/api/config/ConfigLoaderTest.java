package dev.burnrate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("burnrate.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static BurnrateConfig load(Optional<Path> file, Map<String, String> env) {
    return ConfigLoader.load(file, env, Map.of());
  }

  @Test
  void defaults_serve_withNoFileAndNoVariables() {
    BurnrateConfig c = BurnrateConfig.defaults();
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.server().tls()).isFalse();
    assertThat(c.database().url()).isEmpty();
    assertThat(c.database().poolSize()).isEqualTo(10);
    assertThat(c.auth().required()).isTrue();
    assertThat(c.auth().readsRequireToken()).isFalse();
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.logging().format()).isEqualTo("json");
    assertThat(c.tracing().otlpEndpoint()).isEmpty();
    assertThat(c.slos().paths()).isEmpty();
    assertThat(c.bridge().connectors()).isEmpty();
  }

  @Test
  void fileValues_replaceDefaults_andRelativePathsResolveAgainstTheFile() throws IOException {
    Path f =
        file(
            """
            server:
              port: 9090
              maxBodySize: 2MiB
              tls:
                cert: certs/server.pem
                key: certs/server.key
            database:
              url: jdbc:postgresql://db:5432/burnrate
              poolSize: 4
            slos:
              paths: [slos, more/checkout.yaml]
              watch: false
            auth:
              required: false
              rateLimit:
                requestsPerSecond: 5.5
                burst: 7
            engine:
              tickInterval: 1m30s
            logging:
              format: text
            bridge:
              quietPeriod: 10m
              servicesFile: services.yaml
            """);
    BurnrateConfig c = load(Optional.of(f), Map.of());
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().maxBodySize()).isEqualTo(2L * 1024 * 1024);
    assertThat(c.server().tlsCert()).contains(dir.resolve("certs/server.pem"));
    assertThat(c.database().url()).contains("jdbc:postgresql://db:5432/burnrate");
    assertThat(c.database().poolSize()).isEqualTo(4);
    assertThat(c.slos().paths())
        .containsExactly(dir.resolve("slos"), dir.resolve("more/checkout.yaml"));
    assertThat(c.slos().watch()).isFalse();
    assertThat(c.auth().required()).isFalse();
    assertThat(c.auth().requestsPerSecond()).isEqualTo(5.5);
    assertThat(c.auth().burst()).isEqualTo(7);
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.logging().format()).isEqualTo("text");
    assertThat(c.bridge().quietPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.bridge().servicesFile()).contains(dir.resolve("services.yaml"));
    assertThat(c.source()).contains(f);
  }

  @Test
  void environment_overridesTheFile_byAliasAndByTheGeneralRule() throws IOException {
    Path f =
        file(
            """
            server:
              port: 9090
            database:
              url: jdbc:postgresql://from-file/db
            engine:
              tickInterval: 10s
            """);
    BurnrateConfig c =
        load(
            Optional.of(f),
            Map.of(
                "BURNRATE_DB_URL", "jdbc:postgresql://from-env/db",
                "BURNRATE_SERVER_PORT", "9191",
                "BURNRATE_ENGINE_TICK_INTERVAL", "5s",
                "BURNRATE_AUTH_RATE_LIMIT_BURST", "3",
                "BURNRATE_ADMIN_TOKEN", "a-long-admin-token-value",
                "BURNRATE_SLOS", "a.yaml,b"));
    assertThat(c.database().url()).contains("jdbc:postgresql://from-env/db");
    assertThat(c.server().port()).isEqualTo(9191);
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.auth().burst()).isEqualTo(3);
    assertThat(c.auth().adminToken()).contains("a-long-admin-token-value");
    assertThat(c.slos().paths()).containsExactly(Path.of("a.yaml"), Path.of("b"));
  }

  @Test
  void shortAlias_winsOverTheGeneralRule_whenBothAreSet() {
    BurnrateConfig c =
        load(Optional.empty(), Map.of("BURNRATE_SERVER_PORT", "1111", "BURNRATE_PORT", "2222"));
    assertThat(c.server().port()).isEqualTo(2222);
  }

  @Test
  void flags_overrideEnvironmentAndFile() throws IOException {
    Path f = file("server:\n  port: 9090\n");
    BurnrateConfig c =
        ConfigLoader.load(
            Optional.of(f),
            Map.of("BURNRATE_PORT", "9191"),
            Map.of(
                "server.port", ConfigLoader.parseFlag("--port", "server.port", "9292"),
                "slos.paths", List.of(Path.of("x.yaml"))));
    assertThat(c.server().port()).isEqualTo(9292);
    assertThat(c.slos().paths()).containsExactly(Path.of("x.yaml"));
  }

  @Test
  void unknownKey_failsWithFileLineColumnAndKeyPath() throws IOException {
    Path f = file("server:\n  port: 8080\n  prot: 9090\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":3:3: unknown key server.prot")
        .hasMessageContaining("host")
        .hasMessageContaining("port");
  }

  @Test
  void unknownSection_failsWithTheKnownSections() throws IOException {
    Path f = file("servr:\n  port: 8080\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageStartingWith(f + ":1:1: unknown key servr")
        .hasMessageContaining("server");
  }

  @Test
  void wrongType_failsWithTheLineAndWhatWasExpected() throws IOException {
    Path f = file("server:\n  port: eighty\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(f + ":2:9: server.port: expected an integer, got \"eighty\"");
  }

  @Test
  void portOutOfRange_fails() throws IOException {
    Path f = file("server:\n  port: 70000\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":2:9: server.port: expected a port 0..65535, got 70000");
  }

  @Test
  void sectionGivenAScalar_failsNamingTheSection() throws IOException {
    Path f = file("auth: yes\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageStartingWith(f + ":1:7: auth: expected a mapping of");
  }

  @Test
  void scalarGivenAMapping_fails() throws IOException {
    Path f = file("logging:\n  format:\n    kind: json\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":3:5: logging.format: expected one of json, text, got a mapping");
  }

  @Test
  void enumValue_outsideTheAllowedOnes_fails() throws IOException {
    Path f = file("logging:\n  format: xml\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":2:11: logging.format: expected one of json, text, got \"xml\"");
  }

  @Test
  void duplicateKey_fails() throws IOException {
    Path f = file("server:\n  port: 1\n  port: 2\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":3:3: server.port: duplicate key");
  }

  @Test
  void invalidYaml_failsWithThePosition() throws IOException {
    Path f = file("server:\n  port: [8080\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void missingFile_failsNamingIt() {
    Path f = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ": no such configuration file");
  }

  @Test
  void bridgeSectionErrors_carryTheLineOfTheWholeFile() throws IOException {
    Path f = file("server:\n  port: 8080\nbridge:\n  quietPeriod: soon\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":4:")
        .hasMessageContaining("quietPeriod");
  }

  @Test
  void exampleFile_loads() {
    Path example = Path.of("..", "examples", "burnrate.yaml");
    BurnrateConfig c = load(Optional.of(example), Map.of());
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.slos().paths())
        .containsExactly(example.toAbsolutePath().getParent().resolve("slos"));
    assertThat(c.bridge().servicesFile())
        .contains(example.toAbsolutePath().getParent().resolve("services.yaml"));
  }

  @Test
  void emptyFile_meansDefaults() throws IOException {
    Path f = file("# nothing yet\n");
    assertThat(load(Optional.of(f), Map.of()).server().port()).isEqualTo(8080);
  }

  @Test
  void badEnvironmentValue_failsNamingTheVariable() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of("BURNRATE_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable BURNRATE_PORT (server.port): expected an integer, got \"http\"");
  }

  @Test
  void badDuration_failsWithTheAcceptedForms() {
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("BURNRATE_ENGINE_TICK_INTERVAL", "10 seconds")))
        .hasMessageContaining("expected a duration such as 500ms, 10s, 5m, 1h or 1d");
  }

  @Test
  void tlsWithOnlyACertificate_fails() throws IOException {
    Path f = file("server:\n  tls:\n    cert: a.pem\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageContaining("set both server.tls.cert and server.tls.key");
  }

  @Test
  void toString_neverShowsSecrets() throws IOException {
    Path f =
        file(
            """
            database:
              url: jdbc:postgresql://db/burnrate?user=u&password=hunter2
              password: hunter3
            """);
    BurnrateConfig c =
        load(Optional.of(f), Map.of("BURNRATE_ADMIN_TOKEN", "hunter5-long-enough-token"));
    assertThat(c.toString())
        .doesNotContain("hunter2", "hunter3", "hunter5")
        .contains("password=***");
  }

  @Test
  void everyKey_hasAnEnvironmentVariableByTheGeneralRule() {
    assertThat(ConfigSchema.key("auth.rateLimit.requestsPerSecond").orElseThrow().envName())
        .isEqualTo("BURNRATE_AUTH_RATE_LIMIT_REQUESTS_PER_SECOND");
    assertThat(ConfigSchema.key("server.port").orElseThrow().envName())
        .isEqualTo("BURNRATE_SERVER_PORT");
  }

  @Test
  void documentation_namesEveryKeyAndItsVariable() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey key : ConfigSchema.keys()) {
      assertThat(doc).as("docs/configuration.md documents " + key.path()).contains(key.path());
      if (key.type() != ConfigKey.Type.BRIDGE) {
        assertThat(doc).as("docs/configuration.md names " + key.envName()).contains(key.envName());
      }
    }
    for (String alias : ConfigSchema.ENV_ALIASES.keySet()) {
      assertThat(doc).contains(alias);
    }
  }
}
