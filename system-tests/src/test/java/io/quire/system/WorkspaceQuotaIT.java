package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SECURITY.md row 9 through the whole pipeline: a document that writes file after file, each far
 * below the file-size limit, is stopped once its workspace outgrows the quota; the disk it filled
 * is freed and the worker keeps serving; in each sandbox.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Sandboxes.class)
class WorkspaceQuotaIT {
  private static final String WORKER = "compile-worker-quota";
  private static final int FILES = 2000;

  /** 1 MiB per file, up to 2 GiB in all, each step reported on stderr. */
  private static final String FILLER =
      """
      \\documentclass{article}
      \\begin{document}
      \\directlua{
        local block = string.rep("x", 1048576)
        for i = 1, %d do
          local f = io.open("junk-" .. i .. ".bin", "w")
          f:write(block)
          f:close()
          io.stderr:write("wrote " .. i .. "\\string\\n")
        end
      }
      Done.
      \\end{document}
      """
          .formatted(FILES);

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private static ApiClient client;

  @Parameter Sandboxes sandbox;

  @BeforeParameterizedClassInvocation
  static void startStack(Sandboxes sandbox) throws Exception {
    sandbox.assumeAvailable();
    stack = new QuireStack().startWeb(Map.of());
    Map<String, Object> properties = new java.util.HashMap<>(sandbox.workerProperties());
    properties.put("quire.compile.max-workspace", "20MB");
    worker = stack.startCompileWorker(WORKER, properties);
    client = stack.newClient();
    Response registered =
        client.register("quota-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Q");
    assertThat(registered.status()).isEqualTo(201);
  }

  @AfterParameterizedClassInvocation
  static void stopStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  @Test
  void aDocumentFillingItsWorkspaceIsStoppedItsFilesDeletedAndTheWorkerServesOn() {
    String project = ProjectCalls.project(client, Map.of("main.tex", FILLER));

    JsonNode result =
        ProjectCalls.compile(client, project, Map.of("compiler", "lualatex", "timeoutSeconds", 60));

    assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("too-large");
    assertThat(result.get("errors").get(0).get("message").asString())
        .contains("filled its workspace beyond the limit of 20 MB");
    String stderr =
        new String(
            ProjectCalls.output(client, project, result, "output.stdout"), StandardCharsets.UTF_8);
    Matcher wrote = Pattern.compile("wrote (\\d+)").matcher(stderr);
    int last = 0;
    while (wrote.find()) {
      last = Integer.parseInt(wrote.group(1));
    }
    assertThat(last).as("files written before the stop").isBetween(1, FILES - 1);

    QuireStack.awaitProjectReleased(worker, project);
    Path workspace = stack.dataDir(WORKER).resolve("workspaces").resolve(project);
    assertThat(workspace).as("the filled workspace is deleted").doesNotExist();

    JsonNode next =
        ProjectCalls.compile(
            client,
            ProjectCalls.project(client, Map.of("main.tex", Documents.text("one-page.tex"))),
            Map.of());
    assertThat(next.get("status").asString()).isEqualTo("success");
  }
}
