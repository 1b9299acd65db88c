package dev.burnrate.api.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code burnrate report}: asks a running server for the SLO and SLA report of a period, so the
 * command line shows the API's numbers (one computation), and writes it to a file or stdout.
 */
final class ReportCommand {
  static final String USAGE_TEXT =
      """
      report options (asks a running server; the numbers are the API's):
        --month YYYY-MM     The calendar month (UTC), or --from DATE --to DATE (to excluded)
        --format F          json (default), csv or pdf
        --service NAME      One service only
        --output FILE       Where to write (default: stdout; pdf: burnrate-report-PERIOD.pdf)
        --server URL        The server (default BURNRATE_URL or http://localhost:8080)
        --token TOKEN       A token with the read scope (default BURNRATE_TOKEN)
      """;

  private static final Set<String> OPTIONS =
      Set.of(
          "--month", "--from", "--to", "--format", "--service", "--output", "--server", "--token");

  private ReportCommand() {}

  /** The options, parsed; a usage error for unknown or valueless ones. */
  static Map<String, String> parse(List<String> args) {
    Map<String, String> options = CommandOptions.parse("report", args, OPTIONS);
    String format = options.getOrDefault("--format", "json");
    if (!Set.of("json", "csv", "pdf").contains(format)) {
      throw new Cli.UsageException("--format must be json, csv or pdf; got " + format);
    }
    if (!options.containsKey("--month")
        && !(options.containsKey("--from") && options.containsKey("--to"))) {
      throw new Cli.UsageException("report needs --month YYYY-MM, or --from and --to");
    }
    return options;
  }

  /** The API path and query the options ask for. */
  static String path(Map<String, String> o) {
    StringBuilder q = new StringBuilder("/api/v1/reports/slos?format=");
    q.append(o.getOrDefault("--format", "json"));
    for (String key : List.of("--month", "--from", "--to", "--service")) {
      if (o.containsKey(key)) {
        q.append('&')
            .append(key.substring(2))
            .append('=')
            .append(URLEncoder.encode(o.get(key), StandardCharsets.UTF_8));
      }
    }
    return q.toString();
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> o = parse(args);
    String server =
        o.getOrDefault("--server", env.getOrDefault("BURNRATE_URL", "http://localhost:8080"));
    String token = o.getOrDefault("--token", env.get("BURNRATE_TOKEN"));
    String format = o.getOrDefault("--format", "json");
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path(o)))
              .timeout(Duration.ofMinutes(2))
              .GET();
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException("--server is not a URL: " + server);
    }
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> res;
    try (HttpClient client = HttpClient.newHttpClient()) {
      res = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      err.println("burnrate report: cannot reach " + server + ": " + e.getMessage());
      return Cli.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.FAILED;
    }
    if (res.statusCode() != 200) {
      err.println(
          "burnrate report: the server answered "
              + res.statusCode()
              + ": "
              + new String(res.body(), StandardCharsets.UTF_8));
      return Cli.FAILED;
    }
    String output = o.get("--output");
    if (output == null && format.equals("pdf")) {
      String period =
          o.containsKey("--month") ? o.get("--month") : o.get("--from") + "-to-" + o.get("--to");
      output = "burnrate-report-" + period + ".pdf";
    }
    try {
      if (output == null) {
        out.write(res.body());
        out.flush();
      } else {
        Files.write(Path.of(output), res.body());
        err.println("wrote " + output + " (" + res.body().length + " bytes)");
      }
    } catch (IOException e) {
      err.println("burnrate report: cannot write " + output + ": " + e.getMessage());
      return Cli.FAILED;
    }
    return Cli.OK;
  }
}
