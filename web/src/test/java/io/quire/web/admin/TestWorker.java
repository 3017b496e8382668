package io.quire.web.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.RedisWaitingJobs;
import io.quire.common.messaging.RetryPolicy;
import io.quire.common.ops.HeartbeatPublisher;
import io.quire.common.ops.RunningJobs;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * A worker instance as compile-worker wires it (job listener container, running-job registry,
 * heartbeat), with a handler chosen by the test instead of latexmk.
 */
final class TestWorker implements AutoCloseable {
  private final String id;
  private final HeartbeatPublisher heartbeat;
  private final SimpleMessageListenerContainer container;

  TestWorker(
      String id,
      String queue,
      int slots,
      JobHandler<CompileJob> handler,
      ConnectionFactory connections,
      MessageCodec codec,
      MeterRegistry meters,
      RedissonClient redisson,
      String namespace) {
    this.id = id;
    RunningJobs running = new RunningJobs();
    heartbeat =
        new HeartbeatPublisher(
            redisson,
            codec.mapper(),
            namespace,
            new HeartbeatPublisher.Identity(id, "test-host", "compile-worker"),
            running,
            Duration.ofMillis(500));
    container =
        new JobListenerContainers(
                connections, codec, meters, running, new RedisWaitingJobs(redisson, namespace))
            .create(
                queue,
                CompileJob.class,
                handler,
                slots,
                new RetryPolicy(1, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)),
                Duration.ofSeconds(60));
    container.afterPropertiesSet();
  }

  String id() {
    return id;
  }

  TestWorker start() {
    heartbeat.start();
    container.start();
    return this;
  }

  /** What SIGTERM does to a worker: stop taking jobs, finish the running ones, then go. */
  void drain() {
    heartbeat.markDraining();
    container.stop();
    heartbeat.stop();
  }

  @Override
  public void close() {
    if (container.isRunning()) {
      drain();
    }
    container.destroy();
  }
}
