package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Hostile uploads opened directly in a signed-in headless Chromium, as a victim following a link
 * would: their script would set the page title and, with the victim's session and CSRF cookie,
 * write a file into the project. Neither may happen. And Quire's own pages work under their
 * Content-Security-Policy, which does refuse an inline script.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserContentBrowserIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private ApiClient api;
  private String project;
  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;
  private Path downloads;

  @BeforeAll
  void signIn() throws IOException {
    String email = "victim-" + UUID.randomUUID() + "@example.org";
    api = new ApiClient(url(""));
    assertThat(api.register(email, PASSWORD, "Victim").status()).isEqualTo(201);
    project = api.postJson("/api/projects", Map.of("name", "Shared")).json().get("id").asString();
    downloads = Files.createTempDirectory("quire-downloads-");
    chromium = HeadlessChromium.start();
    chromium.downloadTo(downloads);
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(url("/login"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.urlContains("/projects"));
  }

  @AfterAll
  void closeBrowser() throws IOException {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      FileSystemUtils.deleteRecursively(downloads);
    }
  }

  @Test
  void anUploadedSvgWithAScriptIsDownloadedAndNothingRuns() {
    String marker = "stolen-by-svg.txt";
    byte[] svg =
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<script><![CDATA["
                + attack(marker)
                + "]]></script></svg>")
            .getBytes(StandardCharsets.UTF_8);
    upload("evil.svg", svg);

    openDirectly("evil.svg", marker);

    assertNothingRan(marker);
    assertThat(downloads.resolve("evil.svg")).hasBinaryContent(svg);
  }

  @Test
  void anUploadedHtmlFileStoredAsBinaryIsDownloadedAndNothingRuns() {
    String marker = "stolen-by-html.txt";
    byte[] html =
        ("<!doctype html><html><body>\u00e9<script>" + attack(marker) + "</script></body></html>")
            .getBytes(StandardCharsets.ISO_8859_1); // é as one byte: not UTF-8, so a binary file
    upload("invoice.html", html);
    assertThat(api.get(filePath("invoice.html")).header("X-Quire-Kind")).hasValue("file");

    openDirectly("invoice.html", marker);

    assertNothingRan(marker);
    assertThat(downloads.resolve("invoice.html")).hasBinaryContent(html);
  }

  @Test
  void anHtmlDocumentIsShownAsTextAndNothingRuns() {
    String marker = "stolen-by-doc.txt";
    String html =
        "<!doctype html><html><body><script>" + attack(marker) + "</script></body></html>";
    upload("notes.html", html.getBytes(StandardCharsets.UTF_8));

    browser.get(url(filePath("notes.html")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "<script>"));

    assertNothingRan(marker);
  }

  @Test
  void htmlNamedAsAnImageIsShownAsABrokenImageAndNothingRuns() {
    String marker = "stolen-by-png.txt";
    String html =
        "<!doctype html><html><body><script>" + attack(marker) + "</script></body></html>";
    upload("photo.png", html.getBytes(StandardCharsets.UTF_8));

    browser.get(url(filePath("photo.png")));
    wait.until(d -> d.findElements(By.tagName("img")).size() == 1);

    assertNothingRan(marker);
  }

  @Test
  void quirePagesRefuseAnInlineScript() {
    browser.get(url("/projects"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
    chromium.cspViolations(); // what came before is the other tests' business

    // DevTools may run script on any page; the script it adds to the page may not run
    ((JavascriptExecutor) browser)
        .executeScript(
            "const s = document.createElement('script');"
                + " s.textContent = 'window.injected = true';"
                + " document.body.append(s);");

    assertThat(((JavascriptExecutor) browser).executeScript("return window.injected === true"))
        .isEqualTo(false);
    assertThat(chromium.cspViolations())
        .anySatisfy(v -> assertThat(v).contains("inline script").contains("script-src 'self'"));
  }

  @Test
  void quirePagesWorkUnderTheirPolicy() {
    chromium.cspViolations(); // what came before is the other tests' business
    for (String page : new String[] {"/projects", "/settings", "/admin", "/admin/queues"}) {
      browser.get(url(page));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
    }
    browser.get(url("/project/" + project));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    browser.findElement(By.id("history-open")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("history-close")));
    browser.get(url("/swagger-ui.html"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .info")));

    assertThat(chromium.cspViolations()).isEmpty();
  }

  // --- helpers
  // -------------------------------------------------------------------------------------

  /**
   * What a stolen session would do: mark the page, then write a file into the project with the
   * victim's cookies and CSRF token.
   */
  private String attack(String marker) {
    return "document.title = 'pwned';"
        + " (async () => {"
        + " await fetch('/api/auth/csrf', {credentials: 'include'});"
        + " const token = decodeURIComponent(document.cookie.split('; ')"
        + ".find(c => c.startsWith('XSRF-TOKEN=')).substring(11));"
        + " await fetch('"
        + filePath(marker)
        + "', {method: 'PUT', credentials: 'include',"
        + " headers: {'X-XSRF-TOKEN': token}, body: 'stolen'});"
        + " })();";
  }

  private void upload(String name, byte[] content) {
    assertThat(
            api.postMultipart(
                    "/api/projects/" + project + "/upload", "file", name, content, Map.of())
                .status())
        .isIn(200, 201);
  }

  /**
   * Follows a link to the file and waits until the browser has either saved it or run it to the
   * end, when the file the script writes is there.
   */
  private void openDirectly(String name, String marker) {
    browser.get(url("/projects"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
    browser.get(url(filePath(name)));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Files.isRegularFile(downloads.resolve(name))
                    || api.get(filePath(marker)).status() == 200);
  }

  private void assertNothingRan(String marker) {
    assertThat(browser.getTitle()).isNotEqualTo("pwned");
    assertThat(api.get(filePath(marker)).status())
        .as("the file the script would write")
        .isEqualTo(404);
  }

  private String filePath(String name) {
    return "/api/projects/" + project + "/files/" + name;
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
