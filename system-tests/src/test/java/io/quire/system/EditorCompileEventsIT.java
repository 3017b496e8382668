package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.HeadlessChromium;
import java.time.Duration;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/**
 * The editor page in real headless Chromium hearing of compiles over its collaboration socket: its
 * own compile ends when the {@code compile.completed} message comes, and a collaborator's compile
 * is offered as a notice that loads that PDF only when clicked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorCompileEventsIT {
  private static final String PASSWORD = "a good long password";
  private static final String THREE_PAGES =
      Documents.text("synctex-two-pages.tex")
          .replace("\\end{document}", "\\newpage\nThird page, by Ada.\n\\end{document}");

  private QuireStack stack;
  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;
  private WebDriverWait compileWait;
  private ApiClient client;
  private ApiClient ada;
  private String email;

  @BeforeAll
  void startStackAndBrowser() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    stack.startCompileWorker(
        "compile-worker-editor-events", Map.of("quire.compile.concurrency", 1));
    client = stack.newClient();
    email = "erin-" + UUID.randomUUID() + "@example.org";
    assertThat(client.register(email, PASSWORD, "Erin Editor").status()).isEqualTo(201);
    ada = stack.newClient();
    assertThat(
            ada.register("ada-" + UUID.randomUUID() + "@example.org", PASSWORD, "Ada Lovelace")
                .status())
        .isEqualTo(201);

    chromium = HeadlessChromium.start();
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    compileWait = new WebDriverWait(browser, Duration.ofSeconds(90));
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
  void theEditorsCompileEndsWithItsCompletedMessageNotWithAPoll() {
    String project = project(Documents.text("synctex-two-pages.tex"));
    open(project);
    // the fallback poll would first ask after ten minutes: only the message can end the compile
    js("window.quireCompile.pollMs = 600000");

    browser.findElement(By.id("compile")).click();

    compileWait.until(
        ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "success"));
    wait.until(ExpectedConditions.textToBe(By.id("page-count"), "2 pages"));
    WebElement state = browser.findElement(By.id("compile-state"));
    assertThat(state.getAttribute("data-ended-by")).isEqualTo("event");
    assertThat(state.getAttribute("data-polls")).isEqualTo("0");
    assertThat(state.getAttribute("data-events")).as("compile.completed messages").isEqualTo("1");
    assertThat(state.getText()).startsWith("Done");
    assertThat(browser.findElement(By.id("compile-notice")).isDisplayed())
        .as("one's own compile is no news")
        .isFalse();
  }

  @Test
  void aCollaboratorsCompileIsOfferedAndItsPdfShownOnlyWhenAsked() {
    String project = project(Documents.text("synctex-two-pages.tex"));
    share(project, ada);
    open(project);
    browser.findElement(By.id("compile")).click();
    compileWait.until(
        ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "success"));
    wait.until(ExpectedConditions.textToBe(By.id("page-count"), "2 pages"));
    String ownPdf = browser.findElement(By.id("download")).getAttribute("href");

    // Ada adds a page and compiles, through the API, as another editor would
    Response put = ada.put("/api/projects/" + project + "/files/main.tex", THREE_PAGES);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
    Response compiled = ada.postJson("/api/projects/" + project + "/compile", Map.of("wait", true));
    assertThat(compiled.status()).as(compiled.text()).isEqualTo(200);
    JsonNode view = compiled.json();
    assertThat(view.get("status").asString()).isEqualTo("success");
    String adasBuild = view.get("buildId").asString();

    WebElement notice =
        compileWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compile-notice")));
    assertThat(notice.getAttribute("data-build-id")).isEqualTo(adasBuild);
    assertThat(browser.findElement(By.id("compile-notice-text")).getText())
        .isEqualTo("Ada Lovelace compiled: success");
    WebElement show = browser.findElement(By.id("compile-notice-show"));
    assertThat(show.getText()).isEqualTo("Show the new PDF");
    assertThat(browser.findElement(By.id("download")).getAttribute("href"))
        .as("the PDF on screen stays until asked")
        .isEqualTo(ownPdf);
    assertThat(browser.findElement(By.id("page-count")).getText()).isEqualTo("2 pages");

    show.click();

    wait.until(ExpectedConditions.textToBe(By.id("page-count"), "3 pages"));
    assertThat(browser.findElement(By.id("download")).getAttribute("href"))
        .contains("/builds/" + adasBuild + "/output.pdf");
    assertThat(browser.findElements(By.cssSelector("#pdf canvas.pdf-page"))).hasSize(3);
    assertThat(notice.isDisplayed()).isFalse();
  }

  // --- steps -------------------------------------------------------------------------------------

  private void signIn() {
    browser.get(url("/login"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
  }

  private String project(String mainTex) {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Paper " + UUID.randomUUID()));
    assertThat(created.status()).as(created.text()).isBetween(200, 201);
    String id = created.json().get("id").asString();
    Response put = client.put("/api/projects/" + id + "/files/main.tex", mainTex);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
    return id;
  }

  /** Makes {@code collaborator} a member through the project's write link. */
  private void share(String project, ApiClient collaborator) {
    JsonNode links =
        client
            .postJson("/api/projects/" + project + "/link-sharing", Map.of("enabled", true))
            .json();
    Response joined =
        collaborator.postJson(
            "/api/projects/" + project + "/join",
            Map.of("token", links.get("writeToken").asString()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
  }

  /** Opens the editor and waits until its socket hears of the project's compiles. */
  private void open(String project) {
    browser.get(url("/project/" + project));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), "main.tex"));
    wait.until(d -> Boolean.TRUE.equals(js("return window.quireCompile.live()")));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private String url(String path) {
    return "http://localhost:" + stack.webPort() + path;
  }
}
