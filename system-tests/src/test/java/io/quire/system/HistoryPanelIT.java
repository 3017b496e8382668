package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.blob.Hashes;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The history panel of the editor page in real headless Chromium against web and a history-worker
 * (RabbitMQ, Redis): versions listed with their authors and labels, the diff of two versions with
 * its added and removed lines, and a file restored from an older version into the open editor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPanelIT {
  private static final String PASSWORD = "a good long password";
  private static final String FIRST = "\\section{Draft}\nfirst line\nsecond line\n";
  private static final String SECOND =
      "\\section{Draft}\nfirst line\nsecond line, rewritten\nthird\n";

  private QuireStack stack;
  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;
  private ApiClient client;
  private String email;

  @BeforeAll
  void startStackAndBrowser() throws Exception {
    stack = new QuireStack().startWeb(Map.of("quire.history.debounce", "300ms"));
    // no merging of bursts, so each awaited state is a version of its own
    stack.startHistoryWorker("history-worker-panel", Map.of("quire.history.merge-window", "0s"));
    client = stack.newClient();
    email = "historian-" + UUID.randomUUID() + "@example.org";
    assertThat(client.register(email, PASSWORD, "Hilda Historian").status()).isEqualTo(201);

    chromium = HeadlessChromium.start();
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // the panel redraws its list after each change
    wait.ignoring(StaleElementReferenceException.class);
    signIn();
  }

  @AfterAll
  void stopStackAndBrowser() {
    if (chromium != null) {
      chromium.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void thePanelListsVersionsShowsADiffAndRestoresAFileIntoTheEditor() {
    String project = project();
    long first = putAndAwaitVersion(project, FIRST);
    long second = putAndAwaitVersion(project, SECOND);
    open(project);
    wait.until(d -> SECOND.equals(editorText()));

    browser.findElement(By.id("history-open")).click();

    // the versions, newest first, with who made them and what they changed
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#history-versions li[data-version='" + second + "']")));
    List<WebElement> items = browser.findElements(By.cssSelector("#history-versions li"));
    assertThat(items.get(0).getAttribute("data-version")).isEqualTo(String.valueOf(second));
    assertThat(items).hasSizeGreaterThanOrEqualTo(2);
    assertThat(browser.findElement(By.id("history-more")).isDisplayed())
        .as("one page: nothing older to load")
        .isFalse();
    WebElement newest = version(second);
    assertThat(newest.findElement(By.className("history-authors")).getText())
        .isEqualTo("Hilda Historian");
    assertThat(newest.findElement(By.className("history-summary")).getText())
        .isEqualTo("main.tex edited +2 −1");

    // compare the two versions by picking them: the changed file's diff is shown
    version(first).findElement(By.cssSelector("input.history-from")).click();
    version(second).findElement(By.cssSelector("input.history-to")).click();
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#history-compare .history-range"),
            "Changes from v" + first + " to v" + second));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-diff .diff-table")));
    assertThat(lines("removed")).containsExactly("− second line");
    assertThat(lines("added")).containsExactly("+ second line, rewritten", "+ third");
    assertThat(
            browser
                .findElement(By.cssSelector("#history-diff .diff-removed"))
                .getCssValue("background-color"))
        .as("removed lines are highlighted")
        .isNotEqualTo(
            browser
                .findElement(By.cssSelector("#history-diff .diff-same"))
                .getCssValue("background-color"));

    // a label on the older version, shown in the list, then deleted again
    version(first).findElement(By.className("history-number")).click();
    wait.until(
        ExpectedConditions.attributeContains(
            By.id("history-label-input"), "placeholder", "version " + first));
    browser.findElement(By.id("history-label-input")).sendKeys("submitted draft");
    browser.findElement(By.id("history-label-add")).click();
    wait.until(d -> version(first).findElements(By.className("history-label")).size() == 1);
    assertThat(version(first).findElement(By.className("history-label")).getText())
        .startsWith("submitted draft");
    assertThat(labels(project, first)).containsExactly("submitted draft");
    version(first).findElement(By.className("history-label-delete")).click();
    wait.until(d -> version(first).findElements(By.className("history-label")).isEmpty());
    assertThat(labels(project, first)).isEmpty();

    // restore main.tex as in the older version: confirmed in a dialog, then live in the editor
    click(By.cssSelector("#history-files li[data-path='main.tex']"));
    click(By.id("history-restore-file"));
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-confirm")));
    assertThat(dialog.findElement(By.id("history-confirm-text")).getText())
        .contains("main.tex")
        .contains("version " + first);
    browser.findElement(By.id("history-confirm-ok")).click();

    wait.until(d -> FIRST.equals(editorText()));
    wait.until(ExpectedConditions.textToBe(By.id("history-status"), restoredMessage(first)));
    Response current = client.get("/api/projects/" + project + "/files/main.tex");
    assertThat(current.text()).isEqualTo(FIRST);
    // and the restore is a version of its own, authored by the user who restored
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> newestVersion(project).get("number").asLong() > second);
    assertThat(newestVersion(project).get("authors").get(0).get("name").asString())
        .isEqualTo("Hilda Historian");
  }

  @Test
  void cancellingTheConfirmationRestoresNothing() {
    String project = project();
    long first = putAndAwaitVersion(project, FIRST);
    putAndAwaitVersion(project, SECOND);
    open(project);
    wait.until(d -> SECOND.equals(editorText()));
    browser.findElement(By.id("history-open")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#history-versions li[data-version='" + first + "']")));

    version(first).findElement(By.className("history-number")).click();
    click(By.id("history-restore-project"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-confirm")));
    browser.findElement(By.id("history-confirm-cancel")).click();

    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("history-confirm")));
    assertThat(client.get("/api/projects/" + project + "/files/main.tex").text()).isEqualTo(SECOND);
    assertThat(editorText()).isEqualTo(SECOND);
  }

  // --- steps -------------------------------------------------------------------------------------

  private void signIn() {
    browser.get(url("/login"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
  }

  private String project() {
    Response created =
        client.postJson("/api/projects", Map.of("name", "History " + UUID.randomUUID()));
    assertThat(created.status()).as(created.text()).isBetween(200, 201);
    return created.json().get("id").asString();
  }

  /** Writes main.tex and waits for the version that holds it; returns its number. */
  private long putAndAwaitVersion(String project, String text) {
    Response put = client.put("/api/projects/" + project + "/files/main.tex", text);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
    String hash = Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
    long[] number = {0};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode newest = newestVersion(project);
              if (newest == null) {
                return false;
              }
              long n = newest.get("number").asLong();
              JsonNode detail =
                  client.get("/api/projects/" + project + "/history/versions/" + n).json();
              for (JsonNode file : detail.get("files")) {
                if (file.get("path").asString().equals("main.tex")
                    && file.get("hash").asString().equals(hash)) {
                  number[0] = n;
                  return true;
                }
              }
              return false;
            });
    return number[0];
  }

  private JsonNode newestVersion(String project) {
    JsonNode versions =
        client.get("/api/projects/" + project + "/history/versions?limit=1").json().get("versions");
    return versions.isEmpty() ? null : versions.get(0);
  }

  private List<String> labels(String project, long number) {
    JsonNode versions =
        client
            .get("/api/projects/" + project + "/history/versions?limit=1&before=" + (number + 1))
            .json()
            .get("versions");
    List<String> comments = new java.util.ArrayList<>();
    versions.get(0).get("labels").forEach(l -> comments.add(l.get("comment").asString()));
    return comments;
  }

  private void open(String project) {
    browser.get(url("/project/" + project));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), "main.tex"));
  }

  /** Clicks an element the panel may be redrawing: found again until the click lands. */
  private void click(By locator) {
    wait.until(
        d -> {
          d.findElement(locator).click();
          return true;
        });
  }

  private WebElement version(long number) {
    return browser.findElement(
        By.cssSelector("#history-versions li[data-version='" + number + "']"));
  }

  private List<String> lines(String type) {
    return browser
        .findElements(By.cssSelector("#history-diff tr.diff-" + type + " .diff-text"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String restoredMessage(long version) {
    return "Restored main.tex as in v" + version;
  }

  private String editorText() {
    return (String)
        ((JavascriptExecutor) browser)
            .executeScript("return window.quireEditor ? window.quireEditor.text() : ''");
  }

  private String url(String path) {
    return "http://localhost:" + stack.webPort() + path;
  }
}
