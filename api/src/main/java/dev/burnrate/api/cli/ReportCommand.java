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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code burnrate report}: asks a running server for the SLO and SLA report of a period, so the
 * command line shows the API's numbers (one computation), and writes it to a file or stdout.
 */
@Command(name = "report")
final class ReportCommand implements Callable<Integer> {
  private static final Set<String> FORMATS = Set.of("json", "csv", "pdf");

  @CommandLine.Mixin HelpOption help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--month", paramLabel = "YYYY-MM")
  String month;

  @Option(names = "--from", paramLabel = "DATE")
  String from;

  @Option(names = "--to", paramLabel = "DATE")
  String to;

  @Option(names = "--format", paramLabel = "F")
  String format = "json";

  @Option(names = "--service", paramLabel = "NAME")
  String service;

  @Option(names = "--output", paramLabel = "FILE")
  String output;

  @Option(names = "--server", paramLabel = "URL")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN")
  String token;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  ReportCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** The API path and query the options ask for. */
  String path() {
    StringBuilder q = new StringBuilder("/api/v1/reports/slos?format=").append(format);
    Map<String, String> period = new LinkedHashMap<>();
    period.put("month", month);
    period.put("from", from);
    period.put("to", to);
    period.put("service", service);
    period.forEach(
        (key, value) -> {
          if (value != null) {
            q.append('&')
                .append(key)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  @Override
  public Integer call() {
    if (!FORMATS.contains(format)) {
      throw new ParameterException(
          spec.commandLine(), "--format must be json, csv or pdf; got " + format);
    }
    if (month == null && (from == null || to == null)) {
      throw new ParameterException(spec.commandLine(), "needs --month YYYY-MM, or --from and --to");
    }
    String base =
        server != null ? server : env.getOrDefault("BURNRATE_URL", "http://localhost:8080");
    String bearer = token != null ? token : env.get("BURNRATE_TOKEN");
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path()))
              .timeout(Duration.ofMinutes(2))
              .GET();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--server is not a URL: " + base);
    }
    if (bearer != null && !bearer.isBlank()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<byte[]> res;
    try (HttpClient client = HttpClient.newHttpClient()) {
      res = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      err.println("burnrate report: cannot reach " + base + ": " + e.getMessage());
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
    String output = this.output;
    if (output == null && format.equals("pdf")) {
      output = "burnrate-report-" + (month != null ? month : from + "-to-" + to) + ".pdf";
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
