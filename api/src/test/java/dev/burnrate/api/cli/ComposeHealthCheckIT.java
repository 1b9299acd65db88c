package dev.burnrate.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.burnrate.api.server.TestServer;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The stack's health check as the container runs it: the exact command of docker-compose.yml's
 * {@code healthcheck} under dash (the image's {@code /bin/sh}), against a real server, without
 * Docker. {@code burnrate} on PATH is the repository's launcher, standing for the image's wrapper.
 */
class ComposeHealthCheckIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DASH = Path.of("/bin/dash");

  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws IOException {
    try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
      Map<String, Object> compose =
          (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromReader(in);
      return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }
  }

  /** The shell line of the Burnrate service's health check, as compose hands it to sh -c. */
  @SuppressWarnings("unchecked")
  static String composeHealthCheck() throws IOException {
    List<Object> test =
        (List<Object>) ((Map<String, Object>) service("burnrate").get("healthcheck")).get("test");
    assertThat(test).hasSize(2).first().isEqualTo("CMD-SHELL");
    return (String) test.get(1);
  }

  @Test
  void composeFile_checksHealthWithTheBurnrateCommand_andTheDockerfileToo() throws Exception {
    assertThat(composeHealthCheck()).isEqualTo("burnrate health");
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) service("burnrate").get("environment");
    assertThat(env).containsEntry("BURNRATE_PORT", "8080");
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .containsPattern("(?m)^HEALTHCHECK .* CMD burnrate health$")
        .contains("exec java -jar /app/burnrate.jar \"$@\"")
        .contains("/usr/local/bin/burnrate");
    @SuppressWarnings("unchecked")
    List<Object> traffic = (List<Object>) service("traffic").get("command");
    assertThat(String.join(" ", traffic.stream().map(String::valueOf).toList()))
        .contains("--control-host 0.0.0.0");
  }

  @Test
  void composeHealthCheck_underDash_exitsZeroForAReadyServer_andOneOtherwise() throws Exception {
    assumeThat(DASH).as("dash, the image's /bin/sh").isExecutable();
    String line = composeHealthCheck();
    int port;
    // A short connection timeout: a gone database shows at once.
    try (TestServer server =
        TestServer.start(Map.of("BURNRATE_DATABASE_CONNECTION_TIMEOUT", "500ms"))) {
      port = server.server().port();
      Result ready = dash(line, port);
      assertThat(ready.exit()).as(ready.output()).isZero();
      assertThat(ready.output()).contains("ready: http://127.0.0.1:" + port + "/health/ready");

      server.database().close(); // the database gone: /health/ready answers 503
      Result down = dash(line, port);
      assertThat(down.exit()).as(down.output()).isEqualTo(1);
      assertThat(down.output()).contains("not ready", "answered 503", "database");
    }
    Result gone = dash(line, port);
    assertThat(gone.exit()).as(gone.output()).isEqualTo(1);
    assertThat(gone.output()).contains("not ready: cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void composeHealthCheck_underDash_failsClearly_whenNothingListens() throws Exception {
    assumeThat(DASH).as("dash, the image's /bin/sh").isExecutable();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = dash(composeHealthCheck(), port);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("burnrate: not ready: cannot reach");
  }

  record Result(int exit, String output) {}

  /** Runs {@code line} as compose's CMD-SHELL does ({@code sh -c}), with dash. */
  private Result dash(String line, int port) throws Exception {
    Path log = Files.createTempFile(dir, "health", ".log");
    ProcessBuilder pb = new ProcessBuilder(DASH.toString(), "-c", line).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("BURNRATE_"));
    String javaHome = System.getProperty("java.home");
    env.put("JAVA_HOME", javaHome);
    env.put("PATH", ROOT + ":" + javaHome + "/bin:/usr/bin:/bin");
    env.put("BURNRATE_PORT", Integer.toString(port));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the health check exited").isTrue();
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
