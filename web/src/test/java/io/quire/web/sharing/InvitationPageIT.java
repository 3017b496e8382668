package io.quire.web.sharing;

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
 * An invitation in real headless Chromium: the owner is shown the link once and passes it on; the
 * invited person opens it, creates an account on the way, and accepts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationPageIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
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
  void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void theInvitedPersonOpensTheLinkRegistersAndJoins() {
    register("owner-" + UUID.randomUUID() + "@example.org", "Olga Owner");
    type(By.id("new-name"), "Invited paper");
    browser.findElement(By.id("create-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Invited paper")));
    browser
        .findElement(By.xpath("//tr[.//a[text()='Invited paper']]//button[text()='Share']"))
        .click();
    String invitee = "ada-" + UUID.randomUUID() + "@example.org";
    type(By.id("invite-email"), invitee);
    browser.findElement(By.id("invite-submit")).click();
    WebElement shown =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invite-link-url")));
    String link = shown.getAttribute("value");
    assertThat(link).matches("http://localhost:8080/invite/[0-9a-f]{24}#[A-Za-z0-9_-]{43}");
    assertThat(browser.findElement(By.id("invite-link-text")).getText()).contains(invitee);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-rows"), invitee));

    // the invited person, signed out, opens the link (here on the test server's own port)
    browser.manage().deleteAllCookies();
    browser.get(url(link.substring(link.indexOf("/invite/"))));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("create an account")));
    assertThat(browser.getCurrentUrl()).doesNotContain("#");
    browser.findElement(By.linkText("create an account")).click();
    fillRegistration(invitee, "Ada Lovelace");

    WebElement accept = wait.until(ExpectedConditions.elementToBeClickable(By.id("join-accept")));
    assertThat(browser.findElement(By.id("join-account")).getText()).contains(invitee);
    accept.click();
    wait.until(
        ExpectedConditions.textToBe(
            By.id("join-status"), "You joined the project and can edit it."));
    browser.findElement(By.id("join-open")).click();
    wait.until(ExpectedConditions.urlMatches(".*/project/[0-9a-f]{24}$"));
  }

  @Test
  void anIncompleteLinkSaysSoAndJoinsNothing() {
    register("late-" + UUID.randomUUID() + "@example.org", "Late Comer");

    browser.get(url("/invite/0123456789abcdef01234567"));

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("join-status"), "incomplete"));
    assertThat(browser.findElement(By.id("join-accept")).isDisplayed()).isFalse();
  }

  private void register(String email, String name) {
    browser.manage().deleteAllCookies();
    browser.get(url("/register"));
    fillRegistration(email, name);
    wait.until(ExpectedConditions.urlContains("/projects"));
  }

  private void fillRegistration(String email, String name) {
    type(By.id("name"), name);
    type(By.id("email"), email);
    type(By.id("password"), PASSWORD);
    browser.findElement(By.id("register-submit")).click();
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
