package dev.burnrate.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env)
        .run(args);
  }

  @Test
  void url_isTheConfiguredPortOnLoopback_whenTheServerBindsEveryAddress() {
    assertThat(HealthCommand.url(Map.of(), Map.of()))
        .hasToString("http://127.0.0.1:8080/health/ready");
    assertThat(HealthCommand.url(Map.of(), Map.of("BURNRATE_PORT", "9090")))
        .hasToString("http://127.0.0.1:9090/health/ready");
    assertThat(
            HealthCommand.url(
                Map.of("--port", "7070"),
                Map.of("BURNRATE_PORT", "9090", "BURNRATE_SERVER_HOST", "10.1.2.3")))
        .hasToString("http://10.1.2.3:7070/health/ready");
  }

  @Test
  void url_readsTheConfigFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("burnrate.yaml");
    Files.writeString(config, "server:\n  host: 0.0.0.0\n  port: 8181\n");
    assertThat(HealthCommand.url(Map.of("--config", config.toString()), Map.of()))
        .hasToString("http://127.0.0.1:8181/health/ready");
  }

  @Test
  void url_given_getsTheReadinessPath_whenItHasNone() {
    assertThat(HealthCommand.url(Map.of("--url", "http://burnrate:8080"), Map.of()))
        .hasToString("http://burnrate:8080/health/ready");
    assertThat(HealthCommand.url(Map.of("--url", "http://burnrate:8080/"), Map.of()))
        .hasToString("http://burnrate:8080/health/ready");
    assertThat(HealthCommand.url(Map.of("--url", "https://b:8443/health/ready"), Map.of()))
        .hasToString("https://b:8443/health/ready");
  }

  @Test
  void badOptions_areUsageErrors_orFailuresNamingTheProblem() {
    assertThat(run(Map.of(), "health", "--nope")).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("health: unknown option --nope");
    err.reset();
    assertThat(run(Map.of(), "health", "--url", "ftp://x/")).isEqualTo(Cli.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url must be an http(s) URL");
    err.reset();
    assertThat(run(Map.of(), "health", "--url", "http://127.0.0.1:1", "--timeout", "soon"))
        .isEqualTo(Cli.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--timeout: expected a duration");
    assertThat(HealthCommand.parse(List.of("--timeout=2s"))).containsEntry("--timeout", "2s");
  }

  @Test
  void help_listsTheHealthCommand() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("health", "/health/ready");
  }
}
