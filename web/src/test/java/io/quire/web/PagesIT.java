package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.HeadlessChromium;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The pages in real headless Chromium, used the way a person would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesIT {

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

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private void registerAs(String email, String password) {
    browser.manage().deleteAllCookies();
    browser.get(url("/register"));
    type(By.id("name"), "Page Tester");
    type(By.id("email"), email);
    type(By.id("password"), password);
    browser.findElement(By.id("register-submit")).click();
  }

  private void type(By by, String text) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(by));
    input.clear();
    input.sendKeys(text);
  }

  @Test
  void aNewUserRegistersCreatesAProjectAndSeesATokenOnce() {
    String email = "pages-" + UUID.randomUUID() + "@example.org";
    registerAs(email, "a good long password");

    wait.until(ExpectedConditions.urlContains("/projects"));
    wait.until(ExpectedConditions.textToBe(By.id("who"), "Page Tester · " + email));

    type(By.id("new-name"), "My thesis");
    browser.findElement(By.id("create-submit")).click();
    WebElement link =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("My thesis")));
    assertThat(link.getAttribute("href")).matches(".*/project/[0-9a-f]{24}");

    browser.get(url("/settings"));
    wait.until(
        ExpectedConditions.textToBe(
            By.id("git-hint"), "git clone http://localhost:" + port + "/git/<projectId>"));
    type(By.id("token-name"), "laptop");
    browser.findElement(By.id("token-submit")).click();
    WebElement noScope =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-scopes-error")));
    assertThat(noScope.getText()).contains("at least one scope");
    assertThat(browser.findElement(By.id("token-scope-admin")).isDisplayed()).isFalse();
    browser.findElement(By.id("token-scope-git")).click();
    new Select(browser.findElement(By.id("token-expiry"))).selectByValue("30");
    browser.findElement(By.id("token-submit")).click();
    WebElement secret =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret")));
    assertThat(secret.getText()).startsWith("qpat_").hasSizeGreaterThan(40);
    String shown = secret.getText();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#token-rows .token-name"), "laptop"));
    assertThat(browser.findElement(By.cssSelector("#token-rows .token-scopes")).getText())
        .isEqualTo("git");
    assertThat(browser.findElement(By.cssSelector("#token-rows .token-expires")).getText())
        .isNotEqualTo("never");

    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#token-rows .token-name"), "laptop"));
    assertThat(browser.findElement(By.id("token-created")).isDisplayed()).isFalse();
    assertThat(browser.getPageSource()).doesNotContain(shown);
  }

  @Test
  void registrationErrorsAppearNextToTheirFields() {
    registerAs("weak-" + UUID.randomUUID() + "@example.org", "password");

    WebElement passwordError =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field-error[data-for=password]")));
    assertThat(passwordError.getText()).contains("too easy");
    assertThat(browser.getCurrentUrl()).endsWith("/register");

    String taken = "taken-" + UUID.randomUUID() + "@example.org";
    registerAs(taken, "a good long password");
    wait.until(ExpectedConditions.urlContains("/projects"));
    registerAs(taken, "a good long password");
    WebElement emailError =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field-error[data-for=email]")));
    assertThat(emailError.getText()).contains("already exists");
  }

  @Test
  void theDashboardSharesAProjectByInvitationAndLink() {
    registerAs("sharer-" + UUID.randomUUID() + "@example.org", "a good long password");
    wait.until(ExpectedConditions.urlContains("/projects"));
    type(By.id("new-name"), "Shared paper");
    browser.findElement(By.id("create-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Shared paper")));

    browser
        .findElement(By.xpath("//tr[.//a[text()='Shared paper']]//button[text()='Share']"))
        .click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("share-dialog")));
    String invitee = "coauthor-" + UUID.randomUUID() + "@example.org";
    type(By.id("invite-email"), invitee);
    browser.findElement(By.id("invite-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-rows"), invitee));

    browser.findElement(By.id("link-enabled")).click();
    WebElement readLink =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-read")));
    wait.until(d -> !readLink.getAttribute("value").isEmpty());
    String joinUrl = readLink.getAttribute("value");
    assertThat(joinUrl).contains("/join/");

    // someone else opens the view link and joins with read-only access
    registerAs("reader-" + UUID.randomUUID() + "@example.org", "a good long password");
    wait.until(ExpectedConditions.urlContains("/projects"));
    browser.get(joinUrl);
    wait.until(
        ExpectedConditions.textToBe(
            By.id("join-status"), "You joined the project with read-only access."));
    browser.get(url("/projects#shared"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Shared paper")));
  }
}
