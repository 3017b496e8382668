package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.compile.workspace.WorkspaceSync;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SECURITY.md rows 1–4, 7, 10–12 through the whole pipeline: hostile documents compiled by the
 * worker's own latexmk or engine command in its sandbox, with everything a user gets back (PDF as
 * bytes and as text, log, compiler output) searched for what must never be there. The sandbox's own
 * tests (compile-worker) prove the same attacks one by one with hand-written commands, each next to
 * an unsandboxed control; these prove that the product runs documents that way, in each sandbox.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Sandboxes.class)
class HostileDocumentsIT {
  private static final String WORKER = "compile-worker-hostile";

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private static ApiClient client;

  @Parameter Sandboxes sandbox;

  private Path canary;
  private String secret;
  private final List<Path> cleanUp = new ArrayList<>();

  @BeforeParameterizedClassInvocation
  static void startStack(Sandboxes sandbox) throws Exception {
    sandbox.assumeAvailable();
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker(WORKER, sandbox.workerProperties());
    client = stack.newClient();
    Response registered =
        client.register("hostile-" + UUID.randomUUID() + "@example.org", "a good passphrase", "H");
    assertThat(registered.status()).isEqualTo(201);
  }

  @AfterParameterizedClassInvocation
  static void stopStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  /** A world-readable host file: only the sandbox keeps it out, not its permissions. */
  @BeforeEach
  void plantCanary() throws IOException {
    secret = "CANARY" + UUID.randomUUID().toString().replace("-", "");
    canary = Path.of("/var/tmp/quire-canary-" + UUID.randomUUID() + ".tex");
    Files.writeString(canary, secret + "\n");
    Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-r--r--"));
    cleanUp.add(canary);
  }

  @AfterEach
  void removeCanaries() throws IOException {
    for (Path path : cleanUp) {
      Files.deleteIfExists(path);
    }
  }

  @Test
  void hostFilesAndAnotherProjectsFilesNeverReachAnyOutput() throws Exception {
    // another project, compiled on the same worker: its workspace holds its secret
    String otherSecret = "OTHERPROJECT" + UUID.randomUUID().toString().replace("-", "");
    String other =
        ProjectCalls.project(
            client,
            Map.of(
                "main.tex",
                "\\documentclass{article}\\begin{document}\\input{secret}\\end{document}",
                "secret.tex",
                otherSecret));
    assertThat(ProjectCalls.compile(client, other, Map.of()).get("status").asString())
        .isEqualTo("success");
    Path otherSecretFile =
        find(worker.getBean(WorkspaceSync.class).workspaceRoot(other), "secret.tex");
    List<String> targets = List.of(canary.toString(), otherSecretFile.toString());

    for (String target : targets) {
      String pdflatex =
          """
          \\pdfcompresslevel=0 \\pdfobjcompresslevel=0
          \\documentclass{article}
          \\newread\\secret
          \\begin{document}
          BEGIN.
          \\IfFileExists{TARGET}{\\input{TARGET}}{ABSENT.}
          \\openin\\secret=TARGET
          \\ifeof\\secret NOREAD.\\else\\read\\secret to\\line READ:\\line\\closein\\secret\\fi
          \\IfFileExists{TARGET}{\\immediate\\pdfobj stream file {TARGET}\\pdfrefobj\\pdflastobj}{}
          END.
          \\end{document}
          """
              .replace("TARGET", target);
      String lualatex =
          """
          \\documentclass{article}
          \\begin{document}
          BEGIN.
          \\directlua{
            local f = io.open("TARGET", "r")
            if f then tex.sprint(-2, "READ:" .. (f:read("*l") or "")) f:close()
            else tex.sprint(-2, "ABSENT.") end
          }
          END.
          \\end{document}
          """
              .replace("TARGET", target);
      for (Map.Entry<String, String> attack :
          Map.of("pdflatex", pdflatex, "lualatex", lualatex).entrySet()) {
        String project = ProjectCalls.project(client, Map.of("main.tex", attack.getValue()));
        JsonNode result =
            ProjectCalls.compile(client, project, Map.of("compiler", attack.getKey()));

        String everything = everything(project, result);
        assertThat(everything).as("%s reading %s", attack.getKey(), target).contains("END.");
        assertThat(everything)
            .as("%s reading %s", attack.getKey(), target)
            .doesNotContain(secret)
            .doesNotContain(otherSecret);
      }
    }
  }

