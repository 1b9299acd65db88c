package dev.burnrate.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./burnrate} launcher under {@code /bin/sh}, on a machine whose only
 * {@code java} is older than 21 (a stand-in {@code java} that reports 17 and cannot run the jar),
 * with and without a JDK of at least 21 in JAVA_HOME or the directory of JDKs.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "burnrate").toAbsolutePath().normalize();
  private static final Path SH = Path.of("/bin/sh");

  @TempDir Path dir;

  record Result(int exit, String output) {}

  /** A JDK directory whose java says it is Java 17 and refuses the jar as Java 17 would. */
  private Path oldJdk(String name) throws Exception {
    Path bin = Files.createDirectories(dir.resolve(name).resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        """
        #!/bin/sh
        if [ "$1" = "-XshowSettings:properties" ]; then
          echo '    java.specification.version = 17' >&2
          echo 'openjdk version "17.0.15"' >&2
          exit 0
        fi
        echo 'Error: LinkageError occurred while loading main class: UnsupportedClassVersionError' >&2
        exit 1
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.resolve(name);
  }

  /** PATH: the tools the launcher uses, and the old java. */
  private String path(Path oldJdk) throws Exception {
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : new String[] {"awk", "cut", "dirname"}) {
      Path link = tools.resolve(tool);
      if (!Files.exists(link)) {
        Path real =
            Files.exists(Path.of("/usr/bin", tool))
                ? Path.of("/usr/bin", tool)
                : Path.of("/bin", tool);
        Files.createSymbolicLink(link, real);
      }
    }
    return tools + ":" + oldJdk.resolve("bin");
  }

  private Result launch(Map<String, String> env, String... args) throws Exception {
    assumeThat(SH).isExecutable();
    String[] command = new String[args.length + 2];
    command[0] = SH.toString();
    command[1] = LAUNCHER.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Path log = Files.createTempFile(dir, "launch", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher exited").isTrue();
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void noJdk21_isSaidClearly_withWhereItLooked_andExitsOne() throws Exception {
    Path old = oldJdk("jdk-17");
    Path emptyJvms = Files.createDirectories(dir.resolve("jvm"));
    Result r =
        launch(
            Map.of(
                "PATH", path(old),
                "JAVA_HOME", old.toString(),
                "BURNRATE_JVM_DIR", emptyJvms.toString()),
            "--version");
    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    assertThat(r.output())
        .contains("burnrate: needs Java 21 or newer")
        .contains("JAVA_HOME (" + old + ")")
        .contains("under " + emptyJvms)
        .contains("java on PATH is Java 17")
        .contains("set JAVA_HOME")
        .doesNotContain("UnsupportedClassVersionError");

    Result unset =
        launch(Map.of("PATH", path(old), "BURNRATE_JVM_DIR", dir.resolve("none").toString()));
    assertThat(unset.exit()).isEqualTo(1);
    assertThat(unset.output()).contains("JAVA_HOME (unset)");
  }

  @Test
  void aJdk21UnderTheJvmDirectory_runsTheJar_whenJavaOnPathAndJavaHomeAreOlder() throws Exception {
    assumeThat(Path.of("target", "burnrate.jar")).exists();
    Path old = oldJdk("jdk-17");
    Path jvms = Files.createDirectories(dir.resolve("jvm"));
    Files.createSymbolicLink(jvms.resolve("current"), Path.of(System.getProperty("java.home")));
    oldJdk("jvm/java-17");
    Result r =
        launch(
            Map.of(
                "PATH", path(old),
                "JAVA_HOME", old.toString(),
                "BURNRATE_JVM_DIR", jvms.toString()),
            "--version");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("burnrate ");

    Result viaJavaHome =
        launch(
            Map.of(
                "PATH", path(old),
                "JAVA_HOME", System.getProperty("java.home"),
                "BURNRATE_JVM_DIR", dir.resolve("none").toString()),
            "--version");
    assertThat(viaJavaHome.exit()).as(viaJavaHome.output()).isZero();
  }
}
