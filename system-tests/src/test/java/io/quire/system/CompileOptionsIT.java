package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The options of a compile request and the rules web applies before queueing one, each on the real
 * stack: draft mode, stop on the first error, the log a timed-out compile keeps, the project limits
 * of a compile, and a second request joining a compile already in flight.
 */
class CompileOptionsIT {
  private static final String PASSWORD = "a good passphrase";

  private static QuireStack stack;
  private ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    stack.startCompileWorker("compile-worker-options", Map.of("quire.compile.concurrency", 2));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() {
    client = signedIn(stack);
  }

  @Test
  void aDraftCompileLeavesTheImageOutWhereTheSameDocumentWithoutDraftEmbedsIt() {
    String project = project(client, Map.of("main.tex", Documents.text("with-image.tex")));
    client.put(
        "/api/projects/" + project + "/files/figures/photo.png", Documents.png(64, Color.RED));

    JsonNode full = ProjectCalls.compile(client, project, Map.of());
    JsonNode draft = ProjectCalls.compile(client, project, Map.of("draft", true));

    assertThat(full.get("status").asString()).as(full.toString()).isEqualTo("success");
    byte[] fullPdf = ProjectCalls.output(client, project, full, "output.pdf");
    assertThat(Documents.pdfImages(fullPdf)).as("images of the full compile").hasSize(1);
    assertThat(Documents.pdfText(fullPdf)).contains("A figure follows.");

    assertThat(draft.get("status").asString()).as(draft.toString()).isEqualTo("success");
    assertThat(draft.get("cached").asBoolean()).isFalse();
    byte[] draftPdf = ProjectCalls.output(client, project, draft, "output.pdf");
    assertThat(Documents.pdfImages(draftPdf)).as("images of the draft compile").isEmpty();
    // graphicx's draft mode draws a frame with the file's name where the image would be
    assertThat(Documents.pdfText(draftPdf)).contains("A figure follows.").contains("photo.png");
  }

  @Test
  void stopOnFirstErrorReportsOnlyTheFirstErrorWhereOtherwiseBothAreReported() {
    String project = project(client, Map.of("main.tex", Documents.text("two-errors.tex")));

    JsonNode stopped = ProjectCalls.compile(client, project, Map.of("stopOnFirstError", true));
    JsonNode keptGoing = ProjectCalls.compile(client, project, Map.of("stopOnFirstError", false));

    assertThat(stopped.get("status").asString()).isEqualTo("failure");
    assertThat(locations(stopped))
        .as(stopped.toString())
        .containsExactly("main.tex:5 \\firstundefined");
    assertThat(outputNames(stopped)).contains("output.log").doesNotContain("output.pdf");
    String stoppedLog = text(ProjectCalls.output(client, project, stopped, "output.log"));
    assertThat(stoppedLog).contains("\\firstundefined").doesNotContain("\\secondundefined");

    assertThat(keptGoing.get("status").asString()).isEqualTo("failure");
    assertThat(locations(keptGoing))
        .as(keptGoing.toString())
        .containsExactly("main.tex:5 \\firstundefined", "main.tex:9 \\secondundefined");
    assertThat(Documents.pdfText(ProjectCalls.output(client, project, keptGoing, "output.pdf")))
        .contains("Some text between the two errors.")
        .contains("is the second error.");
  }

  @Test
  void aTimedOutCompileKeepsTheLogWrittenBeforeItWasKilled() {
    String project = project(client, Map.of("main.tex", Documents.text("message-then-loop.tex")));
    Response tooShort =
        client.postJson("/api/projects/" + project + "/compile", Map.of("timeoutSeconds", 0));
    assertThat(tooShort.status()).as(tooShort.text()).isEqualTo(400);
    assertThat(tooShort.json().get("detail").asString())
        .contains("timeoutSeconds must be between 1 and");

    // long enough for TeX to reach its loop on a busy machine; the point is the log of a killed run
    JsonNode result = ProjectCalls.compile(client, project, Map.of("timeoutSeconds", 8));

    assertThat(result.get("status").asString()).isEqualTo("timedout");
    assertThat(outputNames(result)).contains("output.log");
    assertThat(text(ProjectCalls.output(client, project, result, "output.log")))
        .contains("QUIRE-MARK: written before the endless loop");
  }

