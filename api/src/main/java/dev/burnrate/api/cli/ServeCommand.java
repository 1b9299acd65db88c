package dev.burnrate.api.cli;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigException;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.api.db.DatabaseLocator;
import dev.burnrate.api.observability.LogSetup;
import dev.burnrate.api.server.BurnrateServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code burnrate serve}: the server, configured by a file, the environment and these flags. */
@Command(name = "serve")
final class ServeCommand extends BurnrateCommand {
  @Option(names = "--config", paramLabel = "FILE")
  Path config;

  @Option(names = "--slos", paramLabel = "PATH")
  List<Path> slos = List.of();

  // Text, parsed by the configuration's own reader of the key, so a flag reads as the file does.
  @Option(names = "--port", paramLabel = "N")
  String port;

  @Option(names = "--host", paramLabel = "ADDR")
  String host;

  ServeCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  /** The options as the configuration's overlay; a usage error for a value the key refuses. */
  Cli.ServeOptions options() {
    Map<String, Object> flags = new LinkedHashMap<>();
    try {
      if (port != null) {
        flags.put("server.port", ConfigLoader.parseFlag("--port", "server.port", port));
      }
      if (host != null) {
        flags.put("server.host", ConfigLoader.parseFlag("--host", "server.host", host));
      }
    } catch (ConfigException e) {
      throw usageError(e.getMessage());
    }
    if (!slos.isEmpty()) {
      flags.put("slos.paths", List.copyOf(slos));
    }
    return new Cli.ServeOptions(Optional.ofNullable(config), flags);
  }

  @Override
  public Integer call() {
    Cli.ServeOptions options = options();
    BurnrateConfig config;
    try {
      config = ConfigLoader.load(options.config(), env, options.flags());
    } catch (ConfigException e) {
      err.println("burnrate: " + e.getMessage());
      return Cli.FAILED;
    }
    LogSetup.configure(config.logging().format(), config.logging().level());
    DatabaseLocator.Located database;
    try {
      database = DatabaseLocator.locate(config.database(), err);
    } catch (RuntimeException e) {
      err.println("burnrate: cannot start: " + e.getMessage());
      return Cli.FAILED;
    }
    BurnrateServer server;
    try {
      server = BurnrateServer.start(config, database.url(), Clock.systemUTC());
    } catch (RuntimeException e) {
      err.println("burnrate: cannot start: " + e.getMessage());
      database.embedded().ifPresent(ServeCommand::closeQuietly);
      return Cli.FAILED;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  database.embedded().ifPresent(ServeCommand::closeQuietly);
                },
                "burnrate-shutdown"));
    return Cli.RUNNING;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("burnrate: error while stopping the embedded database: " + e);
    }
  }
}
