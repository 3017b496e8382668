package io.quire.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.HeadlessChromium;
import io.quire.web.WebTestProperties;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pages of e-mailed links in real headless Chromium, with a real SMTP server: register, open
 * the verification link, forget the password, reset it from the sign-in page, sign in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailPagesIT {
  private static final Inbox INBOX = new Inbox().start();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.smtp.host", () -> "127.0.0.1");
    registry.add("quire.smtp.port", INBOX::port);
    registry.add("quire.smtp.security", () -> "none");
  }

  @LocalServerPort int port;

  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  void startBrowser() {
    chromium = HeadlessChromium.start();
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    INBOX.close();
  }

  @Test
  void aPersonRegistersVerifiesForgetsTheirPasswordAndResetsIt() {
    String address = "page-" + UUID.randomUUID() + "@example.org";
    browser.get(url("/register"));
    type(By.id("name"), "Ada");
    type(By.id("email"), address);
    type(By.id("password"), "a good long password");
    browser.findElement(By.id("register-submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "sent"));

    INBOX.await(address, 1);

    // signed in before confirming: the pages say why projects are closed and send a new link
    signIn(address, "a good long password");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-banner")));
    browser.findElement(By.id("verify-resend")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("verify-status"), "on its way"));

    browser.get(url(pathOf(INBOX.await(address, 2).text(), "/verify-email")));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("verify-notice"), "confirmed"));
    assertThat(browser.getCurrentUrl()).doesNotContain("#");

    browser.manage().deleteAllCookies();
    browser.get(url("/login"));
    browser.findElement(By.id("forgot-password")).click();
    type(By.id("email"), address);
    browser.findElement(By.id("reset-request-submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("reset-notice"), "on its way"));

    browser.get(url(pathOf(INBOX.await(address, 3).text(), "/reset-password")));
    type(By.id("password"), "a brand new password");
    browser.findElement(By.id("reset-confirm-submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("reset-notice"), "password is changed"));

    signIn(address, "a brand new password");
    assertThat(browser.findElements(By.id("verify-banner"))).isEmpty();
  }

  private void signIn(String address, String password) {
    browser.manage().deleteAllCookies();
    browser.get(url("/login"));
    type(By.id("email"), address);
    type(By.id("password"), password);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.urlContains("/projects"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
  }

  /** The link's path and fragment, to open on the test server's own port. */
  private static String pathOf(String text, String page) {
    int start = text.indexOf(page + "#");
    assertThat(start).as(text).isNotNegative();
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(start, end);
  }

  private void type(By by, String text) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(by));
    input.clear();
    input.sendKeys(text);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
