package dev.burnrate.api.cli;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigException;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.yaml.Durations;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code burnrate health}: asks a running server's {@code GET /health/ready} and exits 0 when it
 * answers ready, 1 otherwise (a container health check needs no shell tricks or curl).
 */
@Command(name = "health")
final class HealthCommand extends BurnrateCommand {
  @Option(names = "--url", paramLabel = "URL")
  String url;

  @CommandLine.Mixin ConfigOptions configuration = new ConfigOptions();

  @Option(names = "--timeout", paramLabel = "DURATION")
  String timeout;

  HealthCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    Map<String, String> options = given(spec);
    URI target;
    Duration wait;
    try {
      target = url(options, env);
      wait = timeout(options);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("burnrate: health: " + e.getMessage());
      return Cli.FAILED;
    }
    return check(target, wait, out, err);
  }

  /** The options given, by name; a usage error for unknown or valueless ones. */
  static Map<String, String> parse(List<String> args) {
    CommandLine line = new CommandLine(new HealthCommand(Map.of(), System.out, System.err));
    line.parseArgs(args.toArray(String[]::new));
    return given(line.getCommandSpec());
  }

  /** The options of a parsed command that were given, by their long name, with their text. */
  private static Map<String, String> given(CommandLine.Model.CommandSpec spec) {
    Map<String, String> options = new LinkedHashMap<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      options.put(o.longestName(), o.getValue());
    }
    return options;
  }

  /** The readiness URL: {@code --url}, or the configured address with the loopback for "any". */
  static URI url(Map<String, String> options, Map<String, String> env) {
    String given = options.get("--url");
    if (given != null) {
      URI uri;
      try {
        uri = URI.create(given);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--url is not a URL: " + given, e);
      }
      if (uri.getScheme() == null
          || !Set.of("http", "https").contains(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "--url must be an http(s) URL such as http://127.0.0.1:8080, got " + given);
      }
      String path = uri.getRawPath();
      return path == null || path.isEmpty() || path.equals("/")
          ? uri.resolve("/health/ready")
          : uri;
    }
    Map<String, Object> flags = new LinkedHashMap<>();
    if (options.containsKey("--port")) {
      flags.put(
          "server.port", ConfigLoader.parseFlag("--port", "server.port", options.get("--port")));
    }
    BurnrateConfig config =
        ConfigLoader.load(Optional.ofNullable(options.get("--config")).map(Path::of), env, flags);
    BurnrateConfig.Server server = config.server();
    String host = server.host();
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String scheme = server.tlsCert().isPresent() ? "https" : "http";
    return URI.create(scheme + "://" + host + ":" + server.port() + "/health/ready");
  }

  private static Duration timeout(Map<String, String> options) {
    String text = options.get("--timeout");
    if (text == null) {
      return Duration.ofSeconds(5);
    }
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--timeout: " + e.getMessage(), e);
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("--timeout must be longer than 0, got " + text);
    }
    return d;
  }

  private static int check(URI url, Duration timeout, PrintStream out, PrintStream err) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpResponse<String> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(url)
                  .timeout(timeout)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      err.println(
          "burnrate: not ready: " + url + " gave no answer within " + timeout.toMillis() + " ms");
      return Cli.FAILED;
    } catch (IOException e) {
      err.println("burnrate: not ready: cannot reach " + url + ": " + describe(e));
      return Cli.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("burnrate: not ready: interrupted while asking " + url);
      return Cli.FAILED;
    }
    JsonObject body = json(response.body());
    if (response.statusCode() == 200 && "ready".equals(body.getString("status"))) {
      out.println("ready: " + url);
      return Cli.OK;
    }
    String detail = body.getString("detail", body.getString("status", ""));
    err.println(
        "burnrate: not ready: "
            + url
            + " answered "
            + response.statusCode()
            + (detail.isBlank() ? "" : ": " + detail));
    return Cli.FAILED;
  }

  private static JsonObject json(String body) {
    try {
      return new JsonObject(body == null || body.isBlank() ? "{}" : body);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static String describe(IOException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
