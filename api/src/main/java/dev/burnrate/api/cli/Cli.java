package dev.burnrate.api.cli;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigException;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.api.db.DatabaseLocator;
import dev.burnrate.api.demo.DemoCommands;
import dev.burnrate.api.observability.LogSetup;
import dev.burnrate.api.server.BurnrateServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Parses the command line and runs a command. Exit codes: 0 success, 1 failure (invalid files, a
 * server that cannot start), 2 usage errors.
 */
public final class Cli {
  /** Returned by {@link #run} when the server is up and the process must keep running. */
  public static final int RUNNING = -1;

  /** Success. */
  public static final int OK = 0;

  /** The command ran and failed. */
  public static final int FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      Usage: burnrate <command> [options]

      Commands:
        serve      Run the server: ingest, SLO engine, incident bridge, REST API, /metrics
        validate   Check SLO files (OpenSLO v1, Sloth prometheus/v1); exit 0 when all are valid
        demo       The server with example SLOs and demo traffic that can be made to fail
        demo-traffic  Only the demo traffic, against a running server
        report     The SLO and SLA report of a month from a running server (json, csv, pdf)
        health     Exit 0 when a running server answers ready on /health/ready, 1 otherwise
        help       Show this help

      serve options:
        --config FILE   Read burnrate.yaml from FILE (without it, the defaults serve)
        --slos PATH     An SLO file or a directory of them; repeatable; replaces slos.paths
        --port N        The HTTP port; overrides server.port and BURNRATE_PORT
        --host ADDR     The address to bind; overrides server.host

      validate FILE...  Files or directories; each problem is printed as file:line:column: message

      %s
      %s
      %s
      Options:
        -h, --help      Show this help
        --version       Print the version

      Environment: BURNRATE_DB_URL (a JDBC URL), BURNRATE_ADMIN_TOKEN, BURNRATE_PORT, and
      BURNRATE_<SECTION>_<KEY> for any key (BURNRATE_SERVER_PORT, BURNRATE_ENGINE_TICK_INTERVAL).
      See docs/configuration.md.
      """
          .formatted(DemoCommands.USAGE_TEXT, ReportCommand.USAGE_TEXT, HealthCommand.USAGE_TEXT);

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /** A command line writing to {@code out} and {@code err}, reading {@code env}. */
  public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.env = Map.copyOf(env);
  }

  /** A usage error: the message and the hint to read the help. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** Runs {@code args}; returns the exit code, or {@link #RUNNING} for a server that is up. */
  public int run(String[] args) {
    try {
      return dispatch(List.of(args));
    } catch (UsageException e) {
      err.println("burnrate: " + e.getMessage());
      err.println("Run 'burnrate --help' for usage.");
      return USAGE;
    }
  }

  private int dispatch(List<String> args) {
    if (args.isEmpty()) {
      err.print(USAGE_TEXT);
      return USAGE;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (command) {
      case "-h", "--help", "help" -> {
        out.print(USAGE_TEXT);
        yield OK;
      }
      case "--version", "version" -> {
        out.println("burnrate " + version());
        yield OK;
      }
      case "serve" -> serve(rest);
      case "validate" -> validate(rest);
      case "demo" -> help(rest) ? printHelp() : DemoCommands.demo(rest, env, out, err);
      case "demo-traffic" -> help(rest) ? printHelp() : DemoCommands.traffic(rest, env, out, err);
      case "report" -> help(rest) ? printHelp() : ReportCommand.run(rest, env, out, err);
      case "health" -> help(rest) ? printHelp() : HealthCommand.run(rest, env, out, err);
      default ->
          throw new UsageException(
              command.startsWith("-")
                  ? "unknown option " + command
                  : "unknown command '" + command + "'");
    };
  }

  private static boolean help(List<String> args) {
    return args.contains("-h") || args.contains("--help");
  }

  private int printHelp() {
    out.print(USAGE_TEXT);
    return OK;
  }

  /** The options of {@code serve}, parsed. */
  record ServeOptions(Optional<Path> config, Map<String, Object> flags) {}

  static ServeOptions parseServe(List<String> args) {
    Optional<Path> config = Optional.empty();
    Map<String, Object> flags = new LinkedHashMap<>();
    List<Path> slos = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> throw new HelpRequested();
        case "--config", "--slos", "--port", "--host" -> {
          if (value == null) {
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
              throw new UsageException(name + " needs a value");
            }
            value = args.get(++i);
          }
          try {
            switch (name) {
              case "--config" -> config = Optional.of(Path.of(value));
              case "--slos" -> slos.add(Path.of(value));
              case "--port" ->
                  flags.put("server.port", ConfigLoader.parseFlag(name, "server.port", value));
              default ->
                  flags.put("server.host", ConfigLoader.parseFlag(name, "server.host", value));
            }
          } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
          }
        }
        default ->
            throw new UsageException(
                arg.startsWith("-")
                    ? "serve: unknown option " + arg
                    : "serve: unexpected argument '" + arg + "'");
      }
    }
    if (!slos.isEmpty()) {
      flags.put("slos.paths", List.copyOf(slos));
    }
    return new ServeOptions(config, flags);
  }

  /** Thrown by option parsing when a command's help is asked for. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help");
    }
  }

  private int serve(List<String> args) {
    ServeOptions options;
    try {
      options = parseServe(args);
    } catch (HelpRequested h) {
      out.print(USAGE_TEXT);
      return OK;
    }
    BurnrateConfig config;
    try {
      config = ConfigLoader.load(options.config(), env, options.flags());
    } catch (ConfigException e) {
      err.println("burnrate: " + e.getMessage());
      return FAILED;
    }
    LogSetup.configure(config.logging().format(), config.logging().level());
    DatabaseLocator.Located database;
    try {
      database = DatabaseLocator.locate(config.database(), err);
    } catch (RuntimeException e) {
      err.println("burnrate: cannot start: " + e.getMessage());
      return FAILED;
    }
    BurnrateServer server;
    try {
      server = BurnrateServer.start(config, database.url(), Clock.systemUTC());
    } catch (RuntimeException e) {
      err.println("burnrate: cannot start: " + e.getMessage());
      database.embedded().ifPresent(Cli::closeQuietly);
      return FAILED;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  database.embedded().ifPresent(Cli::closeQuietly);
                },
                "burnrate-shutdown"));
    return RUNNING;
  }

  private int validate(List<String> args) {
    if (args.isEmpty()) {
      throw new UsageException("validate needs at least one SLO file or directory");
    }
    List<Path> paths = new ArrayList<>();
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        out.print(USAGE_TEXT);
        return OK;
      }
      if (a.startsWith("-")) {
        throw new UsageException("validate: unknown option " + a);
      }
      paths.add(Path.of(a));
    }
    return ValidateCommand.run(paths, out, err);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("burnrate: error while stopping the embedded database: " + e);
    }
  }

  /** The version from the build, or {@code dev} when run from classes. */
  static String version() {
    try (InputStream in = Cli.class.getResourceAsStream("/dev/burnrate/api/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the default
    }
    return "dev";
  }
}
