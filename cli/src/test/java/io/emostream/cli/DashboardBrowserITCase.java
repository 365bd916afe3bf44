package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.demo.EmbeddedPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live dashboard of a running demo in a real headless browser: track rows with distribution
 * bars appear and keep updating, the timeline chart draws, an alert and an aggregate show.
 */
class DashboardBrowserITCase {
  @TempDir Path dir;

  @Test
  void liveValuesAppearAndChangeAndAnAlertShows() throws Exception {
    HeadlessChromium.assumeInstalled();
    Configuration conf =
        EmoStreamConfig.load(
            null,
            Map.of(),
            Map.ofEntries(
                Map.entry(
                    "kafka.topics-file", Path.of("..", "infra", "kafka", "topics.yaml").toString()),
                Map.entry("demo.kafka.port", "0"),
                Map.entry("metrics.port", "0"),
                Map.entry("metrics.reporter.prom.port", "0"),
                Map.entry("dashboard.port", "0"),
                Map.entry("demo.data-dir", dir.resolve("data").toString()),
                Map.entry("demo.feed.cameras", "1"),
                Map.entry("demo.feed.fps", "10"),
                Map.entry("analytics.camera-window", "5s"),
                // The sample face smiles: this rule fires within seconds.
                Map.entry("analytics.alert-rules", "smiling: HAPPY >= 0.5 for 3s INFO")));
    List<String> console = new CopyOnWriteArrayList<>();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(conf, console::add)) {
      String url =
          console.stream()
              .filter(l -> l.startsWith("dashboard:"))
              .map(l -> l.split("\\s+")[1])
              .findFirst()
              .orElseThrow(() -> new AssertionError("no dashboard line in " + console));
      WebDriver browser = HeadlessChromium.open(1280, 900);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        browser.get(url);
        WebElement row =
            wait.until(
                b ->
                    b.findElements(By.cssSelector("#tracks tr[data-track]")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(row.getDomAttribute("data-track")).isEqualTo("sample-cam-1/t1");
        assertThat(row.findElements(By.cssSelector(".bar"))).hasSize(7);
        String firstEnd = row.findElement(By.cssSelector(".window-end")).getText();
        String model = row.findElement(By.cssSelector(".model")).getText();
        assertThat(model).isEqualTo("face-api-1.7.15-frame-average");
        wait.until(
            b ->
                !b.findElement(By.cssSelector("#tracks tr[data-track] .window-end"))
                    .getText()
                    .equals(firstEnd)); // the next clip's score replaced it
        assertThat(browser.findElements(By.cssSelector("#charts .uplot canvas"))).isNotEmpty();
        wait.until(b -> !b.findElements(By.cssSelector("#alerts li.alert")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#alerts li.alert")).getText())
            .contains("smiling", "sample-cam-1");
        wait.until(b -> !b.findElements(By.cssSelector("#aggregates tr")).isEmpty());
        assertThat(Integer.parseInt(browser.findElement(By.id("scores-count")).getText()))
            .isGreaterThan(1);
        HeadlessChromium.screenshot(browser, "dashboard.png");
      } finally {
        browser.quit();
      }
    }
  }
}
