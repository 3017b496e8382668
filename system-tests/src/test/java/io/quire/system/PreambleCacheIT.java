package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The compiled-preamble cache through the real stack: a compile with a format gives the same PDF
 * (pdfinfo page count, pdftotext text) as a plain compile of the same sources, on varied real
 * documents; preambles that cannot be dumped, or whose format breaks the compile, fall back to the
 * plain path without the user seeing a difference.
 *
 * <p>With the default settings a format is built after the second compile of a preamble, so the
 * third compile of a project is the first that can use it.
 */
class PreambleCacheIT {
  private static final String WORKER = "format-worker";
  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker(WORKER, Map.of("quire.compile.concurrency", 2));
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
            "format-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Author");
    assertThat(registered.status()).isEqualTo(201);
  }

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("preamble/heavy.tex", "pdflatex", Map.of(), true),
        Arguments.of("preamble/heavy.tex", "latex", Map.of(), true),
        Arguments.of("preamble/beamer.tex", "pdflatex", Map.of(), true),
        Arguments.of("preamble/biblatex.tex", "pdflatex", Map.of("refs.bib", "refs.bib"), true),
        Arguments.of("preamble/hooks.tex", "pdflatex", Map.of(), true),
        Arguments.of("preamble/external.tex", "pdflatex", Map.of(), true),
        Arguments.of(
            "preamble/local-package.tex",
            "pdflatex",
            Map.of("mystyle.sty", "preamble/mystyle.sty", "macros/defs.tex", "preamble/defs.tex"),
            true),
        // latexmk learns of the index from a log line the dump would swallow
        Arguments.of("preamble/index.tex", "pdflatex", Map.of(), false),
        // XeTeX cannot dump native fonts; LuaTeX formats lose the fonts' Lua side (ADR 0008)
        // objects and catalogue entries written straight into the PDF: the probe pages differ
        Arguments.of("preamble/pdf-objects.tex", "pdflatex", Map.of(), false),
        Arguments.of("preamble/fontspec.tex", "xelatex", Map.of(), false),
        Arguments.of("preamble/fontspec.tex", "lualatex", Map.of(), false),
        // what runs at \begin{document} fails without the file the preamble opened: the dump's
        // probe page shows it, so no format is built
        Arguments.of(
            "preamble/reads-at-begin-document.tex",
            "pdflatex",
            Map.of("settings.txt", "preamble/settings.txt"),
            false));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("documents")
  void aCompileWithTheFormatGivesTheSamePdfAsAPlainCompile(
      String main, String compiler, Map<String, String> extra, boolean cacheable) {
    String text = Documents.text(main);
    String cached = project(text, extra);
    JsonNode first = compile(cached, compiler, text, "First version");
    JsonNode second = compile(cached, compiler, text, "Second version");
    JsonNode third = compile(cached, compiler, text, "Third version");
    assertThat(first.get("preambleCached").asBoolean()).isFalse();
    assertThat(second.get("preambleCached").asBoolean()).isFalse();
    assertThat(third.get("preambleCached").asBoolean()).as(third.toString()).isEqualTo(cacheable);

    // the same sources compiled the plain way, in a project of their own
    String plain = project(text, extra);
    JsonNode reference = compile(plain, compiler, text, "Third version");
    assertThat(reference.get("preambleCached").asBoolean()).isFalse();

    assertSamePdf(cached, third, plain, reference);
    assertThat(Documents.pdfText(pdf(cached, third))).contains("Third version");
  }

  @Test
  void editingALocalPackageTheFormatLoadedBuildsANewOne() {
    Map<String, String> extra =
        Map.of("mystyle.sty", "preamble/mystyle.sty", "macros/defs.tex", "preamble/defs.tex");
    String text = Documents.text("preamble/local-package.tex");
    String project = project(text, extra);
    compile(project, "pdflatex", text, "one");
    compile(project, "pdflatex", text, "two");
    JsonNode withFormat = compile(project, "pdflatex", text, "three");
    assertThat(withFormat.get("preambleCached").asBoolean()).isTrue();
    assertThat(Documents.pdfText(pdf(project, withFormat))).contains("GREETING");

    client.put(
        "/api/projects/" + project + "/files/mystyle.sty",
        Documents.text("preamble/mystyle.sty").replace("GREETING", "Changed greeting"));
    JsonNode afterEdit = compile(project, "pdflatex", text, "four");

    assertThat(afterEdit.get("preambleCached").asBoolean()).isFalse();
    assertThat(Documents.pdfText(pdf(project, afterEdit)))
        .contains("Changed greeting")
        .doesNotContain("GREETING");
    JsonNode rebuilt = compile(project, "pdflatex", text, "five");
    assertThat(rebuilt.get("preambleCached").asBoolean()).isTrue();
    assertThat(Documents.pdfText(pdf(project, rebuilt))).contains("Changed greeting");
  }

  @Test
  void aWorkerWithoutTheWorkspaceStartsWithTheFormatFromRedis() throws IOException {
    String text = Documents.text("preamble/heavy.tex");
    String project = project(text, Map.of());
    compile(project, "pdflatex", text, "one");
    compile(project, "pdflatex", text, "two");
    assertThat(compile(project, "pdflatex", text, "three").get("preambleCached").asBoolean())
        .isTrue();

    QuireStack.awaitProjectReleased(worker, project);
    deleteTree(stack.dataDir(WORKER).resolve("workspaces").resolve(project));
    JsonNode fresh = compile(project, "pdflatex", text, "four");

    assertThat(fresh.get("preambleCached").asBoolean()).isTrue();
    assertThat(Documents.pdfText(pdf(project, fresh))).contains("four");
  }

  @Test
  void aPreambleThatCannotBeDumpedFallsBackToThePlainCompile() {
    double failedBefore = counter("build-failed");
    String text = Documents.text("preamble/filecontents.tex");
    String cached = project(text, Map.of());
    compile(cached, "pdflatex", text, "one");
    compile(cached, "pdflatex", text, "two"); // the dump after this one fails
    JsonNode third = compile(cached, "pdflatex", text, "three");

    assertThat(counter("build-failed")).isEqualTo(failedBefore + 1);
    assertThat(third.get("status").asString()).isEqualTo("success");
    assertThat(third.get("preambleCached").asBoolean()).isFalse();
    String plain = project(text, Map.of());
    assertSamePdf(cached, third, plain, compile(plain, "pdflatex", text, "three"));
    assertThat(Documents.pdfText(pdf(cached, third))).contains("Text written by the preamble");
  }

  @Test
  void aFormatThatBreaksTheCompileIsDroppedAndThePlainResultShown() {
    double fallbacksBefore = counter("fallback");
    double hitsBefore = counter("hit");
    String text = Documents.text("preamble/reads-in-body.tex");
    Map<String, String> extra = Map.of("settings.txt", "preamble/settings.txt");
    String cached = project(text, extra);
    compile(cached, "pdflatex", text, "one");
    // builds the format: the dump and its probe page pass, as the body is what reads the file
    compile(cached, "pdflatex", text, "two");

    JsonNode third = compile(cached, "pdflatex", text, "three");

    // the format was tried, failed, and the plain compile's result is the one shown
    assertThat(counter("hit")).isEqualTo(hitsBefore + 1);
    assertThat(counter("fallback")).isEqualTo(fallbacksBefore + 1);
    assertThat(third.get("status").asString()).as(third.toString()).isEqualTo("success");
    assertThat(third.get("preambleCached").asBoolean()).isFalse();
    assertThat(Documents.pdfText(pdf(cached, third))).contains("dark mode").contains("three");
    // and the preamble is not tried with a format again
    JsonNode fourth = compile(cached, "pdflatex", text, "four");
    assertThat(fourth.get("preambleCached").asBoolean()).isFalse();
    assertThat(counter("hit")).isEqualTo(hitsBefore + 1);
    String plain = project(text, extra);
    assertSamePdf(cached, fourth, plain, compile(plain, "pdflatex", text, "four"));
  }

  private void assertSamePdf(String project, JsonNode result, String plainProject, JsonNode plain) {
    assertThat(result.get("status").asString())
        .as(result.toString())
        .isEqualTo(plain.get("status").asString());
    byte[] pdf = pdf(project, result);
    byte[] reference = pdf(plainProject, plain);
    assertThat(Documents.pdfinfoPages(pdf)).isEqualTo(Documents.pdfinfoPages(reference));
    assertThat(Documents.pdfText(pdf)).isEqualTo(Documents.pdfText(reference));
  }

  private double counter(String outcome) {
    Counter counter =
        worker
            .getBean(MeterRegistry.class)
            .find("quire.compile.preamble")
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private String project(String main, Map<String, String> extra) {
    String id =
        client
            .postJson("/api/projects", Map.of("name", "Format " + UUID.randomUUID()))
            .json()
            .get("id")
            .asString();
    Map<String, String> files = new LinkedHashMap<>(extra);
    files.forEach(
        (path, resource) ->
            assertThat(
                    client
                        .put("/api/projects/" + id + "/files/" + path, Documents.text(resource))
                        .status())
                .isLessThan(300));
    client.put("/api/projects/" + id + "/files/main.tex", main.replace("BODY", "Initial"));
    return id;
  }

  /** Writes {@code main} with its body marker replaced, then compiles and waits. */
  private JsonNode compile(String project, String compiler, String main, String body) {
    client.put("/api/projects/" + project + "/files/main.tex", main.replace("BODY", body));
    Map<String, Object> request = new HashMap<>();
    request.put("wait", true);
    request.put("compiler", compiler);
    Response response = client.postJson("/api/projects/" + project + "/compile", request);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("status").asString()).as(result.toString()).isIn("success", "failure");
    return result;
  }

  private byte[] pdf(String project, JsonNode result) {
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

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path file : files.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
