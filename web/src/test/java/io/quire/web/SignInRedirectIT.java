package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.HeadlessChromium;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After signing in, the pages go back to {@code ?next=}: only ever a path of this site, never
 * another site however the value is spelled. Only the pages read {@code next} (the server never
 * redirects to it), so the check lives in {@code quire.js} and runs here in real Chromium, whose
 * URL parser is the one an attacker aims at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInRedirectIT {
  private static final String PASSWORD = "a good long password";

  /** Each would leave the site, or could once something decodes it again. */
  private static final List<String> HOSTILE =
      List.of(
          "//evil.example/",
          "///evil.example/",
          "/\\evil.example/",
          "\\/evil.example/",
          "/\\/evil.example/",
          "/\t/evil.example/",
          "/\n/evil.example/",
          "/\r\n/evil.example/",
          "/\u0000/evil.example/",
          "/%2F/evil.example/",
          "/%2f%2fevil.example/",
          "/%5Cevil.example/",
          "/%5c%5cevil.example/",
          "/%09/evil.example/",
          "/%0a/evil.example/",
          "https://evil.example/",
          "http:evil.example",
          "//evil.example@localhost/",
          "javascript:alert(document.domain)",
          " JaVaScRiPt:alert(1)",
          "data:text/html,<script>alert(1)</script>",
          "evil.example",
          "",
          "/" + "a".repeat(3000));

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;
  private String email;

  @BeforeAll
  void start() {
    email = "next-" + UUID.randomUUID() + "@example.org";
    assertThat(new ApiClient(url("")).register(email, PASSWORD, "Next").status()).isEqualTo(201);
    chromium = HeadlessChromium.start();
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void everyHostileNextFallsBackToTheProjects() {
    for (String next : HOSTILE) {
      assertThat(nextPathFor(next)).as("next=%s", next.replace("\n", "\\n")).isEqualTo("/projects");
    }
  }

  @Test
  void pathsOfThisSiteAreKept() {
    for (String next :
        List.of("/settings", "/project/0123456789abcdef01234567", "/projects?x=1&y=%20#all")) {
      assertThat(nextPathFor(next)).isEqualTo(next);
    }
  }

  @Test
  void signingInWithAHostileNextStaysOnTheSite() {
    signIn("/\\evil.example/");

    wait.until(ExpectedConditions.urlToBe(url("/projects")));
  }

  @Test
  void signingInGoesBackToTheLocalNext() {
    signIn("/settings");

    wait.until(ExpectedConditions.urlToBe(url("/settings")));
  }

  private String nextPathFor(String next) {
    browser.get(url("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
    return (String)
        ((JavascriptExecutor) browser).executeScript("return Quire.nextPath('/projects')");
  }

  private void signIn(String next) {
    browser.manage().deleteAllCookies();
    browser.get(url("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("email")));
    field.sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
