package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Which compile runs when: superseding, priorities, and a new worker starting warm. */
class CompileSchedulingIT {
  private QuireStack stack;
  private ApiClient client;

  @BeforeEach
  void startWebWithoutWorkers() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    client = stack.newClient();
    client.register("sched-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Author");
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void aNewerCompileOfTheSameUserSupersedesTheQueuedOlderOne() {
    String project = project(Documents.text("one-page.tex"));
    String older = submit(project, Map.of()).get("jobId").asString();
    client.put("/api/projects/" + project + "/files/main.tex", Documents.text("crossref.tex"));
    String newer = submit(project, Map.of()).get("jobId").asString();
    assertThat(newer).isNotEqualTo(older);

    stack.startCompileWorker("worker-s", Map.of("quire.compile.concurrency", 1));

    await().atMost(Duration.ofSeconds(60)).until(() -> status(project, newer).equals("success"));
    JsonNode olderView = client.get("/api/projects/" + project + "/compile/" + older).json();
    assertThat(olderView.get("supersededBy").asString()).isEqualTo(newer);
    assertThat(olderView.get("status").asString()).isEqualTo("success");
    assertThat(olderView.get("buildId").asString())
        .isEqualTo(
            client
                .get("/api/projects/" + project + "/compile/" + newer)
                .json()
                .get("buildId")
                .asString());
  }

  @Test
  void anInteractiveCompileDoesNotWaitBehindQueuedBackgroundWork() {
    List<String> background = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String project = project(Documents.text("tikz.tex").replace("Parabola", "Plot " + i));
      background.add(
          project
              + "/"
              + submit(project, Map.of("priority", "background")).get("jobId").asString());
    }
    String interactiveProject = project(Documents.text("one-page.tex"));
    JsonNode queued = submit(interactiveProject, Map.of());
    String interactive = queued.get("jobId").asString();
    assertThat(queued.get("queuePosition").asInt()).isEqualTo(1);

    stack.startCompileWorker("worker-p", Map.of("quire.compile.concurrency", 1));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(interactiveProject, interactive).equals("success"));
    long backgroundDone =
        background.stream()
            .filter(
                pj ->
                    status(pj.substring(0, pj.indexOf('/')), pj.substring(pj.indexOf('/') + 1))
                        .equals("success"))
            .count();
    assertThat(backgroundDone)
        .as("background compiles finished before the interactive one")
        .isLessThanOrEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                background.stream()
                    .allMatch(
                        pj ->
                            status(
                                    pj.substring(0, pj.indexOf('/')),
                                    pj.substring(pj.indexOf('/') + 1))
                                .equals("success")));
  }

  @Test
  void aWorkerThatNeverSawTheProjectStartsWarmFromTheSavedAuxState() {
    ConfigurableApplicationContext first =
        stack.startCompileWorker("worker-a", Map.of("quire.compile.concurrency", 1));
    String warm = project(Documents.text("crossref.tex"));
    JsonNode initial = compileAndWait(warm);
    assertThat(pdflatexRuns(warm, initial))
        .as("a cold compile with a forward reference")
        .isEqualTo(2);
    stack.stop(first);

    stack.startCompileWorker("worker-b", Map.of("quire.compile.concurrency", 1));
    client.put(
        "/api/projects/" + warm + "/files/main.tex",
        Documents.text("crossref.tex").replace("Text.", "Edited text."));
    JsonNode onNewWorker = compileAndWait(warm);
    String cold = project(Documents.text("crossref.tex").replace("Text.", "Other text."));
    JsonNode coldOnNewWorker = compileAndWait(cold);

    assertThat(onNewWorker.get("status").asString()).isEqualTo("success");
    assertThat(pdflatexRuns(warm, onNewWorker)).as("warm from saved aux state").isEqualTo(1);
    assertThat(pdflatexRuns(cold, coldOnNewWorker)).as("cold on the same worker").isEqualTo(2);
    assertThat(Documents.pdfText(output(warm, onNewWorker, "output.pdf")))
        .contains("Section 1 on page 1");
  }

  private int pdflatexRuns(String project, JsonNode result) {
    String stdout = new String(output(project, result, "output.stdout"));
    // the engine's banner: once per run, whether latexmk ran it or the worker did directly
    Matcher runs = Pattern.compile("This is pdfTeX, Version").matcher(stdout);
    int count = 0;
    while (runs.find()) {
      count++;
    }
    return count;
  }

  private JsonNode compileAndWait(String project) {
    Response response =
        client.postJson("/api/projects/" + project + "/compile", Map.of("wait", true));
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json();
  }

  private JsonNode submit(String project, Map<String, Object> body) {
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

  private byte[] output(String project, JsonNode result, String file) {
    return client
        .get(
            "/api/projects/" + project + "/builds/" + result.get("buildId").asString() + "/" + file)
        .body();
  }

  private String project(String main) {
    String id =
        client
            .postJson("/api/projects", Map.of("name", "P " + UUID.randomUUID()))
            .json()
            .get("id")
            .asString();
    client.put("/api/projects/" + id + "/files/main.tex", main);
    return id;
  }
}
