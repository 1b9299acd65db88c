package dev.burnrate.api.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command lines of {@code burnrate demo} and {@code burnrate demo-traffic}. */
public final class DemoCommands {
  /** The server runs on; the process must keep running. */
  public static final int RUNNING = -1;

  private static final int FAILED = 1;
  private static final int USAGE = 2;

  /** The help of both commands. */
  public static final String USAGE_TEXT =
      """
      demo options (the server, the example SLOs and services, and demo traffic in one process):
        --port N               The HTTP port (default 8080)
        --control-port N       The failure switch of the demo traffic (default 9100)
        --control-host ADDR    The address the failure switch binds (default 127.0.0.1; it has
                               no authentication, so bind 0.0.0.0 only inside a private network)
        --events-per-second N  Events per second per service (default 200)
        --dir DIR              Where the demo's files are written (default ./data/demo)

      demo-traffic options (only the traffic, against a running server):
        --target URL           The server, e.g. http://burnrate:8080 (required)
        --token TOKEN          A token with the ingest scope (or BURNRATE_DEMO_TOKEN)
        --services A,B         The services to simulate (default checkout,catalog)
        --control-port N       The failure switch (default 9100)
        --control-host ADDR    The address the failure switch binds (default 127.0.0.1)
        --events-per-second N  Events per second per service (default 200)
      """;

  private DemoCommands() {}

  /** Runs {@code burnrate demo}; returns {@link #RUNNING} when it is up. */
  public static int demo(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Demo.Options options;
    try {
      options = demoOptions(args);
    } catch (IllegalArgumentException e) {
      return usage(err, "demo: " + e.getMessage());
    }
    try {
      Demo demo = Demo.start(options, env, out);
      Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "burnrate-demo-shutdown"));
      return RUNNING;
    } catch (IOException | RuntimeException e) {
      err.println("burnrate: demo cannot start: " + e.getMessage());
      return FAILED;
    }
  }

  /** Runs {@code burnrate demo-traffic}; returns {@link #RUNNING} when it is up. */
  public static int traffic(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    TrafficGenerator.Settings settings;
    try {
      settings = trafficSettings(args, env);
    } catch (IllegalArgumentException e) {
      return usage(err, "demo-traffic: " + e.getMessage());
    }
    try {
      TrafficGenerator generator = TrafficGenerator.start(settings, Clock.systemUTC());
      out.printf(
          "demo traffic to %s; make a service fail with:%n"
              + "  curl -X POST 'http://localhost:%d/fail?service=%s&errorRate=0.5'%n"
              + "(the switch listens on %s)%n",
          settings.target(),
          generator.controlPort(),
          settings.services().get(0),
          settings.controlHost());
      Runtime.getRuntime()
          .addShutdownHook(new Thread(generator::close, "burnrate-traffic-shutdown"));
      return RUNNING;
    } catch (IOException e) {
      err.println("burnrate: demo-traffic cannot start: " + e.getMessage());
      return FAILED;
    }
  }

  /** The options of {@code burnrate demo}, parsed and checked. */
  static Demo.Options demoOptions(List<String> args) {
    Map<String, String> o =
        options(
            args,
            Set.of("--port", "--control-port", "--control-host", "--events-per-second", "--dir"));
    return new Demo.Options(
        Path.of(o.getOrDefault("--dir", "data/demo")),
        integer(o, "--port", 8080),
        o.getOrDefault("--control-host", TrafficGenerator.Settings.LOOPBACK),
        integer(o, "--control-port", 9100),
        integer(o, "--events-per-second", 200));
  }

  /** The settings of {@code burnrate demo-traffic}, parsed and checked. */
  static TrafficGenerator.Settings trafficSettings(List<String> args, Map<String, String> env) {
    Map<String, String> o =
        options(
            args,
            Set.of(
                "--target",
                "--token",
                "--services",
                "--control-host",
                "--control-port",
                "--events-per-second"));
    String target = o.get("--target");
    if (target == null) {
      throw new IllegalArgumentException("--target URL is required");
    }
    URI uri = URI.create(target);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("--target must be a URL such as http://host:8080");
    }
    return new TrafficGenerator.Settings(
        uri,
        Optional.ofNullable(o.getOrDefault("--token", env.get("BURNRATE_DEMO_TOKEN"))),
        Arrays.stream(o.getOrDefault("--services", "checkout,catalog").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        integer(o, "--events-per-second", 200),
        o.getOrDefault("--control-host", TrafficGenerator.Settings.LOOPBACK),
        integer(o, "--control-port", 9100),
        0.0005);
  }

  private static int usage(PrintStream err, String message) {
    err.println("burnrate: " + message);
    err.println("Run 'burnrate --help' for usage.");
    return USAGE;
  }

  /** Parses {@code --name value} and {@code --name=value} pairs; help is handled by the caller. */
  static Map<String, String> options(List<String> args, Set<String> allowed) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            arg.startsWith("-") ? "unknown option " + arg : "unexpected argument '" + arg + "'");
      }
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      out.put(name, value);
    }
    return out;
  }

  private static int integer(Map<String, String> options, String name, int fallback) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
  }
}
