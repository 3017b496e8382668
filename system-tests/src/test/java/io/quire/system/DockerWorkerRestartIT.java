package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A compile-worker running the Docker sandbox, killed with SIGKILL mid-compile, leaves its compile
 * container running; started again (as a supervisor or compose's restart policy does), it removes
 * that container at once and compiles the next job. Skipped with one line where Docker cannot run.
 */
class DockerWorkerRestartIT {
  private static final String WORKER = "docker-victim";

  private QuireStack stack;
  private ApiClient client;
  private Process worker;
  private DockerClient docker;

  @BeforeEach
  void start() throws Exception {
    Sandboxes.DOCKER.assumeAvailable();
    stack = new QuireStack().startWeb(Map.of());
    client = stack.newClient();
    client.register("docker-" + UUID.randomUUID() + "@example.org", "a good passphrase", "D");
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    docker =
        DockerClientImpl.getInstance(
            config,
            new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
    if (docker != null) {
      for (Container c : containers()) {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      }
      docker.close();
    }
  }

  @Test
  void aWorkerKilledMidCompileRemovesItsContainerWhenItStartsAgain() throws Exception {
    worker = startWorker();
    String project =
        client.postJson("/api/projects", Map.of("name", "Loop")).json().get("id").asString();
    client.put(
        "/api/projects/" + project + "/files/main.tex",
        "\\documentclass{article}\\begin{document}\\loop\\iftrue\\repeat\\end{document}");
    Response submitted =
        client.postJson("/api/projects/" + project + "/compile", Map.of("timeoutSeconds", 120));
    assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> containers().stream().anyMatch(c -> c.getState().equals("running")));

    String orphan = containers().get(0).getId();

    worker.destroyForcibly();
    assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(containers())
        .as("the killed worker's compile goes on without it")
        .extracting(Container::getId)
        .containsExactly(orphan);

    worker = startWorker();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> containers().stream().noneMatch(c -> c.getId().equals(orphan)));
    // the job itself is redelivered to the new worker, which runs it again in a new container
    // (until its timeout); a fresh project compiles at once on the other slot
    String next =
        client.postJson("/api/projects", Map.of("name", "Next")).json().get("id").asString();
    client.put("/api/projects/" + next + "/files/main.tex", Documents.text("one-page.tex"));
    assertThat(ProjectCalls.compile(client, next, Map.of()).get("status").asString())
        .isEqualTo("success");
  }

  private Process startWorker() throws Exception {
    return stack.startCompileWorkerProcess(
        WORKER, QuireStack.randomBaseUid(), 2, Sandboxes.DOCKER.workerProperties());
  }

  private List<Container> containers() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("io.quire.worker", WORKER))
        .exec();
  }
}
