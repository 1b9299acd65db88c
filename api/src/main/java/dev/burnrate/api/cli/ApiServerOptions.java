package dev.burnrate.api.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a command finds a running server's API and the token it sends: {@code --server} and {@code
 * --token}, defaulting to {@code BURNRATE_URL} and {@code BURNRATE_TOKEN}.
 */
final class ApiServerOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec command;

  @Option(names = "--server", paramLabel = "URL")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN")
  String token;

  /** The server's base URL: {@code --server}, else {@code BURNRATE_URL}, else localhost:8080. */
  String base(Map<String, String> env) {
    return server != null ? server : env.getOrDefault("BURNRATE_URL", "http://localhost:8080");
  }

  /** A GET of {@code path} on the server, with the bearer token when there is one. */
  HttpRequest get(Map<String, String> env, String path, Duration timeout) {
    String base = base(env);
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
              .timeout(timeout)
              .GET();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--server is not a URL: " + base);
    }
    String bearer = token != null ? token : env.get("BURNRATE_TOKEN");
    if (bearer != null && !bearer.isBlank()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request.build();
  }
}
