package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The fast path on the real stack: a body edit, or the first compile of a simple document, runs the
 * engine once and gives the PDF latexmk gives; edits that change what the run writes (a new label,
 * a new citation) hand over to latexmk, which finishes the job; a changed {@code .bib} goes to
 * latexmk at once.
 */
class DirectRunIT {
  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker("compile-worker-direct", Map.of());
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
            "direct-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Author");
    assertThat(registered.status()).isEqualTo(201);
  }

  @Test
  void aBodyEditRunsTheEngineOnceAndGivesThePdfLatexmkGives() throws Exception {
    String original = Documents.text("crossref.tex");
    String project = project(Map.of("main.tex", original));
    assertThat(compile(project).get("status").asString()).isEqualTo("success");

    String edited = original.replace("Text.", "Edited text, still one page.");
    client.put("/api/projects/" + project + "/files/main.tex", edited);
    double direct = path("direct");
    JsonNode result = compile(project);

    assertThat(result.get("status").asString()).isEqualTo("success");
    assertThat(path("direct")).as("one engine run, no latexmk").isEqualTo(direct + 1);
    String text = Documents.pdfText(output(project, result));
    assertThat(text).contains("Edited text, still one page.").contains("See Section 1");
    assertThat(text).isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", edited))));
  }

  @Test
  void aWorkerThatNeverSawTheProjectTakesTheFastPathFromTheSavedState() throws Exception {
    String original = Documents.text("crossref.tex");
    String project = project(Map.of("main.tex", original));
    compile(project);
    QuireStack.awaitProjectReleased(worker, project);
    // as if another worker took the next compile: this one has no workspace for the project
    deleteTree(stack.dataDir("compile-worker-direct").resolve("workspaces").resolve(project));

    String edited = original.replace("Text.", "Edited on a fresh worker.");
    client.put("/api/projects/" + project + "/files/main.tex", edited);
    double direct = path("direct");
    JsonNode result = compile(project);

    assertThat(path("direct"))
        .as("warm from the saved aux state and run record")
        .isEqualTo(direct + 1);
    String text = Documents.pdfText(output(project, result));
    assertThat(text).contains("Edited on a fresh worker.").doesNotContain("??");
    assertThat(text).isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", edited))));
  }

  @Test
  void aNewLabelHandsOverToLatexmkWhichResolvesTheReference() throws Exception {
    String original = Documents.text("crossref.tex");
    String project = project(Map.of("main.tex", original));
    compile(project);

    String edited =
        original.replace(
            "Text.",
            "Text.\n\\section{Another}\\label{sec:another}\nBack to Section~\\ref{sec:another}.");
    client.put("/api/projects/" + project + "/files/main.tex", edited);
    double handedOver = path("direct-then-latexmk");
    JsonNode result = compile(project);

    assertThat(result.get("status").asString()).isEqualTo("success");
    assertThat(path("direct-then-latexmk")).isEqualTo(handedOver + 1);
    String text = Documents.pdfText(output(project, result));
    assertThat(text).contains("Back to Section 2").doesNotContain("??");
    assertThat(text).isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", edited))));
  }

  @Test
  void aNewCitationMakesLatexmkRunBibtex() throws Exception {
    String original = Documents.text("bibtex.tex");
    String bib = Documents.text("refs.bib");
    String project = project(Map.of("main.tex", original, "refs.bib", bib));
    assertThat(Documents.pdfText(output(project, compile(project)))).contains("Knuth");

    String edited =
        original.replace(
            "~\\cite{knuth84}.", "~\\cite{knuth84}, so did Lamport~\\cite{lamport94}.");
    client.put("/api/projects/" + project + "/files/main.tex", edited);
    double handedOver = path("direct-then-latexmk");
    JsonNode result = compile(project);

    assertThat(path("direct-then-latexmk")).isEqualTo(handedOver + 1);
    String text = Documents.pdfText(output(project, result));
    assertThat(text).contains("Lamport").contains("[2]").doesNotContain("[?]");
    assertThat(text)
        .isEqualTo(
            Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", edited, "refs.bib", bib))));
  }

  @Test
  void aChangedBibliographyGoesStraightToLatexmk() {
    String bib = Documents.text("refs.bib");
    String project = project(Map.of("main.tex", Documents.text("bibtex.tex"), "refs.bib", bib));
    compile(project);

    client.put(
        "/api/projects/" + project + "/files/refs.bib",
        bib.replace("The {\\TeX}book", "The Renamed Book"));
    double latexmk = path("latexmk");
    double direct = path("direct");
    JsonNode result = compile(project);

    assertThat(path("latexmk")).isEqualTo(latexmk + 1);
    assertThat(path("direct")).isEqualTo(direct);
    assertThat(Documents.pdfText(output(project, result))).contains("The Renamed Book");
  }

  @Test
  void aRunThatRewritesAProjectFileHandsOverToLatexmk() {
    String original = Documents.text("bibtex.tex");
    String project = project(Map.of("main.tex", original, "refs.bib", Documents.text("refs.bib")));
    compile(project);

    // the document overwrites the uploaded bibliography as it runs: latexmk would see refs.bib
    // change and run bibtex again, so the single run must not be the answer
    String rewriting =
        "\\begin{filecontents*}[overwrite]{refs.bib}\n"
            + "@book{knuth84, author = {Donald E. Knuth}, title = {The Rewritten Book},"
            + " publisher = {Addison-Wesley}, year = {1984}}\n"
            + "\\end{filecontents*}\n"
            + original;
    client.put("/api/projects/" + project + "/files/main.tex", rewriting);
    double handedOver = path("direct-then-latexmk");
    JsonNode result = compile(project);

    assertThat(path("direct-then-latexmk")).isEqualTo(handedOver + 1);
    assertThat(Documents.pdfText(output(project, result))).contains("The Rewritten Book");
  }

  @Test
  void anErrorIsReportedTheSameWayOnTheFastPath() {
    String original = Documents.text("crossref.tex");
    String project = project(Map.of("main.tex", original));
    compile(project);

    client.put(
        "/api/projects/" + project + "/files/main.tex",
        original.replace("Text.", "Text \\undefinedmacro here."));
    double direct = path("direct");
    JsonNode result = compile(project);

    assertThat(path("direct")).isEqualTo(direct + 1);
    assertThat(result.get("status").asString()).isEqualTo("failure");
    JsonNode error = result.get("errors").get(0);
    assertThat(error.get("file").asString()).isEqualTo("main.tex");
    assertThat(error.get("line").asInt()).isEqualTo(5);
    assertThat(error.get("message").asString()).contains("Undefined control sequence");
  }

  @Test
  void aFirstCompileOfASimpleDocumentRunsTheEngineOnce() throws Exception {
    String text = Documents.text("one-page.tex");
    String project = project(Map.of("main.tex", text));
    double direct = path("direct");
    double latexmk = path("latexmk");
    JsonNode result = compile(project);

    assertThat(result.get("status").asString()).isEqualTo("success");
    assertThat(path("direct")).as("one engine run, no latexmk").isEqualTo(direct + 1);
    assertThat(path("latexmk")).isEqualTo(latexmk);
    assertThat(Documents.pdfText(output(project, result)))
        .contains("The answer is")
        .isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", text))));
  }

  @Test
  void aFirstCompileWithCrossReferencesHandsOverAndEndsAsLatexmkWould() throws Exception {
    String text = Documents.text("crossref.tex");
    String project = project(Map.of("main.tex", text));
    double handedOver = path("direct-then-latexmk");
    JsonNode result = compile(project);

    assertThat(result.get("status").asString()).isEqualTo("success");
    assertThat(path("direct-then-latexmk")).isEqualTo(handedOver + 1);
    String pdf = Documents.pdfText(output(project, result));
    assertThat(pdf).contains("See Section 1").doesNotContain("??");
    assertThat(pdf).isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", text))));

    // the hand-over left a settled workspace: the next body edit is one engine run
    client.put("/api/projects/" + project + "/files/main.tex", text.replace("Text.", "Later."));
    double direct = path("direct");
    assertThat(compile(project).get("status").asString()).isEqualTo("success");
    assertThat(path("direct")).isEqualTo(direct + 1);
  }

  @Test
  void aFirstCompileWithABibliographyRunsBibtexAsLatexmkWould() throws Exception {
    String text = Documents.text("bibtex.tex");
    String bib = Documents.text("refs.bib");
    String project = project(Map.of("main.tex", text, "refs.bib", bib));
    double handedOver = path("direct-then-latexmk");
    JsonNode result = compile(project);

    assertThat(path("direct-then-latexmk")).isEqualTo(handedOver + 1);
    String pdf = Documents.pdfText(output(project, result));
    assertThat(pdf).contains("[1]").contains("Addison-Wesley").doesNotContain("[?]");
    assertThat(pdf)
        .isEqualTo(Documents.pdfText(latexmkOnTheHost(Map.of("main.tex", text, "refs.bib", bib))));
  }

  // ------------------------------------------------------------------ steps

  private double path(String path) {
    Counter counter =
        worker.getBean(MeterRegistry.class).find("quire.compile.path").tag("path", path).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void deleteTree(Path dir) throws IOException {
    assertThat(dir).isDirectory();
    try (var files = Files.walk(dir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** latexmk as the worker runs it, on the host, for the reference PDF. */
  private static byte[] latexmkOnTheHost(Map<String, String> files)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("quire-direct-reference");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    Process process =
        new ProcessBuilder(
                List.of(
                    "latexmk",
                    "-norc",
                    "-pdf",
                    "-jobname=output",
                    "-interaction=batchmode",
                    "-file-line-error",
                    "-synctex=1",
                    "-no-shell-escape",
                    "-f",
                    "main.tex"))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return Files.readAllBytes(dir.resolve("output.pdf"));
  }

  private String project(Map<String, String> files) {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Direct " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    files.forEach((path, text) -> client.put("/api/projects/" + id + "/files/" + path, text));
    return id;
  }

  private JsonNode compile(String project) {
    Map<String, Object> body = new HashMap<>();
    body.put("wait", true);
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json();
  }

  private byte[] output(String project, JsonNode result) {
    Response response =
        client.get(
            "/api/projects/"
                + project
                + "/builds/"
                + result.get("buildId").asString()
                + "/output.pdf");
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.body();
  }
}
