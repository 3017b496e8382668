package io.quire.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.QueueTopology.JobQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/** The job pipeline every worker uses, against the real local RabbitMQ. */
class JobPipelineIT {
  private static final RetryPolicy FAST_RETRY =
      new RetryPolicy(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(100));

  private final QueueTopology topology =
      new QueueTopology("test-" + UUID.randomUUID().toString().substring(0, 8), 5);
  private final MessageCodec codec = new MessageCodec();
  private CachingConnectionFactory connectionFactory;
  private RabbitTemplate template;
  private RabbitAdmin admin;
  private MessagePublisher publisher;
  private SimpleMessageListenerContainer container;

  @BeforeEach
  void declareTopology() {
    connectionFactory = new CachingConnectionFactory();
    connectionFactory.setUri(
        System.getenv().getOrDefault("QUIRE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"));
    connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    connectionFactory.setPublisherReturns(true);
    admin = new RabbitAdmin(connectionFactory);
    topology.declarables().getDeclarables().forEach(this::declare);
    template = new RabbitTemplate(connectionFactory);
    publisher = new MessagePublisher(template, topology, codec, Duration.ofSeconds(10));
  }

  @AfterEach
  void deleteTopology() {
    if (container != null) {
      container.stop();
    }
    topology.queueNames().forEach(admin::deleteQueue);
    topology.exchangeNames().forEach(admin::deleteExchange);
    connectionFactory.destroy();
  }

