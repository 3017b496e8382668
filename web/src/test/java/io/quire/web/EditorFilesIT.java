package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The editor's file tree in real headless Chromium: files and folders moved by drag and drop, files
 * dropped from the desktop uploaded one by one with their own progress and errors. HTML5 drag and
 * drop cannot be driven by WebDriver's mouse, so the steps dispatch the DragEvents a browser would,
 * with a DataTransfer holding the dragged entry or the desktop's File objects.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "quire.projects.max-upload=64KB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorFilesIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private ApiClient api;
  private EditorBrowser browser;

  @BeforeAll
  void signIn() {
    String email = "files-" + UUID.randomUUID() + "@example.org";
    api = new ApiClient("http://localhost:" + port);
    assertThat(api.register(email, PASSWORD, "Files").status()).isEqualTo(201);
    browser = new EditorBrowser("http://localhost:" + port).signIn(email, PASSWORD);
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void draggingOntoAFolderMovesFilesAndFoldersAndAClashIsShownWithoutMovingAnything() {
    String project =
        project(
            Map.of(
                "notes.tex", "Notes at the top.\n",
                "chapters/notes.tex", "Notes of the chapters.\n",
                "chapters/intro.tex", "\\section{Intro}\n"));
    api.put("/api/projects/" + project + "/files/figures/plot.png", png());
    browser.open(project, "main.tex");

    // a file of the same name is already in the folder: refused, said, nothing moved
    drag("notes.tex", "chapters");
    WebElement message = awaitTreeMessage("error");
    assertThat(message.getText()).contains("chapters/notes.tex already exists");
    assertThat(message.getAttribute("role")).isEqualTo("alert");
    assertThat(paths(project)).contains("notes.tex", "chapters/notes.tex");

    // the open document moves; the editor follows it and keeps working
    drag("main.tex", "chapters");
    browser.wait.until(ExpectedConditions.textToBe(By.id("doc-title"), "chapters/main.tex"));
    assertThat(paths(project)).contains("chapters/main.tex").doesNotContain("main.tex");
    browser.typeAtEnd("% after the move\n");
    browser.wait.until(d -> read(project, "chapters/main.tex").endsWith("% after the move\n"));

    // a folder moves with what it holds
    drag("figures", "chapters");
    browser.wait.until(d -> treeItem("chapters/figures/plot.png") != null);
    assertThat(paths(project)).contains("chapters/figures/plot.png").doesNotContain("figures");

    // empty space of the tree is the top of the project
    drag("chapters/intro.tex", null);
    browser.wait.until(d -> treeItem("intro.tex") != null);
    assertThat(paths(project)).contains("intro.tex").doesNotContain("chapters/intro.tex");

    // a folder cannot go into itself
    drag("chapters", "chapters/figures");
    assertThat(awaitTreeMessage("error").getText()).contains("into itself");
    assertThat(paths(project)).contains("chapters/figures/plot.png");
  }

  @Test
  void filesDroppedFromTheDesktopAreUploadedEachWithItsProgressAndErrorsDoNotStopTheOthers() {
    String project = project(Map.of("chapters/intro.tex", "\\section{Intro}\n"));
    browser.open(project, "main.tex");

    dropFiles(
        "chapters",
        List.of(
            textFile("fresh.tex", "\\section{Fresh}\n"),
            sizedFile("scan.pdf", 100 * 1024), // over this server's 64 KB limit
            sizedFile("plot.png", 40 * 1024),
            textFile("bad\u0007name.tex", "x")));
    WebElement fresh = awaitUpload("chapters/fresh.tex", "done");
    assertThat(fresh.findElement(By.className("upload-message")).getText()).isEqualTo("Uploaded.");
    WebElement plot = awaitUpload("chapters/plot.png", "done");
    assertThat(Long.parseLong(plot.getAttribute("data-sent")))
        .as("the progress bar followed the upload's progress events")
        .isGreaterThanOrEqualTo(40 * 1024);
    assertThat(plot.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("100");
    assertThat(awaitUpload("chapters/scan.pdf", "error").getText())
        .contains("Too large")
        .contains("100 KB")
        .contains("64 KB");
    assertThat(awaitUpload("chapters/bad\u0007name.tex", "error").getText()).contains("not a name");

    // a file named like an existing folder: the server refuses it, the other one goes in
    dropFiles(null, List.of(textFile("chapters", "not a folder"), textFile("data.csv", "a,b\n")));
    assertThat(awaitUpload("chapters", "error").getText()).contains("chapters is a folder");
    awaitUpload("data.csv", "done");
    assertThat(browser.findAll("#uploads li[data-state=error]"))
        .as("failures stay until dismissed")
        .hasSize(3);

    browser.wait.until(d -> treeItem("chapters/fresh.tex") != null && treeItem("data.csv") != null);
    assertThat(paths(project))
        .contains("chapters/fresh.tex", "chapters/plot.png", "data.csv", "chapters")
        .doesNotContain("chapters/scan.pdf");
    assertThat(read(project, "chapters/fresh.tex")).isEqualTo("\\section{Fresh}\n");
    assertThat(kind(project, "chapters")).isEqualTo("folder");
  }

  @Test
  void aFileDroppedOverTheOpenDocumentReplacesItsTextLiveOnceTheUserSaysSo() {
    String project = project(Map.of());
    browser.open(project, "main.tex");
    String before = browser.text();
    // another editor of the same document, over its own socket
    String token =
        api.postJson("/api/me/tokens", Map.of("name", "other", "scopes", List.of("api")))
            .json()
            .get("token")
            .asString();
    CollabTestClient other =
        CollabTestClient.join("http://localhost:" + port, token, project, docId(project));

    dropFiles(null, List.of(textFile("main.tex", "Replaced by a skipped drop.\n")));
    WebElement skipped = awaitUpload("main.tex", "confirm");
    skipped.findElement(By.className("upload-skip")).click();
    awaitUpload("main.tex", "skipped");
    assertThat(browser.text()).isEqualTo(before);

    String dropped = "\\documentclass{article}\n\\begin{document}\nDropped in.\n\\end{document}\n";
    dropFiles(null, List.of(textFile("main.tex", dropped)));
    WebElement asked = awaitUpload("main.tex", "confirm");
    assertThat(asked.getText()).contains("Replace the existing file?");
    asked.findElement(By.className("upload-replace")).click();

    assertThat(awaitUpload("main.tex", "done").getText()).contains("Replaced.");
    browser.wait.until(d -> browser.text().equals(dropped));
    browser.wait.until(d -> dropped.equals(other.text()));
    JsonNode update =
        other.received.stream()
            .filter(m -> m.path("type").asString().equals("updates"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .get("updates")
            .get(0);
    assertThat(update.get("clientID").asString())
        .as("the upload reached the editors as an ordinary update made by Quire")
        .isEqualTo("server");
    other.close();
    // still the same document, still editable
    browser.typeAtEnd("% typed after the upload\n");
    browser.wait.until(
        d -> read(project, "main.tex").equals(dropped + "% typed after the upload\n"));
  }

  // --- steps -------------------------------------------------------------------------------------

  private String project(Map<String, String> files) {
    Response created = api.postJson("/api/projects", Map.of("name", "Tree " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    files.forEach(
        (path, text) ->
            assertThat(api.put("/api/projects/" + id + "/files/" + path, text).status())
                .isBetween(200, 204));
    return id;
  }

  private static byte[] png() {
    return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
  }

  private List<String> paths(String project) {
    List<String> paths = new ArrayList<>();
    for (JsonNode entity : api.get("/api/projects/" + project + "/tree").json().get("entities")) {
      paths.add(entity.get("path").asString());
    }
    return paths;
  }

  private String kind(String project, String path) {
    for (JsonNode entity : api.get("/api/projects/" + project + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals(path)) {
        return entity.get("kind").asString();
      }
    }
    return null;
  }

  private String docId(String project) {
    for (JsonNode entity : api.get("/api/projects/" + project + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals("main.tex")) {
        return entity.get("docId").asString();
      }
    }
    throw new AssertionError("no main.tex");
  }

  private String read(String project, String path) {
    return api.get("/api/projects/" + project + "/files/" + path).text();
  }

  private WebElement treeItem(String path) {
    List<WebElement> found =
        browser.findAll("#file-tree li[data-path=\"" + path.replace("\"", "\\\"") + "\"]");
    return found.isEmpty() ? null : found.get(0);
  }

  /** Drags a tree entry onto another ({@code null}: the tree's empty space), as HTML5 DnD does. */
  private void drag(String from, String onto) {
    browser.js("document.getElementById('tree-message').hidden = true;");
    browser.js(
        """
        const item = (p) => document.querySelector(`#file-tree li[data-path="${p}"]`);
        const source = item(arguments[0]);
        const target = arguments[1] ? item(arguments[1]) : document.getElementById('file-tree');
        const data = new DataTransfer();
        const fire = (el, type) => el.dispatchEvent(
            new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
        fire(source, 'dragstart');
        fire(target, 'dragenter');
        fire(target, 'dragover');
        fire(target, 'drop');
        fire(source, 'dragend');
        """,
        from,
        onto);
  }

  private record DroppedFile(String name, String text, int size) {}

  private static DroppedFile textFile(String name, String text) {
    return new DroppedFile(name, text, -1);
  }

  private static DroppedFile sizedFile(String name, int size) {
    return new DroppedFile(name, null, size);
  }

  /** Drops files "from the desktop" on a folder of the tree ({@code null}: its empty space). */
  private void dropFiles(String folder, List<DroppedFile> files) {
    List<List<Object>> specs = new ArrayList<>();
    files.forEach(f -> specs.add(List.of(f.name(), f.text() == null ? "" : f.text(), f.size())));
    browser.js(
        """
        const target = arguments[0]
            ? document.querySelector(`#file-tree li[data-path="${arguments[0]}"]`)
            : document.getElementById('file-tree');
        const data = new DataTransfer();
        for (const [name, text, size] of arguments[1]) {
          const content = size >= 0 ? new Uint8Array(size).fill(7) : text;
          data.items.add(new File([content], name));
        }
        const fire = (type) => target.dispatchEvent(
            new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
        fire('dragenter');
        fire('dragover');
        fire('drop');
        """,
        folder,
        specs);
  }

  private WebElement awaitUpload(String path, String state) {
    String css =
        "#uploads li.upload[data-path=\""
            + path.replace("\"", "\\\"")
            + "\"][data-state="
            + state
            + "]";
    return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private WebElement awaitTreeMessage(String kind) {
    return browser.wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#tree-message[data-kind=" + kind + "]")));
  }
}
