package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics exposes every metric docs/metrics.md lists, and docs/metrics.md lists every burnrate_
 * metric.
 */
class MetricsIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Metric names in the first column of the tables in docs/metrics.md. */
  static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)`")
            .matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  static Set<String> exposed(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ").matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void metrics_exposeEveryDocumentedName_andDocumentEveryBurnrateName() throws IOException {
    // Traffic first, so the per-request and auth meters exist.
    server.get("/health/live");
    server.call("POST", "/api/v1/tokens", "{}", null);
    server.call("GET", "/api/v1/tokens", null, "brt_unknown");
    HttpResponse<String> r = server.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    Set<String> exposed = exposed(r.body());
    Set<String> documented = documented();
    assertThat(documented).isNotEmpty();
    assertThat(exposed).as("documented metrics missing from /metrics").containsAll(documented);
    assertThat(documented)
        .as("burnrate_ metrics missing from docs/metrics.md")
        .containsAll(exposed.stream().filter(n -> n.startsWith("burnrate_")).toList());
  }
}
