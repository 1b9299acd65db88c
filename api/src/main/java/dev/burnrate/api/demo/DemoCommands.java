package dev.burnrate.api.demo;

import dev.burnrate.api.cli.BurnrateCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command lines of {@code burnrate demo} and {@code burnrate demo-traffic}. */
public final class DemoCommands {
  /** The server runs on; the process must keep running. */
  public static final int RUNNING = -1;

  private static final int FAILED = 1;

  private DemoCommands() {}

  /** The failure switch's options, which both commands take. */
  static final class ControlOptions {
    @Option(names = "--control-port", paramLabel = "N")
    int port = 9100;

    @Option(names = "--control-host", paramLabel = "ADDR")
    String host = TrafficGenerator.Settings.LOOPBACK;

    @Option(names = "--events-per-second", paramLabel = "N")
    int eventsPerSecond = 200;
  }

  /** {@code burnrate demo}: the server, the example SLOs and services, and demo traffic. */
  @Command(name = "demo")
  public static final class DemoCommand extends BurnrateCommand {
    @CommandLine.Mixin ControlOptions control = new ControlOptions();

    @Option(names = "--port", paramLabel = "N")
    int port = 8080;

    @Option(names = "--dir", paramLabel = "DIR")
    Path dir = Path.of("data/demo");

    /** The command, reading {@code env} and writing to {@code out} and {@code err}. */
    public DemoCommand(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    Demo.Options options() {
      return new Demo.Options(dir, port, control.host, control.port, control.eventsPerSecond);
    }

    /** Starts the demo; returns {@link #RUNNING} when it is up. */
    @Override
    public Integer call() {
      try {
        Demo demo = Demo.start(options(), env, out);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "burnrate-demo-shutdown"));
        return RUNNING;
      } catch (IOException | RuntimeException e) {
        err.println("burnrate: demo cannot start: " + e.getMessage());
        return FAILED;
      }
    }
  }

  /** {@code burnrate demo-traffic}: only the traffic, against a running server. */
  @Command(name = "demo-traffic")
  public static final class TrafficCommand extends BurnrateCommand {
    @CommandLine.Mixin ControlOptions control = new ControlOptions();

    @Option(names = "--target", paramLabel = "URL")
    String target;

    @Option(names = "--token", paramLabel = "TOKEN")
    String token;

    @Option(names = "--services", paramLabel = "A,B", split = ",", hideParamSyntax = true)
    List<String> services = List.of("checkout", "catalog");

    /** The command, reading {@code env} and writing to {@code out} and {@code err}. */
    public TrafficCommand(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    TrafficGenerator.Settings settings() {
      if (target == null) {
        throw usageError("--target URL is required");
      }
      URI uri = URI.create(target);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw usageError("--target must be a URL such as http://host:8080");
      }
      return new TrafficGenerator.Settings(
          uri,
          Optional.ofNullable(token != null ? token : env.get("BURNRATE_DEMO_TOKEN")),
          services.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
          control.eventsPerSecond,
          control.host,
          control.port,
          0.0005);
    }

    /** Starts the traffic; returns {@link #RUNNING} when it is up. */
    @Override
    public Integer call() {
      TrafficGenerator.Settings settings = settings();
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
  }

  /** The options of {@code burnrate demo}, parsed and checked. */
  static Demo.Options demoOptions(List<String> args) {
    DemoCommand demo = new DemoCommand(Map.of(), System.out, System.err);
    new CommandLine(demo).parseArgs(args.toArray(String[]::new));
    return demo.options();
  }

  /** The settings of {@code burnrate demo-traffic}, parsed and checked. */
  static TrafficGenerator.Settings trafficSettings(List<String> args, Map<String, String> env) {
    TrafficCommand traffic = new TrafficCommand(env, System.out, System.err);
    new CommandLine(traffic).parseArgs(args.toArray(String[]::new));
    return traffic.settings();
  }
}
