package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Compiles real documents through web, RabbitMQ, compile-worker (bubblewrap) and Redis. */
class CompilePipelineIT {
  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker("compile-worker-a", Map.of("quire.compile.concurrency", 2));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() {
    client = stack.newClient();
    Response registered =
        client.register(
            "author-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Author");
    assertThat(registered.status()).isEqualTo(201);
  }

  @Test
  void aOnePageDocumentCompilesToAPdfServedWithRangeSupport() {
    String project = project("main.tex", Documents.text("one-page.tex"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).isEqualTo("success");
    assertThat(result.get("cached").asBoolean()).isFalse();
    byte[] pdf = output(project, result, "output.pdf");
    assertThat(Documents.pdfText(pdf)).contains("Hello from Quire");
    Response range = client.get(url(project, result, "output.pdf"), Map.of("Range", "bytes=0-99"));
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(pdf, 0, 100));
    assertThat(range.header("Content-Range")).contains("bytes 0-99/" + pdf.length);
    assertThat(range.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/pdf"));
    Response tail = client.get(url(project, result, "output.pdf"), Map.of("Range", "bytes=-16"));
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(pdf, pdf.length - 16, pdf.length));
    Response log = client.get(url(project, result, "output.log"));
    assertThat(log.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(log.text()).contains("This is pdfTeX");
    Response synctex = client.get(url(project, result, "output.synctex.gz"));
    assertThat(synctex.header("Content-Type")).contains("application/gzip");
    assertThat(synctex.body()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
    assertThat(synctex.body()[1] & 0xff).isEqualTo(0x8b);
    // kept for the result TTL (2 h by default), then gone: outputs never pile up in Redis
    long ttl =
        stack
            .web()
            .getBean(RedissonClient.class)
            .getKeys()
            .remainTimeToLive(
                stack.prefix()
                    + ":compile:build:"
                    + project
                    + ":"
                    + result.get("buildId").asString());
    assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(2).toMillis());
  }

  @Test
  void anUnchangedRecompileIsAnsweredFromTheCache() {
    String project = project("main.tex", Documents.text("one-page.tex"));
    JsonNode first = compile(project, Map.of());

    JsonNode second = compile(project, Map.of());

    assertThat(second.get("cached").asBoolean()).isTrue();
    assertThat(second.get("buildId").asString()).isEqualTo(first.get("buildId").asString());
    client.put("/api/projects/" + project + "/files/main.tex", Documents.text("crossref.tex"));
    JsonNode afterEdit = compile(project, Map.of());
    assertThat(afterEdit.get("cached").asBoolean()).isFalse();
    assertThat(Documents.pdfText(output(project, afterEdit, "output.pdf"))).contains("Later");
  }

  @Test
  void anErrorIsReportedWithItsFileAndExactLine() {
    String project = project("main.tex", Documents.text("error-on-line-5.tex"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).isEqualTo("failure");
    JsonNode error = result.get("errors").get(0);
    assertThat(error.get("file").asString()).isEqualTo("main.tex");
    assertThat(error.get("line").asInt()).isEqualTo(5);
    assertThat(error.get("message").asString()).contains("Undefined control sequence");
  }

  @Test
  void bibtexCitationsAreResolved() {
    String project = project("main.tex", Documents.text("bibtex.tex"));
    client.put("/api/projects/" + project + "/files/refs.bib", Documents.text("refs.bib"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    String text = Documents.pdfText(output(project, result, "output.pdf"));
    assertThat(text).contains("[1]").contains("Knuth");
  }

  @Test
  void biberAndBiblatexCitationsAreResolved() {
    String project = project("main.tex", Documents.text("biblatex.tex"));
    client.put("/api/projects/" + project + "/files/refs.bib", Documents.text("refs.bib"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf"))).contains("Lamport");
  }

  @Test
  void aMultiFileProjectWithSubfoldersAndImagesCompiles() {
    String project = project("main.tex", Documents.text("multifile-main.tex"));
    client.put(
        "/api/projects/" + project + "/files/chapters/intro.tex",
        Documents.text("multifile-intro.tex"));
    client.put(
        "/api/projects/" + project + "/files/figures/square.png", Documents.png(32, Color.BLUE));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    String text = Documents.pdfText(output(project, result, "output.pdf"));
    assertThat(text).contains("This text lives in a subfolder").contains("See Section 1");
  }

  @Test
  void beamerSlidesCompileToOnePagePerFrame() {
    String project = project("main.tex", Documents.text("beamer.tex"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfPages(output(project, result, "output.pdf"))).isEqualTo(2);
  }

  @Test
  void tikzAndPgfplotsCompile() {
    String project = project("main.tex", Documents.text("tikz.tex"));

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf"))).contains("TikZ arrow");
  }

  @Test
  void fontspecCompilesUnderXelatex() {
    String project = project("main.tex", Documents.text("fontspec.tex"));

    JsonNode result = compile(project, Map.of("compiler", "xelatex"));

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf"))).contains("Straße");
  }

  @Test
  void fontspecCompilesUnderLualatex() {
    String project = project("main.tex", Documents.text("fontspec.tex"));

    JsonNode result = compile(project, Map.of("compiler", "lualatex"));

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf"))).contains("naïve");
  }

  @Test
  void latexThenDvipdfProducesAPdf() {
    String project = project("main.tex", Documents.text("one-page.tex"));

    JsonNode result = compile(project, Map.of("compiler", "latex"));

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf")))
        .contains("Hello from Quire");
  }

  @Test
  void anEndlessLoopEndsAsTimedOutWithinItsTimeout() {
    String project = project("main.tex", Documents.text("loop.tex"));
    long started = System.nanoTime();

    JsonNode result = compile(project, Map.of("timeoutSeconds", 5));

    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertThat(result.get("status").asString()).isEqualTo("timedout");
    assertThat(seconds).isLessThan(5 + 5);
  }

  @Test
  void aRunningCompileCanBeStopped() {
    String project = project("main.tex", Documents.text("loop.tex"));
    Response submitted =
        client.postJson("/api/projects/" + project + "/compile", Map.of("timeoutSeconds", 120));
    String jobId = submitted.json().get("jobId").asString();
    await().atMost(Duration.ofSeconds(30)).until(() -> status(project, jobId).equals("running"));

    Response stop =
        client.postJson("/api/projects/" + project + "/compile/stop", Map.of("jobId", jobId));

    assertThat(stop.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(15)).until(() -> status(project, jobId).equals("terminated"));
  }

  @Test
  void invalidCompileRequestsAreRefusedWithAMessage() {
    String project = project("main.tex", Documents.text("one-page.tex"));
    client.put("/api/projects/" + project + "/files/notes.txt", "plain");

    assertRefused(project, Map.of("compiler", "word"), "Unknown compiler");
    assertRefused(project, Map.of("rootPath", "missing.tex"), "does not exist");
    assertRefused(project, Map.of("rootPath", "notes.txt"), "must be a .tex file");
    assertRefused(project, Map.of("timeoutSeconds", 100000), "timeoutSeconds must be between");
  }

  @Test
  void aProjectsOwnLatexmkrcIsIgnored() throws Exception {
    // cross-references: the first run hands over to latexmk, which would read an rc file in the
    // workspace and run the engine it names
    String rc = "$pdflatex = 'pdflatex %O \"\\\\AtBeginDocument{RCWASHERE}\\\\input{%S}\"';\n";
    String project = project("main.tex", Documents.text("crossref.tex"));
    client.put("/api/projects/" + project + "/files/.latexmkrc", rc);
    client.put("/api/projects/" + project + "/files/latexmkrc", rc);

    JsonNode result = compile(project, Map.of());

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(output(project, result, "output.pdf")))
        .contains("See Section 1")
        .doesNotContain("RCWASHERE");
    // the control: latexmk without -norc on the same files honours the rc file
    Path dir = Files.createTempDirectory("quire-latexmkrc-control");
    Files.writeString(dir.resolve("main.tex"), Documents.text("crossref.tex"));
    Files.writeString(dir.resolve(".latexmkrc"), rc);
    Process latexmk =
        new ProcessBuilder(
                "latexmk", "-pdf", "-jobname=output", "-interaction=batchmode", "main.tex")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(latexmk.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Documents.pdfText(Files.readAllBytes(dir.resolve("output.pdf"))))
        .contains("RCWASHERE");
  }

  private void assertRefused(String project, Map<String, Object> body, String message) {
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.json().get("detail").asString()).contains(message);
  }

  private String project(String path, String text) {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Test " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    client.put("/api/projects/" + id + "/files/" + path, text);
    return id;
  }

  private JsonNode compile(String project, Map<String, Object> options) {
    Map<String, Object> body = new HashMap<>(options);
    body.put("wait", true);
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json();
  }

  private String status(String project, String jobId) {
    return client
        .get("/api/projects/" + project + "/compile/" + jobId)
        .json()
        .get("status")
        .asString();
  }

  private String url(String project, JsonNode result, String file) {
    return "/api/projects/" + project + "/builds/" + result.get("buildId").asString() + "/" + file;
  }

  private byte[] output(String project, JsonNode result, String file) {
    Response response = client.get(url(project, result, file));
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.body();
  }
}