  @Test
  void aPublishedJobReachesItsWorker() {
    List<String> handled = new CopyOnWriteArrayList<>();
    start((job, delivery) -> handled.add(job.jobId()));

    HistoryIngestJob job = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(job.jobId()));
    assertThat(handled).containsExactly(job.jobId());
  }

  @Test
  void aJobNoQueueTakesFailsItsPublishWhileAnEventNobodyFollowsIsFine() {
    admin.deleteQueue(topology.queue(JobQueue.HISTORY_INGEST));
    HistoryIngestJob job = job();

    assertThatThrownBy(() -> publisher.publishJob(JobQueue.HISTORY_INGEST, job))
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("no queue for");
    publisher.publishEvent(job);
  }

  @Test
  void
      givenAnUnparsableMessageAndAnUnknownSchemaVersionBothAreDeadLetteredAndTheNextGoodJobIsStillProcessed() {
    List<String> handled = new CopyOnWriteArrayList<>();
    start((job, delivery) -> handled.add(job.jobId()));

    sendRaw("{this is not json");
    sendRaw(
        "{\"type\":\"history.ingest\",\"schemaVersion\":42,\"jobId\":\"future\",\"projectId\":\"p\","
            + "\"requestedBy\":\"u\",\"requestedAt\":\"2026-01-01T00:00:00Z\",\"treeVersion\":1}");
    HistoryIngestJob good = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, good);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(good.jobId()));
    List<Message> dead = drainDeadLetters(2);
    assertThat(dead)
        .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
        .anySatisfy(body -> assertThat(body).startsWith("{this is not json"))
        .anySatisfy(body -> assertThat(body).contains("\"schemaVersion\":42"));
    assertThat(dead)
        .allSatisfy(m -> assertThat(m.getMessageProperties().getXDeathHeader()).isNotEmpty());
    assertThat(handled).containsExactly(good.jobId());
  }

  @Test
  void givenATransientFailureTheJobIsRetriedWithBackoffAndSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    start(
        (job, delivery) -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("database hiccup");
          }
          handled.add(job.jobId());
        });

    HistoryIngestJob job = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(job.jobId()));
    assertThat(attempts).hasValue(3);
    assertThat(queueDepth(topology.deadLetterQueue(JobQueue.HISTORY_INGEST))).isZero();
  }

  @Test
  void givenAPoisonJobItIsDeadLetteredAfterItsRetriesAndDoesNotBlockTheQueue() {
    HistoryIngestJob poison = job();
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger poisonAttempts = new AtomicInteger();
    start(
        (job, delivery) -> {
          if (job.jobId().equals(poison.jobId())) {
            poisonAttempts.incrementAndGet();
            throw new IllegalStateException("always fails");
          }
          handled.add(job.jobId());
        });

    publisher.publishJob(JobQueue.HISTORY_INGEST, poison);
    HistoryIngestJob next = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, next);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(next.jobId()));
    List<Message> dead = drainDeadLetters(1);
    assertThat(dead.get(0).getMessageProperties().getMessageId()).isEqualTo(poison.jobId());
    assertThat(poisonAttempts).hasValue(FAST_RETRY.maxAttempts());
  }

  @Test
  void givenANonRetryableFailureTheJobIsDeadLetteredAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    start(
        (job, delivery) -> {
          attempts.incrementAndGet();
          throw new NonRetryableJobException("project does not exist");
        });

    HistoryIngestJob job = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);

    List<Message> dead = drainDeadLetters(1);
    assertThat(dead.get(0).getMessageProperties().getMessageId()).isEqualTo(job.jobId());
    assertThat(attempts).hasValue(1);
  }

  @Test
  void givenAConsumerWhoseChannelDiesBeforeAckingTheJobIsRedeliveredAndProcessedOnce() {
    Map<String, Integer> results = new ConcurrentHashMap<>();
    AtomicInteger handleCalls = new AtomicInteger();
    AtomicInteger redeliveries = new AtomicInteger();
    start(
        new JobHandler<>() {
          @Override
          public void handle(HistoryIngestJob job, Delivery delivery) {
            handleCalls.incrementAndGet();
            results.merge(job.jobId(), 1, Integer::sum);
            // the result is stored; now the connection dies before the acknowledgement is sent
            connectionFactory.resetConnection();
          }

          @Override
          public boolean isAlreadyDone(HistoryIngestJob job) {
            redeliveries.incrementAndGet();
            return results.containsKey(job.jobId());
          }
        });

    HistoryIngestJob job = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);

    await().atMost(Duration.ofSeconds(20)).until(() -> redeliveries.get() >= 1);
    // the connection is being re-established: a broker call may fail on the way
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> queueDepth(topology.queue(JobQueue.HISTORY_INGEST)) == 0);
    assertThat(handleCalls).hasValue(1);
    assertThat(results).containsExactly(Map.entry(job.jobId(), 1));
  }

  @Test
  void aStoppingWorkerFinishesItsInFlightJobAndAcknowledgesItBeforeExiting() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger started = new AtomicInteger();
    start(
        (job, delivery) -> {
          started.incrementAndGet();
          sleep(Duration.ofMillis(1500));
          handled.add(job.jobId());
        });
    HistoryIngestJob job = job();
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);
    await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);

    container.stop();

    assertThat(handled).containsExactly(job.jobId());
    assertThat(queueDepth(topology.queue(JobQueue.HISTORY_INGEST))).isZero();
  }

  private void start(JobHandler<HistoryIngestJob> handler) {
    container =
        new JobListenerContainers(connectionFactory, codec, new SimpleMeterRegistry())
            .create(
                topology.queue(JobQueue.HISTORY_INGEST),
                HistoryIngestJob.class,
                handler,
                1,
                FAST_RETRY,
                Duration.ofSeconds(10));
    container.start();
  }

  private HistoryIngestJob job() {
    return new HistoryIngestJob(
        UUID.randomUUID().toString(), "project-1", "user-1", Instant.now(), 1);
  }

  private void sendRaw(String body) {
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(UUID.randomUUID().toString());
    publisher.publishRaw(
        topology.jobsExchange(),
        topology.queue(JobQueue.HISTORY_INGEST),
        new Message(body.getBytes(StandardCharsets.UTF_8), properties));
  }

  private List<Message> drainDeadLetters(int expected) {
    List<Message> dead = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Message m = template.receive(topology.deadLetterQueue(JobQueue.HISTORY_INGEST));
              if (m != null) {
                dead.add(m);
              }
              return dead.size() >= expected;
            });
    return dead;
  }

  private long queueDepth(String queue) {
    var info = admin.getQueueInfo(queue);
    return info == null ? -1 : info.getMessageCount();
  }

  private void declare(org.springframework.amqp.core.Declarable declarable) {
    if (declarable instanceof org.springframework.amqp.core.Queue q) {
      admin.declareQueue(q);
    } else if (declarable instanceof org.springframework.amqp.core.Exchange e) {
      admin.declareExchange(e);
    } else if (declarable instanceof org.springframework.amqp.core.Binding b) {
      admin.declareBinding(b);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
