package dev.burnrate.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import dev.burnrate.api.slo.SloFixtures;
import dev.burnrate.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console in a real headless Chromium against a real server: a burning SLO in the list, charts
 * drawn from the API's numbers, an incident acknowledged from its page, the change gate's form, and
 * screenshots for the README.
 */
class ConsoleBrowserIT {
  static final String SLO = SloFixtures.CHECKOUT_SLO;

  @TempDir static Path dir;
  static TestServer server;
  static String writeToken;
  static String writeTokenId;
  static String incidentKey;
  ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.executable("chromedriver"); // nothing to start when the browser is missing
    if (Browser.executable("chromium").isEmpty() || Browser.executable("chromedriver").isEmpty()) {
      return;
    }
    Files.writeString(dir.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    Files.writeString(dir.resolve("search.yaml"), SloFixtures.SEARCH);
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", dir.toString(),
                "BURNRATE_ENGINE_TICK_INTERVAL", "1h",
                "BURNRATE_SLOS_WATCH", "false"));
    String ingest = token(server, "ingest");
    JsonObject write = newToken(server, "write");
    writeToken = write.getString("token");
    writeTokenId = write.getString("id");
    // The last hour of traffic: checkout fails more and more in the last 20 minutes, search is
    // fine.
    Instant now = Instant.now();
    StringBuilder events = new StringBuilder();
    for (int m = 60; m >= 1; m--) {
      long ts = now.minusSeconds(60L * m).toEpochMilli();
      int failing = m <= 20 ? (21 - m) * 2 : m % 7 == 0 ? 1 : 0;
      for (int i = 0; i < 50; i++) {
        events.append(event(ts, "checkout", i < failing ? 500 : 200)).append('\n');
        events.append(event(ts, "search", i == 0 && m % 5 == 0 ? 503 : 200)).append('\n');
      }
    }
    HttpResponse<String> r =
        server.send(
            server
                .request("/api/v1/events")
                .header("Authorization", "Bearer " + ingest)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    incidentKey =
        Await.until(
            "the burn to open an incident",
            Duration.ofSeconds(30),
            () -> {
              server.server().ticker().tick();
              JsonArray items =
                  new JsonObject(server.get("/api/v1/incidents?slo=" + SLO).body())
                      .getJsonArray("items");
              return items == null || items.isEmpty()
                  ? Optional.<String>empty()
                  : Optional.of(items.getJsonObject(0).getString("key"));
            });
  }

  static String event(long ts, String service, int status) {
    return new JsonObject()
        .put("ts", ts)
        .put("service", service)
        .put("route", "/")
        .put("method", "GET")
        .put("status", status)
        .put("duration_ms", 20.0)
        .encode();
  }

  static String token(TestServer s, String scope) {
    return newToken(s, scope).getString("token");
  }

  static JsonObject newToken(TestServer s, String scope) {
    HttpResponse<String> r =
        s.call(
            "POST",
            "/api/v1/tokens",
            new JsonObject().put("name", scope).put("scopes", new JsonArray().add(scope)).encode(),
            TestServer.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.start(1280, 900);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  void open(String hash, String ready) {
    browser.get(server.base() + "/" + hash);
    Browser.ready(browser, ready);
  }

  void useToken(String token) {
    Browser.find(browser, "#token-button").click();
    Browser.find(browser, "#token-input").sendKeys(token);
    browser.findElement(By.id("token-save")).click();
  }

  @Test
  void burningSlo_appearsInTheList_firing_andFirstByBudgetLeft() {
    open("#/slos", "slos");
    // The list updates itself: the incident's link shows once the bridge has linked it.
    WebElement row =
        Browser.waiting(browser)
            .until(
                d -> {
                  WebElement r = d.findElement(By.cssSelector("tr[data-slo='" + SLO + "']"));
                  return r.getText().contains(incidentKey) ? r : null;
                });
    assertThat(row.getDomAttribute("data-state")).isEqualTo("firing");
    List<WebElement> rows = browser.findElements(By.cssSelector("#slo-table tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getDomAttribute("data-slo")).isEqualTo(SLO);
    assertThat(row.getText()).contains(incidentKey);

    browser.findElement(By.id("slo-search")).sendKeys("search");
    Browser.waiting(browser)
        .until(d -> d.findElements(By.cssSelector("#slo-table tbody tr")).size() == 1);
    assertThat(
            browser.findElement(By.cssSelector("#slo-table tbody tr")).getDomAttribute("data-slo"))
        .isEqualTo("search-availability");
  }

  @Test
  void detailPage_drawsItsSeries_fromTheApisHistory() {
    open("#/slos/" + SLO + "?range=1h", "slo");
    String source = browser.findElement(By.id("main")).getDomAttribute("data-history");
    JsonObject history = new JsonObject(server.get(source).body());
    checkSeries("#chart-sli path[data-name='sli']", history.getJsonArray("sli"));
    checkSeries(
        "#chart-budget path[data-name='budget']", history.getJsonArray("errorBudgetRemaining"));
    JsonObject burn = history.getJsonObject("burnRates");
    for (String w : List.of("5m", "1h")) {
      checkSeries("#chart-burn path[data-name='burn " + w + "']", burn.getJsonArray(w));
    }
    // The alert thresholds are drawn as rules, and the incident as a mark on the time axis.
    assertThat(browser.findElements(By.cssSelector("#chart-burn [data-rule^='14.4×']"))).hasSize(1);
    assertThat(
            browser.findElements(
                By.cssSelector("#chart-sli [data-mark='" + incidentKey + " opened']")))
        .hasSize(1);
  }

  /** The drawn path has one point per non-null API value, and carries exactly those values. */
  void checkSeries(String css, JsonArray api) {
    WebElement path = browser.findElement(By.cssSelector(css));
    JsonArray drawn = new JsonArray(path.getDomAttribute("data-values"));
    assertThat(drawn).as(css).isEqualTo(api);
    long present = api.stream().filter(v -> v != null).count();
    assertThat(present).as(css + " has points").isGreaterThan(10);
    Matcher m = Pattern.compile("[ML]").matcher(path.getDomAttribute("d"));
    int commands = 0;
    while (m.find()) {
      commands++;
    }
    assertThat(commands).as(css + " points in the SVG path").isEqualTo((int) present);
    assertThat(Integer.parseInt(path.getDomAttribute("data-points"))).isEqualTo((int) present);
  }

  @Test
  void incident_isAcknowledged_fromItsPage_withAWriteToken() {
    open("#/incidents/" + incidentKey, "incident");
    assertThat(browser.findElement(By.id("incident-state")).getText()).isEqualTo("open");
    // Without a token the action is refused and the console asks for one.
    browser.findElement(By.id("ack")).click();
    Browser.waiting(browser).until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
    browser.findElement(By.id("token-input")).sendKeys(writeToken);
    browser.findElement(By.id("token-save")).click();
    Browser.ready(browser, "incident");
    Browser.find(browser, "#ack").click();
    Browser.waiting(browser)
        .until(d -> d.findElement(By.id("incident-state")).getText().equals("acknowledged"));
    JsonObject api = new JsonObject(server.get("/api/v1/incidents/" + incidentKey).body());
    assertThat(api.getString("state")).isEqualTo("acknowledged");
    // The actor is the token; the name typed in the console stays beside it.
    assertThat(api.getString("acknowledgedBy")).isEqualTo("token:" + writeTokenId + " (console)");
    assertThat(browser.findElements(By.cssSelector("#timeline li[data-kind='acknowledged']")))
        .isNotEmpty();
  }

  @Test
  void gateForm_answersWithTheGatesDecision() {
    open("#/gate", "gate");
    useToken(writeToken);
    Browser.ready(browser, "gate");
    browser.findElement(By.id("gate-service")).sendKeys("checkout");
    browser.findElement(By.id("gate-submit")).click();
    WebElement result =
        Browser.waiting(browser)
            .until(
                d -> {
                  WebElement e = d.findElement(By.id("gate-result"));
                  return e.getDomAttribute("data-decision") != null ? e : null;
                });
    JsonObject api =
        new JsonObject(
            server
                .call(
                    "POST",
                    "/api/v1/changes/evaluate",
                    new JsonObject().put("service", "checkout").put("kind", "normal").encode(),
                    writeToken)
                .body());
    assertThat(result.getDomAttribute("data-decision")).isEqualTo(api.getString("decision"));
    assertThat(browser.findElements(By.cssSelector("#gate-reasons li")))
        .hasSize(api.getJsonArray("reasons").size());
  }

  /**
   * Screenshots of the list, an SLO's detail and an incident from this test's data; {@code
   * -Dconsole.screenshots=../docs/images} writes them where the README shows them.
   */
  @Test
  void screenshots_ofTheListDetailAndIncident() throws Exception {
    Path out = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    Files.createDirectories(out);
    open("#/slos", "slos");
    shot(out.resolve("console-slos.png"));
    open("#/slos/" + SLO + "?range=1h", "slo");
    shot(out.resolve("console-slo.png"));
    open("#/incidents/" + incidentKey, "incident");
    shot(out.resolve("console-incident.png"));
    assertThat(Files.size(out.resolve("console-slo.png"))).isGreaterThan(10_000);
  }

  void shot(Path file) throws Exception {
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
  }
}
