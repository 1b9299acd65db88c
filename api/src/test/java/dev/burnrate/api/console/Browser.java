package dev.burnrate.api.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium driven by chromedriver; tests skip where either is missing. */
final class Browser {
  private Browser() {}

  static Optional<Path> executable(String... names) {
    for (String name : names) {
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/lib/chromium")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts Chromium at a window size, or skips the test when it is not installed. */
  static ChromeDriver start(int width, int height) {
    return start(width, height, false);
  }

  /**
   * Starts Chromium as a phone of this size (a touch screen whose viewport is exactly {@code width}
   * CSS pixels: headless windows are never narrower than 500 pixels).
   */
  static ChromeDriver phone(int width, int height) {
    return start(width, height, true);
  }

  private static ChromeDriver start(int width, int height, boolean phone) {
    Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driver = executable("chromedriver");
    assumeTrue(chromium.isPresent(), "chromium is not installed (Debian package chromium)");
    assumeTrue(driver.isPresent(), "chromedriver is not installed (package chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=" + Math.max(width, 500) + "," + height);
    if (phone) {
      options.setExperimentalOption(
          "mobileEmulation",
          java.util.Map.of(
              "deviceMetrics",
              java.util.Map.of(
                  "width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
    }
    // A fixed driver: Selenium Manager must not look for one on the network.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver.get().toString()))
            .build();
    return new ChromeDriver(service, options);
  }

  static WebDriverWait waiting(WebDriver driver) {
    // The console redraws a view by replacing its elements: one found a moment ago may be gone.
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    // On a timeout, say what the console told its user.
    wait.withMessage(
        () -> {
          try {
            return "notice: '"
                + driver.findElement(By.id("notice")).getText()
                + "', main: '"
                + driver.findElement(By.id("main")).getText().replace('\n', ' ')
                + "'";
          } catch (RuntimeException e) {
            return "no page: " + e;
          }
        });
    return wait;
  }

  /** Waits for the console's page to have drawn the view {@code ready}. */
  static void ready(WebDriver driver, String ready) {
    waiting(driver)
        .until(d -> ready.equals(d.findElement(By.id("main")).getDomAttribute("data-ready")));
  }

  static WebElement find(WebDriver driver, String css) {
    return waiting(driver).until(d -> d.findElement(By.cssSelector(css)));
  }
}
