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

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    Cli cli =
        new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return cli.run(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void help_printsUsage_andExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("Usage: burnrate <command>", "serve", "--slos PATH", "--port N");
  }

  @Test
  void version_printsTheVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("burnrate ");
  }

  @Test
  void noArguments_isAUsageError() {
    assertThat(run()).isEqualTo(Cli.USAGE);
    assertThat(err()).contains("Usage:");
  }

  @Test
  void unknownCommand_isAUsageError_namingIt() {
    assertThat(run("srve")).isEqualTo(Cli.USAGE);
    assertThat(err()).contains("unknown command 'srve'", "burnrate --help");
  }

  @Test
  void serveWithAnUnknownOption_isAUsageError() {
    assertThat(run("serve", "--prot", "1")).isEqualTo(Cli.USAGE);
    assertThat(err()).contains("serve: unknown option --prot");
  }

  @Test
  void serveWithABadPort_isAUsageError_namingTheFlag() {
    assertThat(run("serve", "--port", "http")).isEqualTo(Cli.USAGE);
    assertThat(err()).contains("--port: expected an integer, got \"http\"");
  }

  @Test
  void serveWithAFlagMissingItsValue_isAUsageError() {
    assertThat(run("serve", "--config")).isEqualTo(Cli.USAGE);
    assertThat(err()).contains("--config needs a value");
  }

  @Test
  void serveWithAMissingConfigFile_failsWithExitOne() {
    assertThat(run("serve", "--config", "/nonexistent/burnrate.yaml")).isEqualTo(Cli.FAILED);
    assertThat(err()).contains("/nonexistent/burnrate.yaml: no such configuration file");
  }

  @Test
  void serveWithABadEnvironmentVariable_failsWithExitOne() {
    assertThat(run(Map.of("BURNRATE_PORT", "x"), "serve")).isEqualTo(Cli.FAILED);
    assertThat(err()).contains("BURNRATE_PORT");
  }

  @Test
  void serveWithAnInvalidIngestSetting_failsWithExitOne_namingTheKeyAndLine(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("burnrate.yaml");
    Files.writeString(config, "ingest:\n  lateness: 2h\n  seriesRetention: 1h\n");
    assertThat(run("serve", "--config", config.toString())).isEqualTo(Cli.FAILED);
    assertThat(err())
        .isEqualTo(
            "burnrate: "
                + config
                + ":3:20: ingest.seriesRetention: must be longer than ingest.lateness (2h),"
                + " got 1h"
                + System.lineSeparator());
  }

  @Test
  void serveWithBrokenSloFiles_failsWithExitOne_listingEachError(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad, "version: \"prometheus/v1\"\nservice: x\nslos:\n  - name: a\n    objective: 250\n");
    // The SLO files are read before the database is touched; nothing listens on port 1.
    int code =
        run(
            Map.of("BURNRATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/none"),
            "serve",
            "--slos",
            bad.toString());
    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(err()).contains("the SLO files have errors").containsPattern(bad + ":\\d+:\\d+: ");
  }

  @Test
  void serveOptions_takeRepeatedSlosAndEqualsForms() {
    Cli.ServeOptions o =
        Cli.parseServe(
            List.of("--config=b.yaml", "--slos", "a", "--slos=b.yaml", "--port", "0", "--host=::"));
    assertThat(o.config()).contains(Path.of("b.yaml"));
    assertThat(o.flags())
        .containsEntry("slos.paths", List.of(Path.of("a"), Path.of("b.yaml")))
        .containsEntry("server.port", 0)
        .containsEntry("server.host", "::");
  }
}
