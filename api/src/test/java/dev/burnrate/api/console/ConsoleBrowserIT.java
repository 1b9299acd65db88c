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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import org.openqa.selenium.support.ui.Select;

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
  static String ingestToken;
  static String changeKey;
  static String problemKey;
  static String requestKey;
  ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.executable("chromedriver"); // nothing to start when the browser is missing
    if (Browser.executable("chromium").isEmpty() || Browser.executable("chromedriver").isEmpty()) {
      return;
    }
    Path slos = Files.createDirectories(dir.resolve("slos"));
    Files.writeString(slos.resolve("checkout.yaml"), SloFixtures.CHECKOUT);
    Files.writeString(slos.resolve("search.yaml"), SloFixtures.SEARCH);
    Files.writeString(slos.resolve("payments.yaml"), PAYMENTS);
    Files.writeString(
        dir.resolve("services.yaml"),
        """
        services:
          checkout:
            description: Basket and order placement
            owner: team-shop
            tier: 1
            dependsOn: [search, payments]
          search: {}
          payments: {}
          storefront:
            dependsOn: [checkout]
        """);
    Path config = dir.resolve("burnrate.yaml");
    Files.writeString(config, "bridge:\n  servicesFile: services.yaml\n");
    server =
        TestServer.start(
            Map.of(
                "BURNRATE_SLOS", slos.toString(),
                "BURNRATE_ENGINE_TICK_INTERVAL", "1h",
                "BURNRATE_SLOS_WATCH", "false"),
            Optional.of(config));
    ingestToken = token(server, "ingest");
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
                .header("Authorization", "Bearer " + ingestToken)
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
    changeKey =
        created(
            "/api/v1/changes",
            new JsonObject()
                .put("service", "checkout")
                .put("title", "Deploy checkout 1.2.3")
                .put("kind", "normal")
                .put("state", "planned")
                .put("startedAt", now.minusSeconds(600).toString())
                .put(
                    "source",
                    new JsonObject()
                        .put("system", "github-actions")
                        .put("id", "run-1")
                        .put("url", "https://ci.example.test/runs/1")));
    problemKey =
        created(
            "/api/v1/problems",
            new JsonObject()
                .put("title", "Checkout fails under load")
                .put("services", new JsonArray().add("checkout"))
                .put("incidents", new JsonArray().add(incidentKey))
                .put("by", "ana"));
    requestKey =
        created(
            "/api/v1/requests",
            new JsonObject()
                .put("type", "freeze_exception")
                .put("service", "search")
                .put("reason", "Ship the index fix")
                .put("requestedBy", "ana")
                .put("duration", "4h"),
            // Requested by someone else: a requester may not approve their own request.
            TestServer.ADMIN_TOKEN);
    // The record a ticketing tool keeps for the incident, as the outbox stores it on delivery.
    try (Connection c = DriverManager.getConnection(server.database().url());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO bridge_external_ref (connector, record_key, external_id,"
                    + " external_key, url, created_at) VALUES ('jira', ?, '10042', 'OPS-12', ?,"
                    + " now())")) {
      ps.setString(1, incidentKey);
      ps.setString(2, JIRA_URL);
      ps.executeUpdate();
    }
  }

  static final String JIRA_URL = "https://jira.example.test/browse/OPS-12";

  /** A third SLO, payments, that has no traffic until a test sends some. */
  static final String PAYMENTS =
      """
      version: "prometheus/v1"
      service: "payments"
      labels:
        team: money
      slos:
        - name: "availability"
          objective: 99.5
          sli:
            events:
              error_query: sum(rate(http_server_request_duration_seconds_count{job="payments",http_response_status_code=~"5.."}[{{.window}}]))
              total_query: sum(rate(http_server_request_duration_seconds_count{job="payments"}[{{.window}}]))
          alerting:
            name: PaymentsAvailability
      """;

  static String created(String path, JsonObject body) {
    return created(path, body, writeToken);
  }

  static String created(String path, JsonObject body, String token) {
    HttpResponse<String> r = server.call("POST", path, body.encode(), token);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("key");
  }

  static void sendEvents(String events) {
    HttpResponse<String> r =
        server.send(
            server
                .request("/api/v1/events")
                .header("Authorization", "Bearer " + ingestToken)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(events))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
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
    assertThat(rows).hasSize(3);
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

  @Test
  void list_filtersByServiceStateAndLabel() {
    open("#/slos", "slos");
    new Select(browser.findElement(By.id("slo-service"))).selectByValue("search");
    awaitRows("search-availability");
    new Select(browser.findElement(By.id("slo-service"))).selectByValue("");
    new Select(browser.findElement(By.id("slo-state"))).selectByValue("firing");
    awaitRows(SLO);
    new Select(browser.findElement(By.id("slo-state"))).selectByValue("");
    new Select(browser.findElement(By.id("slo-label"))).selectByValue("team=money");
    awaitRows("payments-availability");
    new Select(browser.findElement(By.id("slo-label"))).selectByValue("");
    awaitRows(SLO, "payments-availability", "search-availability");
  }

  /** Waits until the list shows exactly these SLOs, in any order. */
  void awaitRows(String... names) {
    Browser.waiting(browser)
        .until(
            d ->
                d.findElements(By.cssSelector("#slo-table tbody tr")).stream()
                    .map(e -> e.getDomAttribute("data-slo"))
                    .sorted()
                    .toList()
                    .equals(java.util.Arrays.stream(names).sorted().toList()));
  }

  @Test
  void list_updatesItself_whenNewDataArrives() {
    open("#/slos", "slos");
    String before =
        Browser.find(browser, "tr[data-slo='payments-availability']").getDomAttribute("data-sli");
    // payments had no traffic: its SLI is empty until these events arrive.
    Instant now = Instant.now();
    StringBuilder events = new StringBuilder();
    for (int m = 5; m >= 1; m--) {
      for (int i = 0; i < 20; i++) {
        events
            .append(event(now.minusSeconds(60L * m).toEpochMilli(), "payments", 200))
            .append('\n');
      }
    }
    sendEvents(events.toString());
    Await.until(
        "payments to have an SLI",
        Duration.ofSeconds(30),
        () -> {
          server.server().ticker().tick();
          JsonObject slo = new JsonObject(server.get("/api/v1/slos/payments-availability").body());
          return Optional.ofNullable(slo.getJsonObject("sli").getValue("ratio"));
        });
    // No reload: the open page fetches the list again by itself.
    Browser.waiting(browser)
        .withTimeout(Duration.ofSeconds(40))
        .until(
            d ->
                "1"
                    .equals(
                        d.findElement(By.cssSelector("tr[data-slo='payments-availability']"))
                            .getDomAttribute("data-sli")));
    assertThat(before).isNotEqualTo("1");
    assertThat(browser.findElement(By.id("main")).getDomAttribute("data-refreshed")).isNotNull();
  }

  @Test
  void detailPage_drawsAlertConditionsAndChangeMarks_fromTheApi() {
    open("#/slos/" + SLO + "?range=1h", "slo");
    String source = browser.findElement(By.id("main")).getDomAttribute("data-history");
    JsonObject history = new JsonObject(server.get(source).body());
    JsonObject burn = history.getJsonObject("burnRates");
    JsonArray alerts =
        new JsonObject(server.get("/api/v1/slos/" + SLO).body()).getJsonArray("alerts");
    boolean anyMet = false;
    for (Object o : alerts) {
      JsonObject a = (JsonObject) o;
      JsonArray lw = burn.getJsonArray(a.getString("longWindow"));
      JsonArray sw = burn.getJsonArray(a.getString("shortWindow"));
      double factor = a.getDouble("factor");
      JsonArray expected = new JsonArray();
      for (int j = 0; j < lw.size(); j++) {
        Double l = lw.getDouble(j);
        Double sh = sw.getDouble(j);
        expected.add(l == null || sh == null ? null : l >= factor && sh >= factor ? 1 : 0);
        anyMet |= l != null && sh != null && l >= factor && sh >= factor;
      }
      WebElement row =
          browser.findElement(
              By.cssSelector("#chart-alerts g[data-alert='" + a.getString("name") + "']"));
      assertThat(new JsonArray(row.getDomAttribute("data-values")))
          .as(a.getString("name"))
          .isEqualTo(expected);
    }
    // The burn of the last 20 minutes meets the page alert's condition: drawn as a filled span.
    assertThat(anyMet).isTrue();
    assertThat(browser.findElements(By.cssSelector("#chart-alerts rect.firing"))).isNotEmpty();
    // The change to checkout is a mark on the time axis of every chart.
    assertThat(
            browser.findElements(
                By.cssSelector("#chart-sli [data-mark='" + changeKey + " normal change']")))
        .hasSize(1);
    assertThat(browser.findElement(By.id("slo-changes")).getText()).contains(changeKey);
    // The range selector offers 1h up to the whole window, and redraws from the chosen range.
    assertThat(
            browser.findElements(By.cssSelector("[aria-label='Time range'] a")).stream()
                .map(WebElement::getText)
                .toList())
        .containsExactly("1h", "6h", "1d", "7d", "30d");
    Instant from1h = Instant.parse(history.getString("from"));
    browser.findElement(By.linkText("30d")).click();
    Browser.waiting(browser)
        .until(
            d ->
                "slo".equals(d.findElement(By.id("main")).getDomAttribute("data-ready"))
                    && !source.equals(
                        d.findElement(By.id("main")).getDomAttribute("data-history")));
    assertThat(browser.getCurrentUrl()).endsWith("range=window");
    JsonObject whole =
        new JsonObject(
            server.get(browser.findElement(By.id("main")).getDomAttribute("data-history")).body());
    assertThat(Duration.between(Instant.parse(whole.getString("from")), from1h))
        .isGreaterThan(Duration.ofDays(29));
  }

  @Test
  void recordLists_showEachKind_andFilterByState() {
    for (String[] k :
        new String[][] {
          {"incidents", "incident", incidentKey, "closed"},
          {"problems", "problem", problemKey, "known_error"},
          {"changes", "change", changeKey, "completed"},
          {"requests", "request", requestKey, "rejected"}
        }) {
      open("#/" + k[0], k[0]);
      Browser.find(browser, "#" + k[1] + "-table tr[data-key='" + k[2] + "']");
      new Select(browser.findElement(By.id("rec-state"))).selectByValue(k[3]);
      Browser.waiting(browser)
          .until(
              d ->
                  d.getCurrentUrl().endsWith("state=" + k[3])
                      && "true".equals(ready(d, k[0]))
                      && d.findElements(By.cssSelector("tr[data-key='" + k[2] + "']")).isEmpty());
    }
  }

  static String ready(org.openqa.selenium.WebDriver d, String view) {
    return String.valueOf(view.equals(d.findElement(By.id("main")).getDomAttribute("data-ready")));
  }

  @Test
  void incidentPage_showsExternalRecordsLinksAndImpactedServices() {
    open("#/incidents/" + incidentKey, "incident");
    WebElement jira = Browser.find(browser, "#external-records li[data-connector='jira'] a");
    assertThat(jira.getText()).isEqualTo("OPS-12");
    assertThat(jira.getDomAttribute("href")).isEqualTo(JIRA_URL);
    // storefront depends on checkout, so a checkout incident impacts it.
    assertThat(browser.findElement(By.id("impacted")).getText()).contains("checkout", "storefront");
    // The problem it is linked to, as a link to the problem's page.
    WebElement problem =
        browser.findElement(By.cssSelector("#links li[data-link='" + problemKey + "'] a"));
    assertThat(problem.getDomAttribute("href")).isEqualTo("#/problems/" + problemKey);
    JsonObject api = new JsonObject(server.get("/api/v1/incidents/" + incidentKey).body());
    assertThat(api.getJsonArray("externalRecords").getJsonObject(0).getString("url"))
        .isEqualTo(JIRA_URL);
  }

  @Test
  void problem_isClosed_fromItsPage() {
    open("#/problems/" + problemKey, "problem");
    assertThat(browser.findElement(By.id("impacted")).getText()).contains("checkout");
    assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(incidentKey);
    assertThat(browser.findElements(By.cssSelector("#timeline li"))).isNotEmpty();
    useToken(writeToken);
    Browser.ready(browser, "problem");
    Browser.find(browser, "#close").click();
    Browser.waiting(browser)
        .until(d -> d.findElement(By.id("problem-state")).getText().equals("closed"));
    JsonObject api = new JsonObject(server.get("/api/v1/problems/" + problemKey).body());
    assertThat(api.getString("state")).isEqualTo("closed");
    assertThat(api.getString("closedBy")).contains("console");
  }

  @Test
  void change_isApproved_fromItsPage() {
    open("#/changes/" + changeKey, "change");
    assertThat(browser.findElement(By.id("change-state")).getText()).isEqualTo("planned");
    assertThat(browser.findElement(By.linkText("github-actions")).getDomAttribute("href"))
        .isEqualTo("https://ci.example.test/runs/1");
    useToken(writeToken);
    Browser.ready(browser, "change");
    Browser.find(browser, "#approve").click();
    Browser.waiting(browser)
        .until(d -> d.findElement(By.id("change-state")).getText().equals("approved"));
    JsonObject api = new JsonObject(server.get("/api/v1/changes/" + changeKey).body());
    assertThat(api.getString("state")).isEqualTo("approved");
  }

  @Test
  void serviceRequest_isApproved_fromItsPage_andARefusalAsksForAToken() {
    open("#/requests/" + requestKey, "request");
    assertThat(browser.findElement(By.id("request-state")).getText()).isEqualTo("pending");
    browser.findElement(By.id("approve")).click();
    Browser.waiting(browser).until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
    assertThat(server.get("/api/v1/requests/" + requestKey).body()).contains("\"pending\"");
    browser.findElement(By.id("token-input")).sendKeys(writeToken);
    browser.findElement(By.id("token-save")).click();
    Browser.ready(browser, "request");
    Browser.find(browser, "#approve").click();
    Browser.waiting(browser)
        .until(d -> d.findElement(By.id("request-state")).getText().equals("approved"));
    JsonObject api = new JsonObject(server.get("/api/v1/requests/" + requestKey).body());
    assertThat(api.getString("state")).isEqualTo("approved");
  }

  @Test
  void servicesPage_showsDependenciesBudgetsAndDependents() {
    open("#/services", "services");
    WebElement checkout = Browser.find(browser, "tr[data-service='checkout']");
    String row = checkout.getText();
    assertThat(row).contains("payments", "search", "storefront", SLO, "team-shop");
    open("#/services/search", "service");
    String text = browser.findElement(By.id("main")).getText();
    assertThat(text).contains("search-availability", "What depends on it", "checkout");
  }

  @Test
  void reportPage_showsTheApisNumbers() {
    String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    open("#/reports?month=" + month, "report");
    JsonObject line = null;
    for (Object o :
        new JsonObject(server.get("/api/v1/reports/slos?month=" + month).body())
            .getJsonArray("services")) {
      for (Object x : ((JsonObject) o).getJsonArray("slos")) {
        if (((JsonObject) x).getString("slo").equals(SLO)) {
          line = (JsonObject) x;
        }
      }
    }
    assertThat(line).isNotNull();
    WebElement row = browser.findElement(By.cssSelector("tr[data-report-slo='" + SLO + "']"));
    String attainment =
        String.format(java.util.Locale.ROOT, "%.3f%%", line.getDouble("attainment") * 100);
    assertThat(row.getText()).contains(attainment);
  }

  @Test
  void phone_390pxWide_needsNoSidewaysScrolling() throws Exception {
    browser.quit();
    browser = Browser.phone(390, 844);
    Path out = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    Files.createDirectories(out);
    for (String[] v :
        new String[][] {
          {"#/slos", "slos", "console-phone-slos.png"},
          {"#/slos/" + SLO + "?range=1h", "slo", "console-phone-slo.png"},
          {"#/incidents/" + incidentKey, "incident", "console-phone-incident.png"},
          {"#/services", "services", "console-phone-services.png"}
        }) {
      open(v[0], v[1]);
      assertThat(browser.executeScript("return window.innerWidth")).isEqualTo(390L);
      Object page =
          browser.executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(((Number) page).intValue())
          .as(v[0] + " sideways overflow in px")
          .isLessThanOrEqualTo(0);
      shot(out.resolve(v[2]));
    }
  }

  @Test
  void everyControl_hasALabel_andTextHasContrast() {
    checkLabelsAndContrast();
    // The dark theme, for a system that prefers it, has the same contrast.
    browser.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    checkLabelsAndContrast();
  }

  void checkLabelsAndContrast() {
    for (String[] v :
        new String[][] {
          {"#/slos", "slos"},
          {"#/slos/" + SLO + "?range=1h", "slo"},
          {"#/incidents/" + incidentKey, "incident"},
          {"#/gate", "gate"},
          {"#/services", "services"},
          {"#/changes", "changes"}
        }) {
      open(v[0], v[1]);
      @SuppressWarnings("unchecked")
      List<String> unlabelled =
          (List<String>)
              browser.executeScript(
                  """
                  return [...document.querySelectorAll('input, select, textarea, button, a[href]')]
                    .filter((e) => e.offsetParent !== null || e.closest('dialog[open]'))
                    .filter((e) => !((e.labels && e.labels.length) || e.getAttribute('aria-label')
                      || e.textContent.trim()))
                    .map((e) => e.outerHTML);
                  """);
      assertThat(unlabelled).as(v[0] + " controls without a name").isEmpty();
      @SuppressWarnings("unchecked")
      List<String> faint = (List<String>) browser.executeScript(CONTRAST);
      assertThat(faint).as(v[0] + " text below 4.5:1").isEmpty();
    }
  }

  /** Text whose colour has less than 4.5:1 contrast (WCAG 2.1) against what is behind it. */
  static final String CONTRAST =
      """
      const lum = (c) => {
        const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
          v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const alpha = (c) => { const m = c.match(/[\\d.]+/g); return m.length > 3 ? Number(m[3]) : 1; };
      const behind = (e) => {
        for (; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor;
          if (alpha(bg) > 0) return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const e = n.parentElement;
        if (!n.textContent.trim() || !e || e.closest('svg') || e.offsetParent === null) continue;
        const st = getComputedStyle(e);
        if (st.visibility === 'hidden' || Number(st.opacity) < 1 || e.closest('button:disabled')) continue;
        const a = lum(st.color), b = lum(behind(e));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) out.push(n.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
      }
      return out;
      """;

  @Test
  void keyboard_reachesTheNavigationThenTheFilters_inOrder() {
    open("#/slos", "slos");
    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
      WebElement e = browser.switchTo().activeElement();
      order.add(e.getDomAttribute("id") != null ? "#" + e.getDomAttribute("id") : e.getText());
    }
    assertThat(order)
        .startsWith(
            "Skip to content",
            "Burnrate",
            "SLOs",
            "Incidents",
            "Problems",
            "Changes",
            "Requests",
            "Change gate",
            "Services",
            "Reports",
            "#token-button",
            "#slo-search");
    // Typing into the focused search box filters; Enter on a row's link opens its page.
    browser.switchTo().activeElement().sendKeys("search");
    awaitRows("search-availability");
    WebElement link = browser.findElement(By.linkText("search-availability"));
    link.sendKeys(org.openqa.selenium.Keys.ENTER);
    Browser.ready(browser, "slo");
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
