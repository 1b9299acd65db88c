package dev.burnrate.api.demo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.api.db.DatabaseLocator;
import dev.burnrate.api.observability.LogSetup;
import dev.burnrate.api.server.BurnrateServer;
import dev.burnrate.slo.definition.SloSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code burnrate demo}: the server with the example SLOs and services, and demo traffic with a
 * failure switch, in one process.
 */
public final class Demo implements AutoCloseable {
  /**
   * The demo files shipped in the jar, relative to {@link #RESOURCES}: the configuration, the
   * example services, and the example SLOs with alert rules sized for a demo ({@code slos/}), so
   * that a failure opens an incident within minutes and its recovery resolves it within minutes.
   */
  static final List<String> FILES =
      List.of(
          "burnrate.yaml",
          "examples/services.yaml",
          "slos/demo-alerts.openslo.yaml",
          "slos/checkout.openslo.yaml",
          "slos/catalog.openslo.yaml");

  private static final String RESOURCES = "/dev/burnrate/api/demo/";

  /**
   * How the demo runs.
   *
   * @param directory where the demo's configuration and SLO files are written
   * @param port the HTTP port of the server (0: any free port)
   * @param controlHost the address the failure switch binds (127.0.0.1 by default: it has no
   *     authentication)
   * @param controlPort the port of the traffic generator's failure switch (0: any free port)
   * @param eventsPerSecond events per second per service
   */
  public record Options(
      Path directory, int port, String controlHost, int controlPort, int eventsPerSecond) {
    /** Checks the options. */
    public Options {
      requireNonNull(directory, "directory");
      requireNonNull(controlHost, "controlHost");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
      }
      if (controlPort < 0 || controlPort > 65_535) {
        throw new IllegalArgumentException("controlPort must be in [0, 65535], got " + controlPort);
      }
    }
  }

  private final BurnrateServer server;
  private final TrafficGenerator traffic;
  private final Optional<AutoCloseable> embeddedDatabase;

  private Demo(
      BurnrateServer server, TrafficGenerator traffic, Optional<AutoCloseable> embeddedDatabase) {
    this.server = server;
    this.traffic = traffic;
    this.embeddedDatabase = embeddedDatabase;
  }

  /**
   * Writes the demo files, starts the server and the traffic, and prints where to look.
   *
   * @param env the environment (BURNRATE_DB_URL and other overrides apply as for serve)
   */
  public static Demo start(Options options, Map<String, String> env, PrintStream out)
      throws IOException {
    Path config = writeFiles(options.directory());
    BurnrateConfig settings =
        ConfigLoader.load(Optional.of(config), env, Map.of("server.port", options.port()));
    LogSetup.configure(settings.logging().format(), settings.logging().level());
    DatabaseLocator.Located database = DatabaseLocator.locate(settings.database(), out);
    BurnrateServer server;
    try {
      server = BurnrateServer.start(settings, database.url(), Clock.systemUTC());
    } catch (RuntimeException e) {
      database.embedded().ifPresent(Demo::closeQuietly);
      throw e;
    }
    TrafficGenerator traffic;
    try {
      List<String> services =
          server.catalog().specs().stream().map(SloSpec::service).distinct().sorted().toList();
      traffic =
          TrafficGenerator.start(
              new TrafficGenerator.Settings(
                  URI.create("http://127.0.0.1:" + server.port()),
                  Optional.empty(),
                  services,
                  options.eventsPerSecond(),
                  options.controlHost(),
                  options.controlPort(),
                  0.0005),
              Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      server.close();
      database.embedded().ifPresent(Demo::closeQuietly);
      throw e;
    }
    Demo demo = new Demo(server, traffic, database.embedded());
    demo.printWelcome(out, options.directory());
    return demo;
  }

  private void printWelcome(PrintStream out, Path directory) {
    String base = "http://127.0.0.1:" + server.port();
    String control = "http://127.0.0.1:" + traffic.controlPort();
    out.printf(
        """

        Burnrate demo is running (SLO files in %s).
          SLOs:           %s/api/v1/slos
          One SLO:        %s/api/v1/slos/checkout-availability
          Incidents:      %s/api/v1/incidents
          Metrics:        %s/metrics
          API document:   %s/openapi.yaml
        Make checkout fail, then watch its burn rate and the incident it opens:
          curl -X POST '%s/fail?service=checkout&errorRate=0.5'
        Heal it:
          curl -X POST '%s/recover'
        Stop with Ctrl-C.

        """,
        directory.toAbsolutePath(), base, base, base, base, base, control, control);
    out.flush();
  }

  /** Writes the shipped demo files under {@code directory}; returns the configuration file. */
  static Path writeFiles(Path directory) {
    try {
      for (String name : FILES) {
        Path target = directory.resolve(name.replaceFirst("^examples/", ""));
        Files.createDirectories(target.getParent());
        try (InputStream in = Demo.class.getResourceAsStream(RESOURCES + name)) {
          if (in == null) {
            throw new IllegalStateException("the jar lacks the demo file " + name);
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return directory.resolve("burnrate.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo files to " + directory, e);
    }
  }

  /** The running server. */
  public BurnrateServer server() {
    return server;
  }

  /** The running traffic generator. */
  public TrafficGenerator traffic() {
    return traffic;
  }

  /** Stops the traffic, the server and the embedded database if one was started. */
  @Override
  public void close() {
    traffic.close();
    server.close();
    embeddedDatabase.ifPresent(Demo::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Stopping: nothing more to do with it.
    }
  }
}
