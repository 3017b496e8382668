package io.quire.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.NonRetryableJobException;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The queue dashboard against a real RabbitMQ (with its management API) and Redis: bursts of
 * background compiles, dead letters, draining workers, and who may see it all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueueDashboardIT {
  private static final String MANAGEMENT_URL =
      System.getenv().getOrDefault("QUIRE_RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672");
  // the management API refreshes its counts every 5 s
  private static final Duration BROKER_STATS = Duration.ofSeconds(45);

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.rabbitmq.management.url", () -> MANAGEMENT_URL);
    registry.add("quire.ops.heartbeat-interval", () -> "500ms");
    registry.add("quire.ops.sample-interval", () -> "1s");
  }

  @LocalServerPort int port;
  @Autowired MessagePublisher publisher;
  @Autowired QueueTopology topology;
  @Autowired ConnectionFactory connections;
  @Autowired MessageCodec codec;
  @Autowired MeterRegistry meters;
  @Autowired RedissonClient redisson;

  private ApiClient admin;
  private final List<TestWorker> workers = new ArrayList<>();

  @BeforeEach
  void signInAdmin() {
    admin = new ApiClient("http://localhost:" + port);
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(TestWorker::close);
  }

  @Test
  void theApiReflectsABurstOfBackgroundCompilesAndDrainsBackToZero() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 12; i++) {
      publisher.publishJob(JobQueue.COMPILE_BACKGROUND, job());
    }

    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () -> {
              JsonNode background = queue(snapshot(), "compile.background");
              assertThat(background.path("ready").asLong()).isEqualTo(12);
              assertThat(background.path("consumers").asInt()).isZero();
            });
    assertThat(snapshot().path("source").asString()).isEqualTo("management");
    assertThat(
            meters
                .get("quire.queue.depth")
                .tag("queue", topology.queue(JobQueue.COMPILE_BACKGROUND))
                .gauge()
                .value())
        .isEqualTo(12.0);

    TestWorker worker =
        worker(
            "compile-worker-a",
            2,
            (job, delivery) -> {
              sleep(300);
              done.add(job.jobId());
            });

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode instance = workerNode(snapshot(), worker.id());
              assertThat(instance).isNotNull();
              assertThat(instance.path("pool").asString()).isEqualTo("compile-worker");
              assertThat(instance.path("concurrency").asInt()).isEqualTo(2);
              assertThat(instance.path("busySlots").asInt()).isPositive();
              JsonNode running = instance.path("jobs").get(0);
              assertThat(running.path("projectId").asString()).isEqualTo("p-burst");
              assertThat(running.path("queue").asString())
                  .isEqualTo(topology.queue(JobQueue.COMPILE_BACKGROUND));
            });
    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () -> {
              assertThat(done).hasSize(12);
              JsonNode background = queue(snapshot(), "compile.background");
              assertThat(background.path("ready").asLong()).isZero();
              assertThat(background.path("unacked").asLong()).isZero();
              assertThat(background.path("consumers").asInt()).isEqualTo(2);
              assertThat(background.path("deliverRate").isNumber()).isTrue();
            });
    assertThat(
            meters
                .get("quire.queue.depth")
                .tag("queue", topology.queue(JobQueue.COMPILE_BACKGROUND))
                .gauge()
                .value())
        .isZero();
  }

  @Test
  void theOldestWaitingJobsAgeIsShownForTheQuorumQueuesToo() {
    // quorum queues have no head timestamp in the management API: the age comes from the
    // waiting-jobs records the publisher keeps
    Instant queuedAt = Instant.now().minusSeconds(90);
    publisher.publishJob(JobQueue.COMPILE_BACKGROUND, job(queuedAt));
    publisher.publishJob(JobQueue.COMPILE_BACKGROUND, job(Instant.now()));

    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () -> {
              JsonNode background = queue(snapshot(), "compile.background");
              assertThat(background.path("ready").asLong()).isEqualTo(2);
              assertThat(background.path("oldestAgeSeconds").asDouble()).isBetween(90.0, 200.0);
            });

    Set<String> done = ConcurrentHashMap.newKeySet();
    worker("compile-worker-age", 1, (job, delivery) -> done.add(job.jobId()));
    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () -> {
              assertThat(done).hasSize(2);
              JsonNode background = queue(snapshot(), "compile.background");
              assertThat(background.path("ready").asLong()).isZero();
              assertThat(background.path("oldestAgeSeconds").asDouble()).isZero();
            });
    assertThat(
            redisson
                .getScoredSortedSet(
                    topology.prefix()
                        + ":ops:waiting-since:"
                        + topology.queue(JobQueue.COMPILE_BACKGROUND))
                .isEmpty())
        .as("a delivered job's record is forgotten")
        .isTrue();
  }

  @Test
  void aDeadLetteredJobCanBeRequeuedAndThenSucceeds() {
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    Set<String> succeeded = ConcurrentHashMap.newKeySet();
    worker(
        "compile-worker-dl",
        1,
        (job, delivery) -> {
          if (failedOnce.add(job.jobId())) {
            throw new NonRetryableJobException("the project is broken (this time)");
          }
          succeeded.add(job.jobId());
        });
    String older =
        deadLetter(JobQueue.COMPILE_BACKGROUND, "older".getBytes(StandardCharsets.UTF_8));
    CompileJob job = job();
    publisher.publishJob(JobQueue.COMPILE_BACKGROUND, job);

    String listPath = "/api/admin/queues/compile.background/dead-letters";
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(admin.get(listPath).json()).hasSize(2));
    JsonNode letter = null;
    for (JsonNode each : admin.get(listPath).json()) {
      if (job.jobId().equals(each.path("messageId").asString())) {
        letter = each;
      }
    }
    assertThat(letter).as("the dead-lettered job in the list").isNotNull();
    assertThat(letter.path("messageId").asString()).isEqualTo(job.jobId());
    assertThat(letter.path("reason").asString()).isEqualTo("rejected");
    assertThat(letter.path("projectId").asString()).isEqualTo("p-burst");
    assertThat(letter.path("summary").asString()).contains(job.jobId());
    await()
        .atMost(BROKER_STATS)
        .untilAsserted(() -> assertThat(deadCount(snapshot(), "compile.background")).isEqualTo(2));
    assertThat(succeeded).isEmpty();

    assertThat(admin.postJson(listPath + "/no-such-message/requeue", Map.of()).status())
        .isEqualTo(404);
    Response requeued = admin.postJson(listPath + "/" + job.jobId() + "/requeue", Map.of());

    assertThat(requeued.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.contains(job.jobId()));
    JsonNode left = admin.get(listPath).json();
    assertThat(left).hasSize(1);
    assertThat(left.get(0).path("messageId").asString()).isEqualTo(older);
    JsonNode entry = admin.get("/api/admin/audit").json().get(0);
    assertThat(entry.path("action").asString()).isEqualTo("dead-letters.requeue");
    assertThat(entry.path("actorEmail").asString()).isEqualTo("admin@quire.local");
    assertThat(entry.path("details").path("messageId").asString()).isEqualTo(job.jobId());
  }

  @Test
  void requeueAllMovesEveryDeadLetterBackToItsQueue() {
    for (int i = 0; i < 3; i++) {
      deadLetter(JobQueue.COMPILE_INTERACTIVE, codec.encode(job()));
    }

    Response moved =
        admin.postJson("/api/admin/queues/compile.interactive/dead-letters/requeue-all", Map.of());

    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().path("requeued").asInt()).isEqualTo(3);
    assertThat(admin.get("/api/admin/queues/compile.interactive/dead-letters").json()).isEmpty();
    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () ->
                assertThat(queue(snapshot(), "compile.interactive").path("ready").asLong())
                    .isEqualTo(3));
  }

  @Test
  void purgingDeadLettersNeedsTheQueueNameAsConfirmationAndIsAudited() {
    deadLetter(JobQueue.GIT_SYNC, "not json at all".getBytes(StandardCharsets.UTF_8));
    String path = "/api/admin/queues/git.sync/dead-letters";
    assertThat(admin.get(path).json().get(0).path("summary").asString())
        .isEqualTo("not json at all");

    assertThat(admin.delete(path).status()).isEqualTo(400);
    assertThat(admin.delete(path + "?confirm=compile.background").status()).isEqualTo(400);
    assertThat(admin.get(path).json()).hasSize(1);

    Response purged = admin.delete(path + "?confirm=git.sync");

    assertThat(purged.status()).isEqualTo(200);
    assertThat(purged.json().path("purged").asLong()).isEqualTo(1);
    assertThat(admin.get(path).json()).isEmpty();
    assertThat(admin.get("/api/admin/audit").json().get(0).path("action").asString())
        .isEqualTo("dead-letters.purge");
  }

  @Test
  void drainingAWorkerMidBurstLosesNoJobAndRunsNoneTwice() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Set<String> startedOnA = ConcurrentHashMap.newKeySet();
    Set<String> finishedOnA = ConcurrentHashMap.newKeySet();
    TestWorker a =
        worker(
            "compile-worker-drained",
            2,
            (job, delivery) -> {
              startedOnA.add(job.jobId());
              runs.computeIfAbsent(job.jobId(), k -> new AtomicInteger()).incrementAndGet();
              sleep(250);
              finishedOnA.add(job.jobId());
            });
    worker(
        "compile-worker-stays",
        2,
        (job, delivery) -> {
          runs.computeIfAbsent(job.jobId(), k -> new AtomicInteger()).incrementAndGet();
          sleep(250);
        });
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      CompileJob job = job();
      ids.add(job.jobId());
      publisher.publishJob(JobQueue.COMPILE_BACKGROUND, job);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> finishedOnA.size() >= 2 && startedOnA.size() > finishedOnA.size());

    a.drain();

    // stop() returned: everything it started is finished (and was acknowledged)
    assertThat(finishedOnA).containsExactlyInAnyOrderElementsOf(startedOnA);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids));
    assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    await()
        .atMost(BROKER_STATS)
        .untilAsserted(
            () -> {
              JsonNode snapshot = snapshot();
              JsonNode background = queue(snapshot, "compile.background");
              assertThat(background.path("ready").asLong()).isZero();
              assertThat(background.path("unacked").asLong()).isZero();
              assertThat(workerNode(snapshot, a.id())).isNull();
            });
  }

  @Test
  void aPlainUserGets403AndAnAnonymousCaller401() {
    admin.putJson("/api/admin/settings", Map.of("registrationOpen", true));
    ApiClient user = new ApiClient("http://localhost:" + port);
    user.register("user-" + UUID.randomUUID() + "@example.org", "a good long password", "User");

    assertThat(user.get("/api/admin/queues").status()).isEqualTo(403);
    assertThat(user.get("/api/admin/queues/stream").status()).isEqualTo(403);
    assertThat(user.get("/api/admin/queues/compile.background/dead-letters").status())
        .isEqualTo(403);
    assertThat(
            user.postJson("/api/admin/queues/compile.background/dead-letters/requeue-all", Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            user.delete(
                    "/api/admin/queues/compile.background/dead-letters?confirm=compile.background")
                .status())
        .isEqualTo(403);
    assertThat(user.get("/api/admin/audit").status()).isEqualTo(403);
    assertThat(new ApiClient("http://localhost:" + port).get("/api/admin/queues").status())
        .isEqualTo(401);
    // the page itself is static; it shows nothing without the API
    assertThat(user.get("/admin/queues").text()).contains("Queues and workers");
  }

  @Test
  void theStreamSendsTheHistoryThenASampleEverySecond() throws Exception {
    String token =
        admin
            .postJson("/api/me/tokens", Map.of("name", "dashboard", "scopes", List.of("admin")))
            .json()
            .get("token")
            .asString();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/queues/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while (events.size() < 2 && (line = lines.readLine()) != null) {
        if (line.startsWith("event:")) {
          events.add(line.substring("event:".length()).strip());
        } else if (line.startsWith("data:") && events.size() == 2) {
          assertThat(line).contains("\"snapshot\"").contains("compile.background");
        }
      }
    }
    assertThat(events).containsExactly("history", "sample");
  }

  // ------------------------------------------------------------------ steps

  private TestWorker worker(String name, int slots, JobHandler<CompileJob> handler) {
    TestWorker worker =
        new TestWorker(
            name + "-" + UUID.randomUUID().toString().substring(0, 4),
            topology.queue(JobQueue.COMPILE_BACKGROUND),
            slots,
            handler,
            connections,
            codec,
            meters,
            redisson,
            topology.prefix());
    workers.add(worker);
    return worker.start();
  }

  private static CompileJob job() {
    return job(Instant.now());
  }

  private static CompileJob job(Instant requestedAt) {
    return new CompileJob(
        UUID.randomUUID().toString(),
        "p-burst",
        "u-1",
        requestedAt,
        CompilePriority.BACKGROUND,
        "key-" + UUID.randomUUID(),
        "quire/texlive:2024",
        new CompileOptions(Compiler.PDFLATEX, "main.tex", false, false, 60),
        List.of());
  }

  /** Puts a message straight into a dead-letter queue, as the broker would. */
  private String deadLetter(JobQueue queue, byte[] body) {
    String id = UUID.randomUUID().toString();
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(id);
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    publisher.publishRaw(
        topology.deadLetterExchange(), topology.queue(queue), new Message(body, properties));
    return id;
  }

  private JsonNode snapshot() {
    Response response = admin.get("/api/admin/queues");
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode queue(JsonNode snapshot, String shortName) {
    for (JsonNode q : snapshot.path("queues")) {
      if (q.path("queue").asString().equals(shortName)) {
        return q;
      }
    }
    throw new AssertionError("no queue " + shortName + " in " + snapshot);
  }

  private static long deadCount(JsonNode snapshot, String shortName) {
    for (JsonNode q : snapshot.path("deadLetters")) {
      if (q.path("queue").asString().equals(shortName)) {
        return q.path("count").asLong();
      }
    }
    throw new AssertionError("no dead-letter queue for " + shortName);
  }

  private static JsonNode workerNode(JsonNode snapshot, String id) {
    for (JsonNode w : snapshot.path("workers")) {
      if (w.path("id").asString().equals(id)) {
        return w;
      }
    }
    return null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
