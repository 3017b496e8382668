package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.MessageCodec;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/** Jobs survive a worker killed with SIGKILL, with one result each. */
class CompileResilienceIT {
  private static final int JOBS = 50;

  private QuireStack stack;
  private ApiClient client;
  private CachingConnectionFactory connections;
  private SimpleMessageListenerContainer events;
  private final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
  private final List<Process> workers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    client = stack.newClient();
    client.register("burst-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Author");
    listenToCompletions();
  }

  @AfterEach
  void stop() {
    workers.forEach(Process::destroyForcibly);
    if (events != null) {
      events.stop();
    }
    connections.destroy();
    stack.close();
  }

  @Test
  void killingACompileWorkerWithSigkillDuringABurstLosesNoJobAndGivesOneResultEach()
      throws Exception {
    Process victim = stack.startCompileWorkerProcess("victim", QuireStack.randomBaseUid(), 2);
    workers.add(victim);
    Process survivor =
        stack.startCompileWorkerProcess("survivor", QuireStack.randomBaseUid() + 50, 2);
    workers.add(survivor);
    List<String[]> jobs = burst();

    await().atMost(Duration.ofSeconds(120)).until(() -> finished(jobs) >= 5);
    victim.destroyForcibly();
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();

    await().atMost(Duration.ofMinutes(5)).until(() -> finished(jobs) == JOBS);
    assertOneResultEach(jobs);
    long withEvent = jobs.stream().filter(job -> completions.containsKey(job[1])).count();
    assertThat(withEvent).as("jobs whose completion was announced").isEqualTo(JOBS);
  }

  /** Queues {@link #JOBS} background compiles of distinct documents; each was confirmed. */
  private List<String[]> burst() {
    List<String[]> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String project =
          client
              .postJson("/api/projects", Map.of("name", "Burst " + i))
              .json()
              .get("id")
              .asString();
      client.put(
          "/api/projects/" + project + "/files/main.tex",
          Documents.text("tikz.tex").replace("Parabola", "Burst " + i));
      Response submitted =
          client.postJson(
              "/api/projects/" + project + "/compile", Map.of("priority", "background"));
      assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
      jobs.add(new String[] {project, submitted.json().get("jobId").asString()});
    }
    return jobs;
  }

  private long finished(List<String[]> jobs) {
    return jobs.stream().filter(job -> isFinal(status(job[0], job[1]))).count();
  }

  /**
   * Every job succeeded and none was announced twice (a redelivered job whose result was stored is
   * acknowledged without compiling or announcing again). Announcements made while the broker was
   * down may be missing; the stored state is what counts.
   */
  private void assertOneResultEach(List<String[]> jobs) {
    for (String[] job : jobs) {
      assertThat(status(job[0], job[1])).as("job " + job[1]).isEqualTo("success");
      AtomicInteger events = completions.get(job[1]);
      assertThat(events == null ? 0 : events.get())
          .as("completion events of " + job[1])
          .isLessThanOrEqualTo(1);
    }
  }

  private String status(String project, String jobId) {
    return client
        .get("/api/projects/" + project + "/compile/" + jobId)
        .json()
        .get("status")
        .asString();
  }

  private static boolean isFinal(String status) {
    return !status.equals("queued") && !status.equals("running");
  }

  private void listenToCompletions() {
    connections = new CachingConnectionFactory();
    connections.setUri(
        System.getenv().getOrDefault("QUIRE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"));
    RabbitAdmin admin = new RabbitAdmin(connections);
    Queue queue =
        new Queue(stack.prefix() + ".test-completions." + UUID.randomUUID(), false, false, true);
    admin.declareQueue(queue);
    admin.declareBinding(
        BindingBuilder.bind(queue)
            .to(new TopicExchange(stack.prefix() + ".events", true, false))
            .with("compile.completed.*"));
    MessageCodec codec = new MessageCodec();
    events = new SimpleMessageListenerContainer(connections);
    events.setQueues(queue);
    events.setMessageListener(
        message -> {
          CompileCompletedEvent event =
              codec.decode(message.getBody(), CompileCompletedEvent.class);
          completions.computeIfAbsent(event.jobId(), id -> new AtomicInteger()).incrementAndGet();
        });
    events.start();
  }
}
