package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.HeadlessChromium;
import java.io.IOException;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The editor page in real headless Chromium against web and a compile-worker (RabbitMQ, Redis, TeX
 * Live in the sandbox): compiling, the PDF preview, the log pane and SyncTeX both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorCompileIT {
  private static final String PASSWORD = "a good long password";

  private QuireStack stack;
  private HeadlessChromium chromium;
  private WebDriver browser;
  private WebDriverWait wait;
  private WebDriverWait compileWait;
  private ApiClient client;
  private String email;

  @BeforeAll
  void startStackAndBrowser() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    stack.startCompileWorker("compile-worker-editor", Map.of("quire.compile.concurrency", 1));
    client = stack.newClient();
    email = "editor-" + UUID.randomUUID() + "@example.org";
    assertThat(client.register(email, PASSWORD, "Editor").status()).isEqualTo(201);

    chromium = HeadlessChromium.start();
    browser = chromium.driver();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    compileWait = new WebDriverWait(browser, Duration.ofSeconds(90));
    signIn();
  }

  @AfterAll
  void stopStackAndBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theCompileButtonAndCtrlEnterShowThePdfWithItsPageCount() {
    String project = project(Map.of("main.tex", Documents.text("synctex-two-pages.tex")));
    open(project, "main.tex");

    browser.findElement(By.id("compile")).click();

    awaitCompiled("success");
    assertThat(pageCanvases()).hasSize(2);
    assertThat(browser.findElement(By.id("page-count")).getText()).isEqualTo("2 pages");
    assertThat(inkOn(1)).as("page 1 is drawn, not blank").isTrue();
    String firstPdf = browser.findElement(By.id("download")).getAttribute("href");

    // an edit after \end{document}: new inputs, so a new build, but the same two pages
    typeAtEnd("% edited in the browser\n");
    wait.until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
    browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));

    compileWait.until(
        d -> {
          String href = d.findElement(By.id("download")).getAttribute("href");
          return href != null && !href.equals(firstPdf);
        });
    awaitCompiled("success");
    assertThat(pageCanvases()).hasSize(2);
    assertThat(browser.findElement(By.id("page-count")).getText()).isEqualTo("2 pages");
    assertThat(inkOn(2)).as("page 2 is drawn, not blank").isTrue();
  }

  @Test
  void clickingAnErrorInTheLogOpensItsFileAtItsLine() {
    String project =
        project(
            Map.of(
                "main.tex", Documents.text("error-on-line-5.tex"), "notes.tex", "Some notes.\n"));
    open(project, "main.tex");
    browser.findElement(By.id("compile")).click();
    awaitCompiled("failure");
    // another file is open when the error is clicked
    browser.findElement(By.cssSelector("#file-tree li[data-path='notes.tex']")).click();
    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), "notes.tex"));
    wait.until(d -> text().equals("Some notes.\n"));

    WebElement error =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#log-entries li.log-error.clickable")));
    assertThat(error.findElement(By.className("log-where")).getText()).isEqualTo("main.tex:5");
    error.click();

    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), "main.tex"));
    wait.until(d -> text().contains("\\undefinedmacro") && cursorLine() == 5);
    assertThat(cursorLine()).isEqualTo(5);
  }

  @Test
  void aDoubleClickInThePdfMovesTheEditorToTheSourceLineAndShowInPdfMarksTheSpot() {
    String project = project(Map.of("main.tex", Documents.text("synctex-two-pages.tex")));
    open(project, "main.tex");
    browser.findElement(By.id("compile")).click();
    awaitCompiled("success");
    assertThat(cursorLine()).isEqualTo(1);

    // where line 5 ("Second page text here.") is set, as the API says, turned into canvas pixels
    JsonNode box = firstBox(project, 5);
    assertThat(box.get("page").asInt()).isEqualTo(2);
    WebElement page2 = pageCanvases().get(1);
    js("arguments[0].scrollIntoView({block: 'start'})", page2);
    double pixelsPerPoint = pixelsPerPoint(page2);
    // past the first word and just above the baseline, as in SynctexAndToolsIT
    int x = (int) Math.round((box.get("h").asDouble() + 30) * pixelsPerPoint);
    int y = (int) Math.round((box.get("v").asDouble() - 2) * pixelsPerPoint);
    // viewport coordinates: an element origin would count from the centre of its visible part
    List<?> corner =
        (List<?>)
            js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top];", page2);
    new Actions(browser)
        .moveToLocation(
            (int) Math.round(((Number) corner.get(0)).doubleValue() + x),
            (int) Math.round(((Number) corner.get(1)).doubleValue() + y))
        .doubleClick()
        .perform();

    // SyncTeX's answer for a point is the line of that paragraph's text, within a line
    wait.until(d -> cursorLine() != 1);
    assertThat(cursorLine()).isBetween(4, 6);

    // from the cursor on line 7 ("More on page two.") back to the PDF, scrolled to the top first
    js(
        "const v = window.quireEditor.view;"
            + " v.dispatch({selection: {anchor: v.state.doc.line(7).from + 3}});"
            + " document.getElementById('pdf').scrollTop = 0;");
    browser.findElement(By.id("show-in-pdf")).click();

    WebElement mark =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#pdf .pdf-page-wrapper .synctex-mark")));
    assertThat(mark.getAttribute("data-page")).isEqualTo("2");
    assertThat(
            (Boolean)
                js(
                    "const m = arguments[0].getBoundingClientRect();"
                        + " const c = arguments[0].parentElement"
                        + ".querySelector('canvas').getBoundingClientRect();"
                        + " const p = document.getElementById('pdf').getBoundingClientRect();"
                        + " return m.top >= c.top && m.bottom <= c.bottom"
                        + " && m.top >= p.top && m.bottom <= p.bottom;",
                    mark))
        .as("the mark lies on page 2 and is scrolled into view")
        .isTrue();
    assertThat(
            mark.findElement(By.xpath(".."))
                .findElement(By.tagName("canvas"))
                .getAttribute("data-page"))
        .isEqualTo("2");
  }

  @Test
  void withAutoCompileOnAnEditIsCompiledWithoutAClickWithTheChosenCompiler() {
    String project = project(Map.of("main.tex", Documents.text("synctex-two-pages.tex")));
    open(project, "main.tex");
    browser.findElement(By.id("compile")).click();
    awaitCompiled("success");
    String firstPdf = browser.findElement(By.id("download")).getAttribute("href");
    new Select(browser.findElement(By.id("compiler"))).selectByValue("xelatex");
    wait.until(
        d ->
            "xelatex"
                .equals(client.get("/api/projects/" + project).json().get("compiler").asString()));
    browser.findElement(By.id("auto-compile")).click();

    typeAtEnd("% compiled by itself\n");

    compileWait.until(
        d -> {
          String href = d.findElement(By.id("download")).getAttribute("href");
          return href != null && !href.equals(firstPdf);
        });
    awaitCompiled("success");
    String pdf = browser.findElement(By.id("download")).getAttribute("href");
    String path = pdf.substring(pdf.indexOf("/api/"));
    assertThat(Documents.pdfText(client.get(path).body())).contains("Second page text here.");
    assertThat(client.get(path.replace("output.pdf", "output.log")).text())
        .as("the log of this build")
        .startsWith("This is XeTeX");
  }

  @Test
  void aRunningCompileShowsItsSecondsAndTheStopButtonEndsOneThatWouldNeverFinish() {
    String project = project(Map.of("main.tex", Documents.text("loop.tex")));
    open(project, "main.tex");
    browser.findElement(By.id("compile")).click();
    WebElement stop = wait.until(ExpectedConditions.elementToBeClickable(By.id("stop")));
    wait.until(ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "running"));

    // the time counts up while it runs
    wait.until(d -> Integer.parseInt(compileState().getAttribute("data-elapsed")) >= 2);
    assertThat(compileState().getText()).matches("Compiling… \\d+ s");

    stop.click();

    compileWait.until(
        ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "terminated"));
    assertThat(compileState().getText()).isEqualTo("Stopped");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("stop")));
    assertThat(browser.findElement(By.id("compile")).isEnabled()).isTrue();
  }

  @Test
  void aCompileWaitingForTheWorkerShowsItsPlaceInTheQueueAndCanBeStoppedThere() {
    // the only compile slot is taken by another project's endless compile
    String busy = project(Map.of("main.tex", Documents.text("loop.tex")));
    Response started = client.postJson("/api/projects/" + busy + "/compile", Map.of());
    assertThat(started.status()).as(started.text()).isEqualTo(200);
    String busyJob = started.json().get("jobId").asString();
    compileWait.until(d -> compileStatus(busy, busyJob).equals("running"));

    String project = project(Map.of("main.tex", Documents.text("synctex-two-pages.tex")));
    open(project, "main.tex");
    browser.findElement(By.id("compile")).click();

    wait.until(ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "queued"));
    wait.until(ExpectedConditions.attributeToBe(By.id("compile-state"), "data-position", "1"));
    assertThat(compileState().getText()).isEqualTo("Queued: position 1");

    // stopped while it waits: it says so at once, though the worker is still busy
    browser.findElement(By.id("stop")).click();
    wait.until(
        ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", "terminated"));
    assertThat(compileState().getText()).isEqualTo("Stopped");
    assertThat(compileStatus(busy, busyJob)).isEqualTo("running");

    // once the slot is free, a new compile runs and shows its PDF
    assertThat(
            client
                .postJson("/api/projects/" + busy + "/compile/stop", Map.of("jobId", busyJob))
                .status())
        .isEqualTo(202);
    compileWait.until(d -> compileStatus(busy, busyJob).equals("terminated"));
    browser.findElement(By.id("compile")).click();
    awaitCompiled("success");
    assertThat(compileState().getText()).startsWith("Done");
    assertThat(pageCanvases()).hasSize(2);
  }

  @Test
  void aCompileThatLoadedTheCachedPreambleSaysSoDiscreetly() {
    String heavy = Documents.text("preamble/heavy.tex");
    String project = project(Map.of("main.tex", heavy.replace("BODY", "One")));
    // two compiles of one preamble: the worker dumps it into a format after the second
    for (String body : List.of("One", "Two")) {
      client.put("/api/projects/" + project + "/files/main.tex", heavy.replace("BODY", body));
      Response compiled =
          client.postJson("/api/projects/" + project + "/compile", Map.of("wait", true));
      assertThat(compiled.json().get("preambleCached").asBoolean()).isFalse();
    }
    client.put("/api/projects/" + project + "/files/main.tex", heavy.replace("BODY", "Three"));
    open(project, "main.tex");

    browser.findElement(By.id("compile")).click();

    awaitCompiled("success");
    assertThat(browser.findElement(By.id("compile-state")).getText())
        .startsWith("Done")
        .endsWith(" · preamble cached");
  }

  // --- steps -------------------------------------------------------------------------------------

  private void signIn() {
    browser.get(url("/login"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
  }

  private String project(Map<String, String> files) {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Paper " + UUID.randomUUID()));
    assertThat(created.status()).as(created.text()).isBetween(200, 201);
    String id = created.json().get("id").asString();
    files.forEach(
        (path, text) -> {
          Response put = client.put("/api/projects/" + id + "/files/" + path, text);
          assertThat(put.status()).as(put.text()).isBetween(200, 204);
        });
    return id;
  }

  private void open(String project, String path) {
    browser.get(url("/project/" + project));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), path));
  }

  private void awaitCompiled(String status) {
    compileWait.until(
        ExpectedConditions.attributeToBe(By.id("compile-state"), "data-status", status));
    if (status.equals("success")) {
      compileWait.until(d -> !d.findElement(By.id("page-count")).getText().isEmpty());
    } else {
      compileWait.until(
          ExpectedConditions.presenceOfElementLocated(By.cssSelector("#log-entries li")));
    }
  }

  private WebElement compileState() {
    return browser.findElement(By.id("compile-state"));
  }

  private String compileStatus(String project, String jobId) {
    Response status = client.get("/api/projects/" + project + "/compile/" + jobId);
    assertThat(status.status()).as(status.text()).isEqualTo(200);
    return status.json().get("status").asString();
  }

  private List<WebElement> pageCanvases() {
    return browser.findElements(By.cssSelector("#pdf canvas.pdf-page"));
  }

  /** Whether the canvas of a page has any dark pixel, i.e. PDF.js drew its text. */
  private boolean inkOn(int page) {
    return (Boolean)
        js(
            "const c = document.querySelector(`#pdf canvas[data-page='${arguments[0]}']`);"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " for (let i = 0; i < d.length; i += 4) {"
                + "   if (d[i + 3] > 0 && d[i] < 128 && d[i + 1] < 128 && d[i + 2] < 128)"
                + " return true; }"
                + " return false;",
            page);
  }

  private double pixelsPerPoint(WebElement canvas) {
    // the canvas is drawn at the preview's scale (CSS pixels per PDF point)
    return ((Number) js("return window.quirePreview.scale")).doubleValue()
        * canvas.getRect().getWidth()
        / ((Number) js("return arguments[0].width", canvas)).doubleValue();
  }

  private JsonNode firstBox(String project, int line) {
    Response forward =
        client.get("/api/projects/" + project + "/synctex/code?file=main.tex&line=" + line);
    assertThat(forward.status()).as(forward.text()).isEqualTo(200);
    return forward.json().get("boxes").get(0);
  }

  private void typeAtEnd(String keys) {
    browser.findElement(By.cssSelector("#editor .cm-content")).click();
    js(
        "const v = window.quireEditor.view;"
            + " v.dispatch({selection: {anchor: v.state.doc.length}}); v.focus();");
    browser.switchTo().activeElement().sendKeys(keys);
  }

  private String text() {
    return (String) js("return window.quireEditor ? window.quireEditor.text() : ''");
  }

  private int cursorLine() {
    return ((Number)
            js(
                "const v = window.quireEditor.view;"
                    + " return v.state.doc.lineAt(v.state.selection.main.head).number;"))
        .intValue();
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private String url(String path) {
    return "http://localhost:" + stack.webPort() + path;
  }
}
