package dev.burnrate.api.cli;

import java.io.IOException;
import java.io.PrintStream;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code burnrate report}: asks a running server for the SLO and SLA report of a period, so the
 * command line shows the API's numbers (one computation), and writes it to a file or stdout.
 */
@Command(name = "report")
final class ReportCommand extends BurnrateCommand {
  private static final Set<String> FORMATS = Set.of("json", "csv", "pdf");

  @CommandLine.Mixin ReportPeriod period = new ReportPeriod();

  @Option(names = "--format", paramLabel = "F")
  String format = "json";

  @Option(names = "--service", paramLabel = "NAME")
  String service;

  @Option(names = "--output", paramLabel = "FILE")
  String output;

  @CommandLine.Mixin ApiServerOptions server = new ApiServerOptions();

  ReportCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  /** The API path and query the options ask for. */
  String path() {
    StringBuilder q = new StringBuilder("/api/v1/reports/slos?format=").append(format);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("month", period.month);
    query.put("from", period.from);
    query.put("to", period.to);
    query.put("service", service);
    query.forEach(
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
      throw usageError("--format must be json, csv or pdf; got " + format);
    }
    if (!period.given()) {
      throw usageError("needs --month YYYY-MM, or --from and --to");
    }
    HttpRequest request = server.get(env, path(), Duration.ofMinutes(2));
    HttpResponse<byte[]> res;
    try (HttpClient client = HttpClient.newHttpClient()) {
      res = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      err.println("burnrate report: cannot reach " + server.base(env) + ": " + e.getMessage());
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
      output = "burnrate-report-" + period.label() + ".pdf";
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
