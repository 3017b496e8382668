package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.PrivateRabbitMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that crashes (SIGKILL) and comes back during a burst loses no job it had confirmed:
 * durable quorum queues plus persistent, confirmed messages. Runs on a broker node of its own so
 * the shared one is never disturbed.
 */
class BrokerRestartIT {
  private static final int JOBS = 30;

  private PrivateRabbitMq broker;
  private QuireStack stack;
  private ApiClient client;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(PrivateRabbitMq.available(), "RabbitMQ is not installed here");
    broker = new PrivateRabbitMq().start();
    stack = new QuireStack(broker.amqpUrl()).startWeb(Map.of());
    stack.startCompileWorker("worker-r", Map.of("quire.compile.concurrency", 2));
    client = stack.newClient();
    client.register("restart-" + UUID.randomUUID() + "@example.org", "a good passphrase", "A");
  }

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aBrokerCrashDuringABurstLosesNoConfirmedJob() throws Exception {
    List<String[]> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String project =
          client.postJson("/api/projects", Map.of("name", "R" + i)).json().get("id").asString();
      client.put(
          "/api/projects/" + project + "/files/main.tex",
          Documents.text("tikz.tex").replace("Parabola", "Restart " + i));
      Response submitted =
          client.postJson(
              "/api/projects/" + project + "/compile", Map.of("priority", "background"));
      assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
      jobs.add(new String[] {project, submitted.json().get("jobId").asString()});
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> finished(jobs) >= 3);

    broker.kill();
    long finishedWhileDown = finished(jobs);
    broker.start();

    await().atMost(Duration.ofMinutes(5)).until(() -> finished(jobs) == JOBS);
    assertThat(finishedWhileDown).isLessThan(JOBS);
    for (String[] job : jobs) {
      assertThat(status(job[0], job[1])).as("job " + job[1]).isEqualTo("success");
    }
  }

  @Test
  void aCompileRequestWhileTheBrokerIsDownIsAnsweredWith503AndRetryAfterThenWorksAgain()
      throws Exception {
    String project =
        client.postJson("/api/projects", Map.of("name", "Outage")).json().get("id").asString();
    client.put("/api/projects/" + project + "/files/main.tex", Documents.text("one-page.tex"));

    broker.kill();
    Response refused = client.postJson("/api/projects/" + project + "/compile", Map.of());

    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
    assertThat(refused.header("Retry-After"))
        .hasValueSatisfying(v -> assertThat(v).matches("\\d+"));
    assertThat(refused.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(refused.json().get("detail").asString()).contains("job queue is not reachable");

    broker.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Response again =
                  client.postJson("/api/projects/" + project + "/compile", Map.of("wait", true));
              assertThat(again.status()).as(again.text()).isEqualTo(200);
              assertThat(again.json().get("status").asString()).isEqualTo("success");
            });
  }

  private long finished(List<String[]> jobs) {
    return jobs.stream()
        .map(job -> status(job[0], job[1]))
        .filter(s -> !s.equals("queued") && !s.equals("running"))
        .count();
  }

  private String status(String project, String jobId) {
    return client
        .get("/api/projects/" + project + "/compile/" + jobId)
        .json()
        .get("status")
        .asString();
  }
}
