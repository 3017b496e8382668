package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
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

/** The editor page in two real headless Chromium sessions, as two people editing together. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorPageIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private final List<HeadlessChromium> browsers = new ArrayList<>();

  @AfterAll
  void stopBrowsers() {
    browsers.forEach(HeadlessChromium::close);
  }

  private WebDriver browser() {
    HeadlessChromium chromium = HeadlessChromium.start();
    browsers.add(chromium);
    return chromium.driver();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private record Person(String email, String name, ApiClient api) {}

  private Person registered(String name) {
    String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
    ApiClient api = new ApiClient(url(""));
    assertThat(api.register(email, PASSWORD, name).status()).isEqualTo(201);
    return new Person(email, name, api);
  }

  /** A project of {@code owner} that {@code other} joined with the given link. */
  private String sharedProject(Person owner, Person other, String link) {
    String id =
        owner.api().postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    var links =
        owner.api().postJson("/api/projects/" + id + "/link-sharing", Map.of("enabled", true));
    assertThat(
            other
                .api()
                .postJson(
                    "/api/projects/" + id + "/join",
                    Map.of("token", links.json().get(link).asString()))
                .status())
        .isEqualTo(200);
    return id;
  }

  private WebDriverWait signedIn(WebDriver browser, Person person, String next) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    browser.get(url("/login?next=" + next));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(person.email());
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.urlContains(next));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    return wait;
  }

  private static String text(WebDriver browser) {
    return (String)
        ((JavascriptExecutor) browser).executeScript("return window.quireEditor.text()");
  }

  private static void typeAtEnd(WebDriver browser, String keys) {
    WebElement content = browser.findElement(By.cssSelector("#editor .cm-content"));
    content.click();
    ((JavascriptExecutor) browser)
        .executeScript(
            "const v = window.quireEditor.view;"
                + " v.dispatch({selection: {anchor: v.state.doc.length}}); v.focus();");
    browser.switchTo().activeElement().sendKeys(keys);
  }

  @Test
  void twoPeopleSeeEachOthersTypingAndCursor() throws IOException {
    Person alice = registered("Alice");
    Person bob = registered("Bob");
    String projectId = sharedProject(alice, bob, "writeToken");
    WebDriver aliceBrowser = browser();
    WebDriver bobBrowser = browser();
    WebDriverWait aliceWait = signedIn(aliceBrowser, alice, "/project/" + projectId);
    WebDriverWait bobWait = signedIn(bobBrowser, bob, "/project/" + projectId);

    typeAtEnd(aliceBrowser, "Typed by Alice.");
    bobWait.until(b -> text(b).contains("Typed by Alice."));
    typeAtEnd(bobBrowser, " And by Bob.");
    aliceWait.until(b -> text(b).contains("Typed by Alice. And by Bob."));

    assertThat(text(aliceBrowser)).isEqualTo(text(bobBrowser));
    aliceWait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".remote-cursor-name"), "Bob"));
    bobWait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".remote-cursor-name"), "Alice"));
    bobWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("save-state"), "saved"));
    String stored = alice.api().get("/api/projects/" + projectId + "/files/main.tex").text();
    assertThat(stored).isEqualTo(text(bobBrowser));
  }

  @Test
  void aReadOnlyMemberSeesTheBannerAndCannotType() throws IOException {
    Person owner = registered("Owner");
    Person reader = registered("Reader");
    String projectId = sharedProject(owner, reader, "readToken");
    WebDriver browser = browser();
    WebDriverWait wait = signedIn(browser, reader, "/project/" + projectId);

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readonly-banner")));
    String before = text(browser);
    assertThat(
            browser
                .findElement(By.cssSelector("#editor .cm-content"))
                .getAttribute("contenteditable"))
        .isEqualTo("false");
    assertThat(browser.findElement(By.id("new-file")).isDisplayed()).isFalse();
    owner.api().put("/api/projects/" + projectId + "/files/main.tex", before + "% owner's note\n");
    wait.until(b -> text(b).endsWith("% owner's note\n"));
  }

  @Test
  void filesAreCreatedFromTheTreeAndOpenInTheEditor() throws IOException {
    Person owner = registered("Writer");
    Person other = registered("Other");
    String projectId = sharedProject(owner, other, "readToken");
    WebDriver browser = browser();
    WebDriverWait wait = signedIn(browser, owner, "/project/" + projectId);

    browser.findElement(By.id("new-file")).click();
    var prompt = wait.until(ExpectedConditions.alertIsPresent());
    prompt.sendKeys("chapter.tex");
    prompt.accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("doc-title"), "chapter.tex"));
    wait.until(b -> text(b).isEmpty());
    typeAtEnd(browser, "\\section{Two}");
    wait.until(
        b ->
            owner
                .api()
                .get("/api/projects/" + projectId + "/files/chapter.tex")
                .text()
                .equals("\\section{Two}"));
  }
}
