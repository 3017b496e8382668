package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.compile.sandbox.DockerSandbox;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.SandboxSettings;
import io.quire.testsupport.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./quire bench sandbox}: edit→PDF of the same one-page document through the whole pipeline
 * with a bubblewrap worker and with a Docker worker, measured in the same run, plus what an empty
 * Docker container costs to start and remove. Asserts only that compiles succeed.
 */
class SandboxBenchmark {
  private static final int ROUNDS = Integer.getInteger("quire.bench.rounds", 15);
  private static final int WARM_UP = Integer.getInteger("quire.bench.warmup", 10);
  private static final List<String> REPORT = new ArrayList<>();

  @AfterAll
  static void print() {
    BenchFigures.print("sandbox benchmark (" + ROUNDS + " rounds", REPORT);
  }

  @Test
  void editToPdfInEachSandbox() throws Exception {
    Sandboxes.DOCKER.assumeAvailable();
    List<Long> bubblewrap = editToPdf(Sandboxes.BUBBLEWRAP);
    List<Long> docker = editToPdf(Sandboxes.DOCKER);
    List<Long> container = emptyContainer();

    double b = BenchFigures.percentileMillis(bubblewrap, 50);
    double d = BenchFigures.percentileMillis(docker, 50);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "edit->PDF p50, one page: bubblewrap %.1f ms, Docker %.1f ms (ratio %.2f)",
            b,
            d,
            d / b));
    REPORT.add(
        String.format(
            Locale.ROOT,
            "edit->PDF p95, one page: bubblewrap %.1f ms, Docker %.1f ms",
            BenchFigures.percentileMillis(bubblewrap, 95),
            BenchFigures.percentileMillis(docker, 95)));
    REPORT.add(
        String.format(
            Locale.ROOT,
            "an empty container (create, attach, start, wait, remove: `true`) p50 %.1f ms, p95 %.1f"
                + " ms",
            BenchFigures.percentileMillis(container, 50),
            BenchFigures.percentileMillis(container, 95)));
  }

  private static List<Long> editToPdf(Sandboxes sandbox) throws Exception {
    try (QuireStack stack = new QuireStack().startWeb(Map.of())) {
      Map<String, Object> properties = new java.util.HashMap<>(sandbox.workerProperties());
      properties.put("quire.compile.concurrency", 2);
      stack.startCompileWorker("bench-" + sandbox.name().toLowerCase(Locale.ROOT), properties);
      ApiClient client = stack.newClient();
      client.register("bench-" + UUID.randomUUID() + "@example.org", "a good passphrase", "B");
      String doc = Documents.text("one-page.tex");
      String project = ProjectCalls.project(client, Map.of("main.tex", doc));
      for (int i = 0; i < WARM_UP; i++) {
        client.put("/api/projects/" + project + "/files/main.tex", doc.replace("42", "w" + i));
        ProjectCalls.compile(client, project, Map.of());
      }
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        long start = System.nanoTime();
        client.put("/api/projects/" + project + "/files/main.tex", doc.replace("42", "r" + i));
        JsonNode result = ProjectCalls.compile(client, project, Map.of());
        assertThat(result.get("status").asString()).isEqualTo("success");
        ProjectCalls.output(client, project, result, "output.pdf");
        nanos.add(System.nanoTime() - start);
      }
      return nanos;
    }
  }

  /** The engine's own cost of one compile container, without TeX. */
  private static List<Long> emptyContainer() throws Exception {
    SandboxSettings.Docker d = SandboxSettings.Docker.defaults();
    SandboxSettings.Docker settings =
        new SandboxSettings.Docker(
            null,
            List.of(Sandboxes.TEX_IMAGE),
            d.user(),
            null,
            null,
            d.tmpBytes(),
            d.userProcessLimit(),
            Duration.ofSeconds(10));
    Path workspace = Files.createTempDirectory("quire-bench-container");
    List<Long> nanos = new ArrayList<>();
    try (DockerSandbox docker = DockerSandbox.connect(settings, "bench-empty")) {
      for (int i = 0; i < WARM_UP + ROUNDS; i++) {
        long start = System.nanoTime();
        docker
            .start(
                new SandboxCommand(
                    workspace,
                    List.of("true"),
                    Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(30),
                    SandboxLimits.defaults(),
                    Sandboxes.TEX_IMAGE))
            .await();
        if (i >= WARM_UP) {
          nanos.add(System.nanoTime() - start);
        }
      }
    }
    return nanos;
  }
}
