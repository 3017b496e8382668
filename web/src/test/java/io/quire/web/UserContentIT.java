package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.blob.BlobStore;
import io.quire.common.compile.CompileStore;
import io.quire.common.history.FileChange;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import io.quire.common.history.VersionStore;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every answer that carries bytes a user chose is inert in a browser: only text and raster images
 * are shown in place, everything else is a download, nothing is sniffed, and the sandbox policy
 * keeps even a shown file from running script or reaching Quire's cookies. And Quire's own pages
 * run only Quire's script files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserContentIT {
  static final String SVG_WITH_SCRIPT =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
          + "<script>document.title = 'pwned'</script></svg>";
  static final String HTML_WITH_SCRIPT =
      "<!doctype html><html><body><script>document.title = 'pwned'</script></body></html>";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;
  @Autowired CompileStore compileStore;
  @Autowired VersionStore versions;
  @Autowired BlobStore blobs;

  private ApiClient owner;
  private String project;

  @BeforeAll
  void createProject() {
    owner = new ApiClient("http://localhost:" + port);
    owner.register("content-" + UUID.randomUUID() + "@example.org", "a good long password", "C");
    project =
        owner
            .postJson("/api/projects", Map.of("name", "Hostile files"))
            .json()
            .get("id")
            .asString();
  }

  // --- project files -----------------------------------------------------------------------------

  @Test
  void anSvgWithAScriptIsADownloadNeverAnImage() {
    Response file = putAndGet("evil.svg", bytes(SVG_WITH_SCRIPT), null);

    assertDownload(file, "evil.svg");
  }

  @Test
  void anSvgSentAsTextIsStillADownload() {
    Response file = putAndGet("x.svg", bytes(SVG_WITH_SCRIPT), "text/plain; charset=utf-8");

    assertThat(file.header("X-Quire-Kind")).hasValue("file");
    assertDownload(file, "x.svg");
  }

  @Test
  void anHtmlFileIsShownAsPlainTextOnly() {
    Response file = putAndGet("page.html", bytes(HTML_WITH_SCRIPT), "text/html");

    assertThat(file.header("X-Quire-Kind")).hasValue("doc");
    assertInline(file, "text/plain;charset=UTF-8", "page.html");
    assertThat(file.text()).isEqualTo(HTML_WITH_SCRIPT);
  }

  @Test
  void anHtmlFileWithOneBadByteIsStoredAsBinaryAndIsADownload() {
    byte[] content = bytes(HTML_WITH_SCRIPT + "\u0000");
    content[content.length - 1] = (byte) 0xff;

    Response file = putAndGet("broken.html", content, null);

    assertThat(file.header("X-Quire-Kind")).hasValue("file");
    assertDownload(file, "broken.html");
  }

  @Test
  void everyOtherPageLikeNameIsADownloadInAnyCase() {
    for (String name : List.of("a.htm", "b.xhtml", "c.SVG", "d.shtml", "e.svgz", "f", "g.js.")) {
      byte[] content = bytes(HTML_WITH_SCRIPT + "\u0000");
      content[content.length - 1] = (byte) 0xff;
      assertDownload(putAndGet(name, content, null), name);
    }
  }

  @Test
  void rasterImagesAreShownAsTheirOwnTypeWhateverTheirBytes() {
    // HTML named .png: typed image/png and nosniff, so a browser shows a broken image, nothing else
    assertInline(putAndGet("fake.png", bytes(HTML_WITH_SCRIPT), null), "image/png", "fake.png");
    assertInline(putAndGet("photo.JPG", new byte[] {1, 2, 3}, null), "image/jpeg", "photo.JPG");
    assertInline(putAndGet("anim.gif", new byte[] {1, 2, 3}, null), "image/gif", "anim.gif");
    assertInline(putAndGet("pic.webp", new byte[] {1, 2, 3}, null), "image/webp", "pic.webp");
  }

  @Test
  void aPdfIsADownloadOfItsOwnType() {
    Response file = putAndGet("paper.pdf", bytes("%PDF-1.4\n" + HTML_WITH_SCRIPT), null);

    assertUserContent(file);
    assertThat(file.header("Content-Type")).hasValue("application/pdf");
    assertThat(file.header("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));
  }

  @Test
  void theDownloadNameIsSafeAndExact() {
    Response file = putAndGet("figures/Grüße & «co» v2.svg", bytes(SVG_WITH_SCRIPT), null);

    assertThat(file.header("Content-Disposition"))
        .hasValue(
            "attachment; filename=\"Gr__e _ _co_ v2.svg\";"
                + " filename*=UTF-8''Gr%C3%BC%C3%9Fe%20&%20%C2%ABco%C2%BB%20v2.svg");
  }

  @Test
  void anUnchangedFileIsA304WithTheSandboxToo() {
    Response first = putAndGet("again.svg", bytes(SVG_WITH_SCRIPT), null);
    Response again =
        owner.get(
            "/api/projects/" + project + "/files/again.svg",
            Map.of("If-None-Match", first.header("ETag").orElseThrow()));

    assertThat(again.status()).isEqualTo(304);
    assertUserContent(again);
  }

  // --- compile outputs ---------------------------------------------------------------------------

  @Test
  void compileOutputsAreTextOrDownloadsNeverPages() {
    String build = "build-" + UUID.randomUUID();
    compileStore.storeOutputs(
        project,
        build,
        Map.of(
            "output.log", bytes(HTML_WITH_SCRIPT),
            "output.stdout", bytes(HTML_WITH_SCRIPT),
            "output.pdf", bytes("%PDF-1.5\n"),
            "output.synctex.gz", new byte[] {31, (byte) 139, 8},
            "output.html", bytes(HTML_WITH_SCRIPT),
            "output.svg", bytes(SVG_WITH_SCRIPT)));
    String base = "/api/projects/" + project + "/builds/" + build + "/";

    assertInline(owner.get(base + "output.log"), "text/plain;charset=UTF-8", "output.log");
    assertInline(owner.get(base + "output.stdout"), "text/plain;charset=UTF-8", "output.stdout");
    assertDownload(owner.get(base + "output.html"), "output.html");
    assertDownload(owner.get(base + "output.svg"), "output.svg");
    Response pdf = owner.get(base + "output.pdf");
    assertUserContent(pdf);
    assertThat(pdf.header("Content-Type")).hasValue("application/pdf");
    assertThat(pdf.header("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));
    Response synctex = owner.get(base + "output.synctex.gz");
    assertUserContent(synctex);
    assertThat(synctex.header("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));
    // PDF.js loads large PDFs in ranges: a range answer carries the same headers
    Response range = owner.get(base + "output.pdf", Map.of("Range", "bytes=0-3"));
    assertThat(range.status()).isEqualTo(206);
    assertUserContent(range);
  }

  // --- zips and history
  // ----------------------------------------------------------------------------

  @Test
  void theProjectZipIsADownload() {
    putAndGet("evil.svg", bytes(SVG_WITH_SCRIPT), null);

    Response zip = owner.get("/api/projects/" + project + "/download.zip");

    assertThat(zip.status()).isEqualTo(200);
    assertUserContent(zip);
    assertThat(zip.header("Content-Type")).hasValue("application/zip");
    assertThat(zip.header("Content-Disposition"))
        .hasValue(
            "attachment; filename=\"Hostile files.zip\"; filename*=UTF-8''Hostile%20files.zip");
  }

  @Test
  void historyDiffsAndVersionZipsCarryTheSandbox() {
    String history =
        owner.postJson("/api/projects", Map.of("name", "History")).json().get("id").asString();
    String userId = owner.get("/api/me").json().get("id").asString();
    byte[] svg = bytes(SVG_WITH_SCRIPT);
    byte[] html = bytes(HTML_WITH_SCRIPT);
    Instant now = Instant.now();
    versions.insert(
        new Version(
            history,
            1,
            0,
            List.of(userId),
            now,
            now,
            List.of(
                new FileState("evil.svg", FileState.FILE, blobs.put(svg), svg.length, null),
                new FileState("page.html", FileState.DOC, blobs.put(html), html.length, "d1")),
            List.of(
                new FileChange("evil.svg", FileChange.ADDED, null, 0, 0),
                new FileChange("page.html", FileChange.ADDED, null, 1, 0)),
            Map.of(),
            1));
    String api = "/api/projects/" + history + "/history";

    Response diff = owner.get(api + "/diff?from=0&to=1&path=page.html");
    assertThat(diff.status()).isEqualTo(200);
    assertThat(diff.text()).contains("pwned");
    assertThat(diff.header("Content-Type")).hasValue("application/json");
    assertUserContent(diff);

    Response zip = owner.get(api + "/versions/1/download.zip");
    assertThat(zip.status()).isEqualTo(200);
    assertUserContent(zip);
    assertThat(zip.header("Content-Disposition"))
        .hasValueSatisfying(
            v -> assertThat(v).startsWith("attachment; filename=\"History-v1.zip\""));
  }

  // --- the API as a whole ------------------------------------------------------------------------

  @Test
  void everyApiAnswerIsSandboxedRefusalsAndErrorsToo() {
    ApiClient stranger = new ApiClient("http://localhost:" + port);
    assertUserContent(stranger.get("/api/projects/" + project + "/files/evil.svg")); // 401
    assertUserContent(owner.get("/api/projects/" + project + "/files/missing.svg")); // 404
    assertUserContent(owner.get("/api/me"));
    assertUserContent(owner.get("/api/projects/" + project + "/files/a/../../x")); // firewall
    assertUserContent(owner.get("/no-such-page"));
    // the git proxy, whatever git-worker answers (none runs here)
    assertUserContent(stranger.get("/git/" + project + "/info/refs?service=git-upload-pack"));
  }

  @Test
  void anotherSpellingOfTheApiPathIsSandboxedToo() {
    putAndGet("evil.svg", bytes(SVG_WITH_SCRIPT), null);

    // the router decodes %61 to "a": the policy must be decided on what the router sees
    Response file = owner.get("/%61pi/projects/" + project + "/files/evil.svg");

    assertThat(file.status()).isIn(200, 400, 404);
    assertUserContent(file);
    if (file.status() == 200) {
      assertDownload(file, "evil.svg");
    }
  }

  // --- Quire's pages
  // ------------------------------------------------------------------------------

  @Test
  void everyPageHasTheStrictPolicy() {
    for (String page :
        List.of(
            "/login",
            "/register",
            "/projects",
            "/settings",
            "/admin",
            "/admin/queues",
            "/project/0123456789abcdef01234567",
            "/join/0123456789abcdef01234567/token",
            "/pages/login.html")) {
      Response answer = owner.get(page);
      assertThat(answer.status()).as(page).isEqualTo(200);
      String policy = answer.header("Content-Security-Policy").orElseThrow();
      Map<String, String> directives = directives(policy);
      assertThat(directives.get("script-src")).as(page).isEqualTo("'self' 'wasm-unsafe-eval'");
      assertThat(directives.get("default-src")).as(page).isEqualTo("'self'");
      assertThat(directives.get("object-src")).as(page).isEqualTo("'none'");
      assertThat(directives.get("base-uri")).as(page).isEqualTo("'self'");
      assertThat(directives.get("frame-ancestors")).as(page).isEqualTo("'none'");
      assertThat(directives.get("form-action")).as(page).isEqualTo("'self'");
      assertThat(policy).as(page).doesNotContain(" 'unsafe-eval'").doesNotContain("sandbox");
      assertThat(answer.header("X-Content-Type-Options")).as(page).hasValue("nosniff");
    }
  }

  @Test
  void noPageCarriesInlineScriptHandlersOrStyles() {
    for (String page :
        List.of("login", "register", "projects", "settings", "admin", "queues", "editor", "join")) {
      String html = owner.get("/pages/" + page + ".html").text();
      assertThat(html).as(page).doesNotContainPattern("(?i)<script(?![^>]*\\ssrc=)[^>]*>");
      assertThat(html).as(page).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
      assertThat(html).as(page).doesNotContainPattern("(?i)\\sstyle\\s*=");
      assertThat(html).as(page).doesNotContainIgnoringCase("javascript:");
    }
  }

  // --- helpers
  // -------------------------------------------------------------------------------------

  private Response putAndGet(String path, byte[] content, String contentType) {
    String url = "/api/projects/" + project + "/files/" + encodePath(path);
    Response put =
        contentType == null ? owner.put(url, content) : owner.put(url, content, contentType);
    assertThat(put.status()).as(put.text()).isIn(201, 204);
    Response file = owner.get(url);
    assertThat(file.status()).as(file.text()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(content);
    return file;
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /** nosniff and the sandbox policy: nothing shown from this answer can run or load anything. */
  static void assertUserContent(Response answer) {
    assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
    String policy = answer.header("Content-Security-Policy").orElse("");
    Map<String, String> directives = directives(policy);
    assertThat(directives).as(policy).containsKey("sandbox");
    assertThat(directives.get("sandbox")).as("no sandbox exceptions").isEmpty();
    assertThat(directives.get("default-src")).isEqualTo("'none'");
    assertThat(directives.get("frame-ancestors")).isEqualTo("'none'");
  }

  private static void assertDownload(Response file, String name) {
    assertUserContent(file);
    assertThat(file.header("Content-Type")).hasValue("application/octet-stream");
    assertThat(file.header("Content-Disposition"))
        .hasValueSatisfying(
            v -> assertThat(v).startsWith("attachment;").contains("filename*=UTF-8''"));
    assertThat(file.header("Content-Disposition").orElseThrow())
        .contains(
            java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2E", "."));
  }

  private static void assertInline(Response file, String type, String name) {
    assertUserContent(file);
    assertThat(file.header("Content-Type")).hasValue(type);
    assertThat(file.header("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("inline; filename=\"" + name + "\""));
  }

  static Map<String, String> directives(String policy) {
    Map<String, String> directives = new java.util.LinkedHashMap<>();
    for (String directive : policy.split(";")) {
      String trimmed = directive.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      directives.put(
          space < 0 ? trimmed : trimmed.substring(0, space),
          space < 0 ? "" : trimmed.substring(space + 1).strip());
    }
    return directives;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
