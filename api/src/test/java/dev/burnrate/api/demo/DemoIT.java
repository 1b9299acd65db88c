package dev.burnrate.api.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.slo.definition.AlertRule;
import dev.burnrate.slo.definition.SloFiles;
import dev.burnrate.slo.definition.SloLoadResult;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoIT {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void demo_servesTheExampleSlos_andTheFailureSwitchMakesCheckoutBurn(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TestDatabase db = TestDatabase.create();
        Demo demo =
            Demo.start(
                new Demo.Options(dir, 0, "127.0.0.1", 0, 100),
                Map.of("BURNRATE_DB_URL", db.url()),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      String base = "http://127.0.0.1:" + demo.server().port();
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("Burnrate demo is running")
          .contains(base + "/api/v1/slos")
          .contains("/fail?service=checkout");

      JsonObject healthy =
          await(
              base + "/api/v1/slos/checkout-availability",
              s -> s.getJsonObject("sli").getDouble("total") > 200);
      assertThat(healthy.getJsonObject("errorBudget").getDouble("remaining")).isPositive();

      demo.traffic().fail("checkout", 1.0, 0);

      JsonObject burning =
          await(
              base + "/api/v1/slos/checkout-availability",
              s -> s.getJsonObject("burnRates").getDouble("5m") > 14.4);
      assertThat(burning.getString("service")).isEqualTo("checkout");
      JsonObject catalog = get(base + "/api/v1/slos/catalog-availability");
      assertThat(catalog.getJsonObject("burnRates").getDouble("5m")).isLessThan(14.4);
    }
  }

  @Test
  void demoSlos_areTheExampleSlos_withTheDemosAlertRules(@TempDir Path dir) throws Exception {
    Demo.writeFiles(dir);
    SloLoadResult examples = SloFiles.load(List.of(Path.of("..", "examples", "slos")));
    SloLoadResult demo = SloFiles.load(List.of(dir.resolve("slos")));
    assertThat(demo.valid()).as(demo.toString()).isTrue();
    assertThat(demo.slos())
        .extracting(SloSpec::name)
        .containsExactlyInAnyOrderElementsOf(examples.slos().stream().map(SloSpec::name).toList());
    for (SloSpec example : examples.slos()) {
      SloSpec shipped = demo.slo(example.name()).orElseThrow();
      assertThat(shipped.service()).isEqualTo(example.service());
      assertThat(shipped.objective()).isEqualTo(example.objective());
      assertThat(shipped.window()).isEqualTo(example.window());
      assertThat(shipped.budgetingMethod()).isEqualTo(example.budgetingMethod());
      assertThat(shipped.alertRules().orElseThrow())
          .extracting(AlertRule::name)
          .containsExactlyInAnyOrder("demo-fast-burn", "demo-slow-burn");
    }
    assertThat(Files.readString(dir.resolve("services.yaml")))
        .isEqualTo(Files.readString(Path.of("..", "examples", "services.yaml")));
  }

  private JsonObject await(String url, Predicate<JsonObject> condition) {
    AtomicReference<JsonObject> last = new AtomicReference<>();
    return Await.until(
        "the condition on " + url,
        Duration.ofSeconds(60),
        () -> {
          last.set(get(url));
          return Optional.ofNullable(last.get()).filter(condition);
        },
        () -> "last answer: " + last.get());
  }

  private JsonObject get(String url) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
