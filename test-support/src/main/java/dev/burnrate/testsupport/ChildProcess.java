package dev.burnrate.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real binary run as a child process, its output in a log file that failures quote. */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, with standard output and error going to {@code log}. */
  public static ChildProcess start(String name, List<String> command, Path log) {
    return start(name, command, log, java.util.Map.of());
  }

  /**
   * Starts {@code command} with {@code env} added to this process's environment minus its {@code
   * BURNRATE_} variables (so the child reads only what the test gives it).
   */
  public static ChildProcess start(
      String name, List<String> command, Path log, java.util.Map<String, String> env) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      if (!env.isEmpty()) {
        pb.environment().keySet().removeIf(k -> k.startsWith("BURNRATE_"));
        pb.environment().putAll(env);
      }
      Process p = pb.start();
      return new ChildProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * A loopback port that was free a moment ago, for a child that needs its port on the command
   * line.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The executable {@code name} on the PATH or in /usr/bin (where the Debian packages put it), if
   * installed.
   */
  public static Optional<Path> binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin"))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Fails at once, with its log, when the process has exited: waiting for it would be in vain. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(name + " has stopped\n" + logTail(30));
    }
  }

  /** The last lines of its output, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
      String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
      return "--- "
          + name
          + " ("
          + state
          + "), last "
          + tail.size()
          + " lines of "
          + log
          + ":\n"
          + String.join("\n", tail);
    } catch (IOException e) {
      return "--- " + name + ": cannot read " + log + ": " + e.getMessage();
    }
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Kills the process at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends a signal by name, such as {@code STOP} (freezes it, as a stuck process or a paused VM) or
   * {@code CONT}, with {@code kill(1)}.
   */
  public void signal(String signal) {
    try {
      Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asks the process to stop (SIGTERM), then kills it if it has not stopped within 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
