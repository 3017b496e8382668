package io.quire.common.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.QuireMessage;
import io.quire.common.ops.RunningJobs;
import java.time.Duration;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Builds the listener container of a job queue: manual acknowledgement, prefetch 1 per consumer (a
 * slow job never holds back jobs another slot could take), and a shutdown that waits for in-flight
 * jobs to finish and be acknowledged.
 */
public final class JobListenerContainers {
  private final ConnectionFactory connectionFactory;
  private final MessageCodec codec;
  private final MeterRegistry meters;
  private final RunningJobs running;
  private final WaitingJobs waiting;

  public JobListenerContainers(
      ConnectionFactory connectionFactory, MessageCodec codec, MeterRegistry meters) {
    this(connectionFactory, codec, meters, new RunningJobs(), WaitingJobs.NONE);
  }

  /**
   * @param running where the containers' slots and running jobs are reported (for heartbeats)
   * @param waiting told when a job leaves its queue (for the dashboard's oldest-message age)
   */
  public JobListenerContainers(
      ConnectionFactory connectionFactory,
      MessageCodec codec,
      MeterRegistry meters,
      RunningJobs running,
      WaitingJobs waiting) {
    this.running = running;
    this.waiting = waiting;
    this.connectionFactory = connectionFactory;
    this.codec = codec;
    this.meters = meters;
  }

  /**
   * @param queue full queue name
   * @param concurrency parallel consumers (job slots)
   * @param shutdownTimeout how long a stopping container waits for running jobs
   */
  public <T extends QuireMessage> SimpleMessageListenerContainer create(
      String queue,
      Class<T> contract,
      JobHandler<T> handler,
      int concurrency,
      RetryPolicy retryPolicy,
      Duration shutdownTimeout) {
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(queue);
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setPrefetchCount(1);
    container.setConcurrentConsumers(concurrency);
    container.setMaxConcurrentConsumers(concurrency);
    container.setDefaultRequeueRejected(false);
    container.setShutdownTimeout(shutdownTimeout.toMillis());
    container.setMissingQueuesFatal(false);
    container.setMessageListener(
        new JobMessageListener<>(
            queue, contract, handler, codec, retryPolicy, meters, running, waiting));
    running.addSlots(queue, concurrency);
    return container;
  }
}
