package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.Compiler;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.compile.config.CompileWorkerProperties;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SECURITY.md row 28 through the whole pipeline: project file names that a command line would read
 * as options ({@code -pdflatex=touch X;}), or that a shell or TeX would read as code, reach
 * latexmk, the engine (fast path), the preamble dump, SyncTeX, texcount and chktex in the real
 * bubblewrap sandbox. Each such name either compiles as the file it names (the PDF holds that
 * file's text) or is refused with a message before anything runs; the command a name carries never
 * runs: its canary file, which {@code touch} would create in the workspace (the one place the
 * sandbox can write), never appears anywhere under the worker's data directory.
 */
class HostileFileNamesIT {
  private static final String WORKER = "compile-worker-names";
  private static final String CANARY = "@CANARY@";

  /**
   * Names a root document may have, each a file name for TeX: options of latexmk (with a shell
   * command), of the engines and of latexmk's rc handling, with {@code --}, in a folder named like
   * an option, and characters a shell or TeX treats specially but that TeX reads as a name.
   */
  private static final List<String> ROOT_NAMES =
      List.of(
          "-pdflatex=touch " + CANARY + ";.tex",
          "-pdflatex=touch " + CANARY + ";x/main.tex",
          "--shell-escape.tex",
          "-norc.tex",
          "-jobname=stolen.tex",
          "it's (a) #1 & {b}; c|d, [e] <f> !g @h=+.tex",
          "Kapitel über Sätze.tex");

  /** Names that cannot reach TeX intact: refused by the API, with the reason. */
  private static final List<String> REFUSED_ROOT_NAMES =
      List.of(
          "`touch " + CANARY + "`.tex",
          "$(touch " + CANARY + ").tex",
          "say \"touch " + CANARY + "\".tex",
          "100%.tex",
          "a~b.tex",
          "x.tex^^5cinput^^7bsecret^^7d.tex",
          "two  spaces.tex");

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private ApiClient client;
  private String canary;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    // a format after the first compile, so the second compile of a preamble uses one
    worker = stack.startCompileWorker(WORKER, Map.of("quire.compile.format-min-compiles", 1));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() {
    client = stack.newClient();
    Response registered =
        client.register("names-" + UUID.randomUUID() + "@example.org", "a good passphrase", "N");
    assertThat(registered.status()).isEqualTo(201);
    canary = "quirecanary" + UUID.randomUUID().toString().replace("-", "");
  }

  @AfterEach
  void nothingRan() {
    assertThat(canaryFound()).as("a command carried by a file name ran").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pdflatex", "xelatex", "lualatex", "latex"})
  void aRootNamedLikeAnOptionOrAShellCommandCompilesAsThatFile(String compiler) {
    for (String template : ROOT_NAMES) {
      String root = named(template);
      // upper case: TeX sets a lower-case "ff" or "fi" as one ligature glyph, which pdftotext
      // then gives back as a single character
      String marker =
          "Marker" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
      String project = projectWith(root, twoRunDocument(marker));
      double handedOver = path("direct-then-latexmk");

      JsonNode result = compile(project, root, compiler);

      assertThat(result.get("status").asString()).as("%s: %s", root, result).isEqualTo("success");
      String text = Documents.pdfText(ProjectCalls.output(client, project, result, "output.pdf"));
      assertThat(text).as(root).contains(marker).contains("See Section 1");
      if (!compiler.equals("latex")) {
        // the engine ran once on its own, then latexmk settled the cross-reference: both
        // command lines named the root
        assertThat(path("direct-then-latexmk")).as(root).isEqualTo(handedOver + 1);
      }
      assertThat(canaryFound()).as(root).isFalse();
    }
  }

  @Test
  void aRootNamedLikeAnOptionIsDumpedIntoAFormatAsThatFile() {
    for (String root : List.of("-ini.tex", "--shell-escape.tex", "-output-directory/main.tex")) {
      for (String compiler : List.of("pdflatex", "latex")) {
        String project = projectWith(root, formatDocument("First"));
        JsonNode first = compile(project, root, compiler);
        assertThat(first.get("status").asString()).as("%s %s", root, first).isEqualTo("success");
        QuireStack.awaitProjectReleased(worker, project);
        // the same sources again would be answered from the cache, without compiling
        replace(project, root, formatDocument("Second"));

        JsonNode second = compile(project, root, compiler);

        assertThat(second.get("preambleCached").asBoolean())
            .as("the preamble of %s was dumped (%s)", root, compiler)
            .isTrue();
        assertThat(Documents.pdfText(ProjectCalls.output(client, project, second, "output.pdf")))
            .contains("Second");
      }
    }
  }

  @Test
  void aRootThatCannotReachTexIntactIsRefusedBeforeAnythingRuns() {
    String project = ProjectCalls.project(client, Map.of("main.tex", twoRunDocument("Main")));
    for (String template : REFUSED_ROOT_NAMES) {
      String root = named(template);
      move(project, "main.tex", root);

      for (String compiler : List.of("pdflatex", "latex")) {
        Response compiled =
            client.postJson(
                "/api/projects/" + project + "/compile",
                Map.of("rootPath", root, "compiler", compiler, "wait", true));
        assertThat(compiled.status()).as("%s: %s", root, compiled.text()).isEqualTo(400);
        assertThat(compiled.json().get("detail").asString())
            .as(root)
            .contains(root)
            .contains("Rename");
      }
      Response settings = client.patchJson("/api/projects/" + project, Map.of("rootPath", root));
      assertThat(settings.status()).as("%s: %s", root, settings.text()).isEqualTo(400);
      assertThat(settings.json().get("detail").asString()).contains("cannot be the root");
      assertThat(client.get("/api/projects/" + project).json().get("rootPath").asString())
          .isEqualTo("main.tex");
      move(project, root, "main.tex");
    }
    // a newline cannot even be part of a name
    Response newline =
        client.postJson(
            "/api/projects/" + project + "/move",
            Map.of("from", "main.tex", "to", "a\n\\input{x}.tex"));
    assertThat(newline.status()).isEqualTo(400);
  }

  @Test
  void aCompileJobWithSuchARootFromElsewhereIsRefusedByTheWorkerToo() {
    // a job web would never send (an older web, a forged message): the worker checks the root
    // itself, before it touches a workspace
    String root = named("`touch " + CANARY + "`.tex");
    String jobId = UUID.randomUUID().toString();
    String projectId = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    String image = worker.getBean(CompileWorkerProperties.class).allowedImages().get(0);
    stack
        .web()
        .getBean(MessagePublisher.class)
        .publishJob(
            JobQueue.COMPILE_INTERACTIVE,
            new CompileJob(
                jobId,
                projectId,
                "forger-" + UUID.randomUUID(),
                Instant.now(),
                CompilePriority.INTERACTIVE,
                "forged-" + jobId,
                image,
                new CompileOptions(Compiler.LATEX, root, false, false, 60),
                List.of()));
    CompileStore store = stack.web().getBean(CompileStore.class);

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.state(jobId).map(CompileJobState::isFinal).orElse(false));

    CompileResult result = store.state(jobId).orElseThrow().result();
    assertThat(result.status()).as(result.toString()).isEqualTo(CompileStatus.ERROR);
    assertThat(result.errors().get(0).message())
        .contains(root)
        .contains("cannot be compiled under this name");
  }

  @Test
  void synctexFindsFilesNamedLikeOptionsAndShellCode() {
    String root = "-synctex=0 (it's) #1.tex";
    String chapter = "-synctex=-1 (it's) ;y|z.tex";
    String project =
        projectWith(
            root,
            "\\documentclass{article}\n\\begin{document}\nFirst line of the root.\n\n"
                + "\\input{./"
                + chapter
                + "}\n\\end{document}\n");
    put(project, chapter, "Text of the chapter.\n");
    JsonNode result = compile(project, root, "pdflatex");
    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("success");
    assertThat(Documents.pdfText(ProjectCalls.output(client, project, result, "output.pdf")))
        .contains("Text of the chapter.");
    String build = result.get("buildId").asString();

    for (Map.Entry<String, Integer> file : Map.of(root, 3, chapter, 1).entrySet()) {
      Response forward =
          client.get(
              "/api/projects/"
                  + project
                  + "/synctex/code?file="
                  + query(file.getKey())
                  + "&line="
                  + file.getValue()
                  + "&buildId="
                  + build);
      assertThat(forward.status()).as("%s: %s", file.getKey(), forward.text()).isEqualTo(200);
      JsonNode box = forward.json().get("boxes").get(0);
      Response inverse =
          client.get(
              "/api/projects/"
                  + project
                  + "/synctex/pdf?page="
                  + box.get("page").asInt()
                  + "&h="
                  + (box.get("h").asDouble() + 20)
                  + "&v="
                  + (box.get("v").asDouble() - 2)
                  + "&buildId="
                  + build);
      assertThat(inverse.status()).as(inverse.text()).isEqualTo(200);
      assertThat(inverse.json().get("file").asString()).isEqualTo(file.getKey());
    }
  }

  @Test
  void texcountCountsFilesNamedLikeOptionsAndRunsNoCommandANameOrTheDocumentCarries() {
    String root = "-htmlfile=stolen -inc.tex";
    String chapter = "-sub chapter.tex";
    String project =
        projectWith(
            root,
            "\\documentclass{article}\n\\begin{document}\nOne two three.\n"
                + "\\input{"
                + chapter
                + "}\n\\end{document}\n");
    put(project, chapter, "Four five.\n");

    Response counted = client.get("/api/projects/" + project + "/wordcount?file=" + query(root));

    assertThat(counted.status()).as(counted.text()).isEqualTo(200);
    assertThat(counted.json().get("total").get("textWords").asInt()).isEqualTo(5);
    assertThat(counted.json().get("files").get(1).get("file").asString()).isEqualTo(chapter);

    // a file named as a command (Perl's two-argument open runs "name|"): refused by name...
    String piped = "x;touch " + canary + "|";
    put(project, piped, "\\documentclass{article}\\begin{document}Six.\\end{document}\n");
    Response byName = client.get("/api/projects/" + project + "/wordcount?file=" + query(piped));
    assertThat(byName.status()).as(byName.text()).isEqualTo(400);
    assertThat(byName.json().get("detail").asString()).contains("ends with |");
    // ...and when the document includes it, or any command, by name
    List<String> includes = List.of(piped, "/usr/bin/touch " + canary + "|");
    for (int i = 0; i < includes.size(); i++) {
      String include = includes.get(i);
      String includer = "includes" + i + ".tex";
      put(
          project,
          includer,
          "\\documentclass{article}\\begin{document}Seven.\\input{"
              + include
              + "}\\end{document}\n");
      Response included = client.get("/api/projects/" + project + "/wordcount?file=" + includer);
      assertThat(included.status()).as("%s: %s", include, included.text()).isEqualTo(400);
      assertThat(included.json().get("detail").asString()).contains("refused to run a command");
      assertThat(canaryFound()).as(include).isFalse();
    }
  }

  @Test
  void chktexChecksFilesNamedLikeItsOptions() {
    // -o names chktex's output file, -l a file of extra rules
    for (String name : List.of("-ostolen.tex", "-l stolen.tex", "--version.tex")) {
      String project = projectWith(name, Documents.text("chktex-ellipsis.tex"));

      Response checked = client.get("/api/projects/" + project + "/chktex?file=" + query(name));

      assertThat(checked.status()).as("%s: %s", name, checked.text()).isEqualTo(200);
      JsonNode ellipsis = null;
      for (JsonNode warning : checked.json().get("warnings")) {
        if (warning.get("code").asInt() == 11) {
          ellipsis = warning;
        }
      }
      assertThat(ellipsis).as("%s: %s", name, checked.text()).isNotNull();
      assertThat(ellipsis.get("file").asString()).isEqualTo(name);
      assertThat(stolenFound()).as(name).isFalse();
    }
  }

  // ------------------------------------------------------------------ steps

  private String named(String template) {
    return template.replace(CANARY, canary);
  }

  /** One engine run writes a new label into the aux file, so latexmk runs the engine again. */
  private static String twoRunDocument(String marker) {
    return "\\documentclass{article}\n\\begin{document}\n\\section{Intro}\\label{intro}\n"
        + marker
        + ". See Section~\\ref{intro}.\n\\end{document}\n";
  }

  private static String formatDocument(String body) {
    return "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        + body
        + " $\\binom{n}{k}$.\n\\end{document}\n";
  }

  /** A project whose file {@code path} holds {@code text}; names the URL cannot carry are moved. */
  private String projectWith(String path, String text) {
    String project = ProjectCalls.project(client, Map.of("upload.tex", text));
    move(project, "upload.tex", path);
    return project;
  }

  /** Replaces the text of an existing file, through a name the URL can carry. */
  private void replace(String project, String path, String text) {
    move(project, path, "replaced.tmp");
    Response put = client.put("/api/projects/" + project + "/files/replaced.tmp", text);
    assertThat(put.status()).as(put.text()).isEqualTo(204);
    move(project, "replaced.tmp", path);
  }

  private void put(String project, String path, String text) {
    Response put = client.put("/api/projects/" + project + "/files/upload.tmp", text);
    assertThat(put.status()).as(put.text()).isIn(201, 204);
    move(project, "upload.tmp", path);
  }

  private void move(String project, String from, String to) {
    Response moved =
        client.postJson("/api/projects/" + project + "/move", Map.of("from", from, "to", to));
    assertThat(moved.status()).as("move to %s: %s", to, moved.text()).isEqualTo(204);
  }

  private JsonNode compile(String project, String root, String compiler) {
    return ProjectCalls.compile(client, project, Map.of("rootPath", root, "compiler", compiler));
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private double path(String path) {
    Counter counter =
        worker.getBean(MeterRegistry.class).find("quire.compile.path").tag("path", path).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Whether {@code touch <canary>} ran anywhere the worker's sandboxes can write. */
  private boolean canaryFound() {
    return anyFileNamed(canary);
  }

  private boolean stolenFound() {
    return anyFileNamed("stolen") || anyFileNamed("stolen.tex");
  }

  private static boolean anyFileNamed(String name) {
    try (Stream<Path> files = Files.walk(stack.dataDir(WORKER))) {
      return files.anyMatch(p -> p.getFileName().toString().equals(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
