package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A compile-worker's slots as RabbitMQ and the sandbox see them: one consumer per slot with
 * prefetch 1 (background one fewer), and never two runs in one project's workspace, however many
 * slots are free.
 */
class CompileSlotsIT {
  private static final String WORKER = "compile-worker-slots";
  private static final int SLOTS = 3;

  /** About a second of pdflatex: long enough for two compiles to overlap if they could. */
  private static final String SLOW =
      """
      \\documentclass{article}
      \\begin{document}
      \\newcount\\n
      \\loop\\advance\\n by 1 \\ifnum\\n<3000000 \\repeat
      Counted to \\the\\n.
      \\end{document}
      """;

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker(WORKER, Map.of("quire.compile.concurrency", SLOTS));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void eachSlotIsOneConsumerWithPrefetchOneAndBackgroundHasOneFewer() {
    QueueTopology topology = worker.getBean(QueueTopology.class);
    String interactive = topology.queue(JobQueue.COMPILE_INTERACTIVE);
    String background = topology.queue(JobQueue.COMPILE_BACKGROUND);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<JsonNode> consumers = consumers();
              assertThat(prefetchCounts(consumers, interactive)).containsExactly(1, 1, 1);
              assertThat(prefetchCounts(consumers, background)).containsExactly(1, 1);
            });
  }

  @Test
  void twoCompilesOfOneProjectNeverRunInItsWorkspaceAtOnce() throws Exception {
    ApiClient owner = stack.newClient();
    String ownerEmail = "slots-" + UUID.randomUUID() + "@example.org";
    assertThat(owner.register(ownerEmail, "a good passphrase", "Owner").status()).isEqualTo(201);
    ApiClient coAuthor = stack.newClient();
    String coAuthorEmail = "slots-" + UUID.randomUUID() + "@example.org";
    assertThat(coAuthor.register(coAuthorEmail, "a good passphrase", "Co").status()).isEqualTo(201);
    String project =
        owner.postJson("/api/projects", Map.of("name", "Slots")).json().get("id").asString();
    owner.put("/api/projects/" + project + "/files/main.tex", SLOW);
    assertThat(
            coAuthor
                .acceptInvitation(
                    owner.postJson(
                        "/api/projects/" + project + "/collaborators",
                        Map.of("email", coAuthorEmail, "access", "readWrite")))
                .status())
        .isEqualTo(200);
    Gauge runs = worker.getBean(MeterRegistry.class).find("quire.compile.sandboxed.runs").gauge();
    assertThat(runs).isNotNull();
    AtomicInteger most = new AtomicInteger();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                most.accumulateAndGet((int) runs.value(), Math::max);
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
            });
    watcher.start();

    // two users, two option sets: neither supersedes nor joins the other
    CompletableFuture<JsonNode> first =
        CompletableFuture.supplyAsync(() -> compile(owner, project, false));
    CompletableFuture<JsonNode> second =
        CompletableFuture.supplyAsync(() -> compile(coAuthor, project, true));
    JsonNode a = first.get();
    JsonNode b = second.get();
    watching.set(false);
    watcher.join();

    assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("success");
    assertThat(b.get("status").asString()).as(b.toString()).isEqualTo("success");
    assertThat(a.get("jobId").asString()).isNotEqualTo(b.get("jobId").asString());
    assertThat(most.get()).as("sandboxed runs at once in the project's workspace").isEqualTo(1);
  }

  private static JsonNode compile(ApiClient client, String project, boolean draft) {
    Map<String, Object> body = new HashMap<>();
    body.put("wait", true);
    body.put("draft", draft);
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json();
  }

  private static List<Integer> prefetchCounts(List<JsonNode> consumers, String queue) {
    List<Integer> counts = new ArrayList<>();
    for (JsonNode consumer : consumers) {
      if (consumer.get("queue").get("name").asString().equals(queue)) {
        counts.add(consumer.get("prefetch_count").asInt());
      }
    }
    return counts;
  }

  /** Every consumer the broker knows, from its management API. */
  private static List<JsonNode> consumers() throws Exception {
    String base =
        System.getenv().getOrDefault("QUIRE_RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672");
    String credentials =
        Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/consumers"))
                    .header("Authorization", "Basic " + credentials)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode consumer : JsonMapper.builder().build().readTree(response.body())) {
      all.add(consumer);
    }
    return all;
  }
}
