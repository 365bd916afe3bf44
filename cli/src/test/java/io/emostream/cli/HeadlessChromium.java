package io.emostream.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's chromium, headless, driven through Debian's chromedriver (.ci/run installs both). */
final class HeadlessChromium {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Skips the calling test, with the reason, where the packages are absent. */
  static void assumeInstalled() {
    assumeTrue(
        CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
  }

  static ChromeDriver open(int width, int height) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=" + width + "," + height);
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
  }

  static void screenshot(WebDriver browser, String name) throws Exception {
    Files.write(
        Path.of("target", name), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
  }
}
