package dev.burnrate.bench.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the benchmarks read of the processes they run: CPU time, memory, ports, readiness. */
final class ProcStats {
  /** Clock ticks per second of {@code /proc/PID/stat}'s times ({@code getconf CLK_TCK}). */
  static final long CLOCK_TICKS = 100;

  private ProcStats() {}

  /** utime + stime of a process, in clock ticks; 0 when it is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The PostgreSQL backends connected to {@code database} on this machine, found by their process
   * title.
   */
  static List<Long> backendsOf(String database) {
    List<Long> pids = new java.util.ArrayList<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String title = new String(Files.readAllBytes(dir.resolve("cmdline")));
          // "postgres: [CLUSTER: ]USER DATABASE HOST(PORT) STATE" (Debian names the cluster).
          List<String> words = List.of(title.replace((char) 0, (char) 32).trim().split("\\s+"));
          if (!words.isEmpty() && words.get(0).equals("postgres:") && words.contains(database)) {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // The process ended meanwhile.
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return pids;
  }

  /** The sum of {@link #cpuTicks(long)} over processes. */
  static long cpuTicks(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      sum += cpuTicks(pid);
    }
    return sum;
  }

  /**
   * A field of {@code /proc/PID/status} (such as {@code VmRSS}) or of {@code
   * /proc/PID/smaps_rollup} (such as {@code Pss}), in KiB; 0 when the process is gone.
   */
  static long memoryKib(long pid, String file, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/" + file))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Gone, or not readable: counts as nothing.
    }
    return 0;
  }

  /** A free TCP port on the loopback address. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits up to a minute for {@code url} to answer 200. */
  static void awaitHttp(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // Not listening yet.
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(url + " did not become ready");
  }
}