  @Test
  void shellEscapeAndLuaProcessesAreRefusedAndLeaveNothingOnTheHost() throws Exception {
    Path touched = Path.of("/var/tmp/quire-touched-" + UUID.randomUUID());
    cleanUp.add(touched);
    String pdflatex =
        """
        \\documentclass{article}
        \\begin{document}
        BEGIN.
        \\immediate\\write18{touch TARGET}
        \\input{|"touch TARGET"}
        END.
        \\end{document}
        """
            .replace("TARGET", touched.toString());
    String lualatex =
        """
        \\documentclass{article}
        \\begin{document}
        BEGIN.
        \\directlua{
          tex.sprint(-2, "EXECUTE:" .. tostring(os.execute("touch TARGET")) .. " ")
          local pipe = io.popen("touch TARGET; echo popen-ran")
          tex.sprint(-2, "POPEN:" .. (pipe and (pipe:read("*l") or "nothing") or "none") .. " ")
        }
        END.
        \\end{document}
        """
            .replace("TARGET", touched.toString());

    for (Map.Entry<String, String> attack :
        Map.of("pdflatex", pdflatex, "lualatex", lualatex).entrySet()) {
      String project = ProjectCalls.project(client, Map.of("main.tex", attack.getValue()));
      JsonNode result = ProjectCalls.compile(client, project, Map.of("compiler", attack.getKey()));

      String everything = everything(project, result);
      // the attempt ran: pdfTeX logs a refused \\write18, LuaTeX typesets past its Lua code
      assertThat(everything)
          .as(attack.getKey())
          .contains(attack.getKey().equals("pdflatex") ? "runsystem(touch" : "END.")
          .doesNotContain("popen-ran");
      assertThat(touched).as(attack.getKey()).doesNotExist();
    }
  }

  @Test
  void texSeesOnlyItsOwnEnvironment() throws Exception {
    String lualatex =
        """
        \\documentclass{article}
        \\begin{document}
        \\directlua{
          local f = io.open("/proc/self/environ", "rb")
          local text = f and f:read("*a") or "unreadable"
          if f then f:close() end
          tex.sprint(-2, "ENV[" .. text:gsub(string.char(0), " ") .. "]")
        }
        \\end{document}
        """;
    String project = ProjectCalls.project(client, Map.of("main.tex", lualatex));
    JsonNode result = ProjectCalls.compile(client, project, Map.of("compiler", "lualatex"));

    String text =
        Documents.pdfText(ProjectCalls.output(client, project, result, "output.pdf"))
            .replaceAll("\\s+", " ");
    Matcher env = Pattern.compile("ENV\\[(.*?)\\]").matcher(text);
    assertThat(env.find()).as(text).isTrue();
    Set<String> names = new HashSet<>();
    Matcher name = Pattern.compile("(?:^| )([A-Za-z_][A-Za-z0-9_]*)=").matcher(env.group(1));
    while (name.find()) {
      names.add(name.group(1));
    }
    assertThat(names).contains("openin_any", "PATH");
    // PWD is the sandbox's working directory, set as the engine starts under bubblewrap (Docker
    // sets none)
    if (sandbox == Sandboxes.BUBBLEWRAP) {
      assertThat(env.group(1)).containsPattern("(^| )PWD=/compile( |$)");
    } else {
      assertThat(env.group(1)).doesNotContainPattern("(^| )PWD=(?!/compile( |$))");
    }
    // the TeX image's own settings (Docker) and Docker's HOSTNAME: constants, not the worker's
    Set<String> image =
        sandbox == Sandboxes.DOCKER ? Set.of("HOSTNAME", "TEXMFCONFIG", "VARTEXFONTS") : Set.of();
    names.removeAll(image);
    assertThat(names)
        .isSubsetOf(
            "PATH",
            "HOME",
            "LANG",
            "TEXMFVAR",
            "openin_any",
            "openout_any",
            "shell_escape",
            "max_print_line",
            "error_line",
            "half_error_line",
            "PWD");
  }

