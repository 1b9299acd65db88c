package dev.burnrate.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.slo.SloFixtures;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as users run it: {@code java -jar api/target/burnrate.jar ...}. */
class BurnrateJarIT {
  static final Path JAR = Path.of("target", "burnrate.jar");

  @TempDir Path dir;

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private Process start(List<String> args, Path log, String... env) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("BURNRATE_"));
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    return pb.start();
  }

  private int run(Path log, String... args) throws Exception {
    Process p = start(List.of(args), log);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    return p.exitValue();
  }

  @Test
  void validate_exitsZeroForValidFiles_oneForInvalid_twoForNoFiles() throws Exception {
    assertThat(JAR).exists();
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, SloFixtures.CHECKOUT);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "version: \"prometheus/v1\"\nservice: x\nslos:\n  - name: a\n    objective: 250\n");
    Path log = dir.resolve("validate.log");

    assertThat(run(log, "validate", good.toString())).isZero();
    assertThat(Files.readString(log)).contains("valid: 1 SLO");

    assertThat(run(log, "validate", good.toString(), bad.toString())).isEqualTo(1);
    assertThat(Files.readString(log)).containsPattern(bad + ":\\d+:\\d+: ");

    assertThat(run(log, "validate")).isEqualTo(2);
    assertThat(run(log, "--version")).isZero();
    assertThat(Files.readString(log)).startsWith("burnrate ");
  }

  @Test
  void serve_startsFromTheJar_becomesReady_servesSlos_andStopsOnSigterm() throws Exception {
    assertThat(JAR).exists();
    Path slos = dir.resolve("slos");
    Files.createDirectories(slos);
    Files.writeString(slos.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("serve.log");
    try (TestDatabase db = TestDatabase.create()) {
      Process p =
          start(
              List.of("serve", "--slos", slos.toString(), "--port", Integer.toString(port)),
              log,
              "BURNRATE_DB_URL",
              db.url(),
              "BURNRATE_ADMIN_TOKEN",
              "jar-test-admin-token-123",
              "BURNRATE_SERVER_HOST",
              "127.0.0.1");
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        Await.until(
            "the jar's server to be ready",
            Duration.ofSeconds(60),
            () -> {
              assertThat(p.isAlive()).as("server running; log:%n%s", read(log)).isTrue();
              try {
                HttpResponse<String> ready =
                    client.send(
                        HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return ready.statusCode() == 200 ? Optional.of(true) : Optional.empty();
              } catch (IOException notYet) {
                return Optional.empty();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
              }
            },
            () -> "log:\n" + read(log));
        HttpResponse<String> slo =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/slos")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(slo.statusCode()).isEqualTo(200);
        JsonObject list = new JsonObject(slo.body());
        assertThat(list.getInteger("total")).isEqualTo(1);
        assertThat(list.getJsonArray("items").getJsonObject(0).getString("name"))
            .isEqualTo(SloFixtures.CHECKOUT_SLO);
      } finally {
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      }
      assertThat(read(log)).contains("shutting down", "stopped");
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
