package dev.burnrate.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** With auth.readsRequireToken the console refuses to show anything until it has a token. */
class TokenConsoleIT {
  @Test
  void tokenProtectedConsole_refusesWithoutAToken_andShowsTheListWithOne() {
    ChromeDriver browser = Browser.start(1000, 800);
    try (TestServer server =
        TestServer.start(Map.of("BURNRATE_AUTH_READS_REQUIRE_TOKEN", "true"))) {
      HttpResponse<String> r =
          server.call(
              "POST",
              "/api/v1/tokens",
              new JsonObject().put("name", "r").put("scopes", new JsonArray().add("read")).encode(),
              TestServer.ADMIN_TOKEN);
      String read = new JsonObject(r.body()).getString("token");
      // The page itself is open; the API behind it is not.
      assertThat(server.get("/").statusCode()).isEqualTo(200);
      assertThat(server.get("/api/v1/slos").statusCode()).isEqualTo(401);

      browser.get(server.base() + "/#/slos");
      Browser.find(browser, "#auth-needed");
      assertThat(browser.findElements(By.id("slo-table"))).isEmpty();
      assertThat(browser.findElement(By.id("token-dialog")).isDisplayed()).isTrue();
      // A wrong token is refused too.
      browser.findElement(By.id("token-input")).sendKeys("not-a-token");
      browser.findElement(By.id("token-save")).click();
      Browser.find(browser, "#auth-needed");
      Browser.waiting(browser).until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
      browser.findElement(By.id("token-input")).sendKeys(read);
      browser.findElement(By.id("token-save")).click();
      Browser.ready(browser, "slos");
      assertThat(browser.findElements(By.id("slo-table"))).hasSize(1);
      // Kept for the tab only.
      Object kept = browser.executeScript("return sessionStorage.getItem('burnrate.token')");
      Object local = browser.executeScript("return localStorage.length");
      assertThat(kept).isEqualTo(read);
      assertThat(local).isEqualTo(0L);
      // Nothing secret in the page: the token is neither in its markup nor in a cookie.
      assertThat(browser.getPageSource()).doesNotContain(read);
      assertThat(browser.manage().getCookies()).isEmpty();

      // A read token does not let a person act: the refusal asks for a token with the write scope.
      HttpResponse<String> opened =
          server.call(
              "POST",
              "/api/v1/incidents",
              new JsonObject().put("title", "Checkout slow").put("service", "checkout").encode(),
              TestServer.ADMIN_TOKEN);
      assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
      String key = new JsonObject(opened.body()).getString("key");
      browser.get(server.base() + "/#/incidents/" + key);
      Browser.ready(browser, "incident");
      browser.findElement(By.id("ack")).click();
      Browser.waiting(browser).until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
      assertThat(browser.findElement(By.id("token-why")).getText()).contains("write scope");
      assertThat(browser.findElement(By.id("notice")).getText()).contains("write scope");
      JsonObject after =
          new JsonObject(
              server.call("GET", "/api/v1/incidents/" + key, null, TestServer.ADMIN_TOKEN).body());
      assertThat(after.getString("state")).isEqualTo("open");
    } finally {
      browser.quit();
    }
  }
}