  @Test
  void theNetworkIsUnreachable() throws Exception {
    String lualatex =
        """
        \\documentclass{article}
        \\begin{document}
        BEGIN.
        \\directlua{
          local ok, socket = pcall(require, "socket")
          if not ok then tex.sprint(-2, "CONNECT:no-socket-library") else
            local tcp = socket.tcp()
            tcp:settimeout(3)
            local connected, err = tcp:connect("127.0.0.1", PORT)
            tex.sprint(-2, connected and "CONNECT:connected" or ("CONNECT:failed:" .. tostring(err)))
            tcp:close()
          end
        }
        END.
        \\end{document}
        """
            .replace("PORT", Integer.toString(stack.webPort()));
    String project = ProjectCalls.project(client, Map.of("main.tex", lualatex));
    JsonNode result = ProjectCalls.compile(client, project, Map.of("compiler", "lualatex"));

    String text = Documents.pdfText(ProjectCalls.output(client, project, result, "output.pdf"));
    assertThat(text).contains("CONNECT:").doesNotContain("CONNECT:connected");
  }

  @Test
  void aLinkToAHostFileIsNeverServedAsAnOutput() throws Exception {
    // made by the document itself: uploads cannot carry links
    String lualatex =
        """
        \\documentclass{article}
        \\begin{document}
        BEGIN.
        \\directlua{
          tex.sprint(-2, "LINK:" .. tostring(lfs.link("TARGET", "output.blg", true)))
        }
        END.
        \\end{document}
        """
            .replace("TARGET", canary.toString());
    String project = ProjectCalls.project(client, Map.of("main.tex", lualatex));
    JsonNode result = ProjectCalls.compile(client, project, Map.of("compiler", "lualatex"));

    assertThat(everything(project, result)).contains("END.").doesNotContain(secret);
    for (JsonNode file : result.get("outputFiles")) {
      assertThat(file.get("name").asString()).isNotEqualTo("output.blg");
    }
  }

  @Test
  void aMemoryBombFailsWithinItsTimeoutAndTheWorkerServesOn() {
    String lualatex =
        """
        \\documentclass{article}
        \\begin{document}
        BEGIN.
        \\directlua{
          local hoard, chunk = {}, string.rep("x", 1048576)
          for i = 1, 6000 do hoard[i] = chunk .. i end
        }
        END.
        \\end{document}
        """;
    String project = ProjectCalls.project(client, Map.of("main.tex", lualatex));
    long start = System.nanoTime();
    JsonNode result =
        ProjectCalls.compile(client, project, Map.of("compiler", "lualatex", "timeoutSeconds", 60));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertThat(result.get("status").asString()).as(result.toString()).isIn("failure", "error");
    assertThat(seconds).as("ended by the memory limit, not the timeout").isLessThan(60);
    String next = ProjectCalls.project(client, Map.of("main.tex", Documents.text("one-page.tex")));
    assertThat(ProjectCalls.compile(client, next, Map.of()).get("status").asString())
        .isEqualTo("success");
  }

  // ------------------------------------------------------------------ steps

  private static Path find(Path root, String name) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError(name + " not in " + root));
    }
  }

  /** Every output of a compile as text (the PDF both raw and as its text), and its messages. */
  private static String everything(String project, JsonNode result) {
    StringBuilder all = new StringBuilder(result.toString());
    for (JsonNode file : result.get("outputFiles")) {
      byte[] bytes = ProjectCalls.output(client, project, result, file.get("name").asString());
      all.append('\n').append(new String(bytes, StandardCharsets.ISO_8859_1));
      if (file.get("name").asString().endsWith(".pdf")) {
        all.append('\n').append(Documents.pdfText(bytes));
      }
    }
    return all.toString();
  }
}