  @Test
  void aProjectOverTheCompileLimitsIsRefusedWithAMessageAndNothingIsQueued() throws Exception {
    try (QuireStack limited = new QuireStack().startWeb(Map.of())) {
      ApiClient author = limited.newClient();
      String email = "limits-" + UUID.randomUUID() + "@example.org";
      assertThat(author.register(email, PASSWORD, "Author").status()).isEqualTo(201);
      String many =
          project(
              author,
              Map.of(
                  "main.tex", Documents.text("one-page.tex"),
                  "a.tex", "A.",
                  "b.tex", "B.",
                  "c.tex", "C."));
      byte[] data = new byte[20 * 1024];
      new Random(7).nextBytes(data);
      String large = project(author, Map.of("main.tex", Documents.text("one-page.tex")));
      assertThat(author.put("/api/projects/" + large + "/files/data.bin", data).status())
          .isEqualTo(201);

      // the administrator lowers the limits below what these projects already hold
      limited.stop(limited.web());
      limited.startWeb(
          Map.of("quire.projects.max-files", 3, "quire.projects.max-project-size", "16KB"));
      author = limited.newClient();
      assertThat(author.login(email, PASSWORD).status()).isEqualTo(200);

      Response tooMany = author.postJson("/api/projects/" + many + "/compile", Map.of());
      Response tooLarge = author.postJson("/api/projects/" + large + "/compile", Map.of());

      assertProblem(tooMany, 400, "The project has 4 files; compiles are limited to 3.");
      assertProblem(tooLarge, 413, "The project is larger than the compile limit of 16 KB.");
      assertThat(queued(limited)).as("jobs published").isZero();

      author.delete("/api/projects/" + many + "/files/c.tex");
      Response withinLimits = author.postJson("/api/projects/" + many + "/compile", Map.of());
      assertThat(withinLimits.status()).as(withinLimits.text()).isEqualTo(200);
      assertThat(withinLimits.json().get("status").asString()).isEqualTo("queued");
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(limited) == 1);
    }
  }

  @Test
  void aSecondRequestForTheSameInputsJoinsTheCompileInFlightAndOneCompileRuns() throws Exception {
    try (QuireStack idle = new QuireStack().startWeb(Map.of())) {
      ApiClient author = signedIn(idle);
      String project = project(author, Map.of("main.tex", Documents.text("one-page.tex")));

      Response first = author.postJson("/api/projects/" + project + "/compile", Map.of());
      Response second = author.postJson("/api/projects/" + project + "/compile", Map.of());

      assertThat(first.status()).as(first.text()).isEqualTo(200);
      assertThat(second.status()).as(second.text()).isEqualTo(200);
      String jobId = first.json().get("jobId").asString();
      assertThat(first.json().get("status").asString()).isEqualTo("queued");
      assertThat(second.json().get("jobId").asString()).isEqualTo(jobId);
      assertThat(second.json().get("status").asString()).isEqualTo("queued");
      assertThat(second.json().get("cached").asBoolean()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(idle) == 1);

      ConfigurableApplicationContext worker =
          idle.startCompileWorker("compile-worker-join", Map.of("quire.compile.concurrency", 1));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(author, project, jobId).equals("success"));
      QuireStack.awaitProjectReleased(worker, project);

      assertThat(compilesRun(worker)).as("compiles the worker ran").isEqualTo(1);
      assertThat(queued(idle)).isZero();
      JsonNode result = author.get("/api/projects/" + project + "/compile/" + jobId).json();
      assertThat(Documents.pdfText(ProjectCalls.output(author, project, result, "output.pdf")))
          .contains("Hello from Quire");
    }
  }

  // ------------------------------------------------------------------ steps

  private static ApiClient signedIn(QuireStack on) {
    ApiClient signedIn = on.newClient();
    Response registered =
        signedIn.register("options-" + UUID.randomUUID() + "@example.org", PASSWORD, "Author");
    assertThat(registered.status()).isEqualTo(201);
    return signedIn;
  }

  private static String project(ApiClient as, Map<String, String> files) {
    Response created = as.postJson("/api/projects", Map.of("name", "Test " + UUID.randomUUID()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().get("id").asString();
    files.forEach(
        (path, text) -> {
          Response put = as.put("/api/projects/" + id + "/files/" + path, text);
          assertThat(put.status()).as(put.text()).isIn(201, 204);
        });
    return id;
  }

  private static void assertProblem(Response response, int status, String detail) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.json().get("detail").asString()).isEqualTo(detail);
  }

  /** Each error as {@code file:line \macro}, the macro being the undefined one it names. */
  private static List<String> locations(JsonNode result) {
    List<String> locations = new ArrayList<>();
    for (JsonNode error : result.get("errors")) {
      String message = error.get("message").asString();
      assertThat(message).startsWith("Undefined control sequence");
      locations.add(
          error.get("file").asString()
              + ":"
              + error.get("line").asInt()
              + " "
              + message.substring(message.lastIndexOf(' ') + 1));
    }
    return locations;
  }

  private static List<String> outputNames(JsonNode result) {
    List<String> names = new ArrayList<>();
    result.get("outputFiles").forEach(file -> names.add(file.get("name").asString()));
    return names;
  }

  private static String status(ApiClient as, String project, String jobId) {
    return as.get("/api/projects/" + project + "/compile/" + jobId).json().get("status").asString();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Compile jobs waiting in the broker's interactive and background queues. */
  private static long queued(QuireStack on) {
    AmqpAdmin admin = on.web().getBean(AmqpAdmin.class);
    QueueTopology topology = on.web().getBean(QueueTopology.class);
    long count = 0;
    for (JobQueue queue : List.of(JobQueue.COMPILE_INTERACTIVE, JobQueue.COMPILE_BACKGROUND)) {
      QueueInformation info = admin.getQueueInfo(topology.queue(queue));
      assertThat(info).as("queue " + topology.queue(queue)).isNotNull();
      count += info.getMessageCount();
    }
    return count;
  }

  /** Compiles a worker finished, whatever their outcome. */
  private static double compilesRun(ConfigurableApplicationContext worker) {
    return worker.getBean(MeterRegistry.class).find("quire.compile.outcome").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
