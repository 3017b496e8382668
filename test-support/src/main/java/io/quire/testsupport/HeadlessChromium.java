package io.quire.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's Chromium driven through its chromedriver, headless, with a fresh profile, and without
 * the background network calls that a machine without internet access refuses. Closing it fails
 * when a page broke its Content-Security-Policy, so every browser test checks that too.
 */
public final class HeadlessChromium implements AutoCloseable {
  private final Path profile;
  private final WebDriver driver;

  private HeadlessChromium(Path profile, WebDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  public static HeadlessChromium start() {
    // Selenium must not try to download a browser or driver
    System.setProperty("SE_OFFLINE", "true");
    try {
      Path profile = Files.createTempDirectory("quire-chromium-");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File("/usr/bin/chromedriver"))
              .usingAnyFreePort()
              .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--window-size=1400,900",
          "--user-data-dir=" + profile);
      // the console, where the browser reports what a page's Content-Security-Policy refused
      options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
      return new HeadlessChromium(profile, new ChromeDriver(service, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Lets the browser save downloads, into this directory. */
  public void downloadTo(Path directory) {
    ((ChromeDriver) driver)
        .executeCdpCommand(
            "Browser.setDownloadBehavior",
            Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
  }

  /**
   * What the pages' Content-Security-Policy refused since the last call, as the console said it.
   * Quire's pages must never trip their own policy, so {@link #close()} fails on any left unread.
   */
  public List<String> cspViolations() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(message -> message.contains("Content Security Policy"))
        .toList();
  }

  /** Ends the browser; fails when a page broke its Content-Security-Policy meanwhile. */
  @Override
  public void close() {
    List<String> violations;
    try {
      violations = cspViolations();
    } finally {
      driver.quit();
      try {
        FileSystemUtils.deleteRecursively(profile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "The pages broke their Content-Security-Policy: " + String.join("\n", violations));
    }
  }
}
