package io.quire.common.messaging;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.QuireMessage;
import io.quire.common.contract.UnreadableMessageException;
import io.quire.common.ops.RunningJobs;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Runs a {@link JobHandler} for each delivery of one queue, with manual acknowledgement.
 *
 * <ul>
 *   <li>An unreadable message (bad JSON, unknown type or schema version) is rejected without
 *       requeue at once, so the broker dead-letters it and the queue keeps flowing.
 *   <li>A job whose result already exists is acknowledged without running again.
 *   <li>A failing job is retried with backoff; a {@link NonRetryableJobException} or the last
 *       failed attempt dead-letters it.
 *   <li>The acknowledgement is sent only after the handler returned, i.e. after the result is
 *       stored.
 * </ul>
 */
public final class JobMessageListener<T extends QuireMessage>
    implements ChannelAwareMessageListener {
  private static final Logger LOG = LoggerFactory.getLogger(JobMessageListener.class);

  private final String queue;
  private final Class<T> contract;
  private final JobHandler<T> handler;
  private final MessageCodec codec;
  private final RetryPolicy retryPolicy;
  private final MeterRegistry meters;
  private final RunningJobs running;
  private final WaitingJobs waiting;

  /**
   * @param running where the jobs running on this instance are reported (for heartbeats)
   * @param waiting told when a job leaves the queue (for the dashboard's oldest-message age)
   */
  public JobMessageListener(
      String queue,
      Class<T> contract,
      JobHandler<T> handler,
      MessageCodec codec,
      RetryPolicy retryPolicy,
      MeterRegistry meters,
      RunningJobs running,
      WaitingJobs waiting) {
    this.running = running;
    this.waiting = waiting;
    this.queue = queue;
    this.contract = contract;
    this.handler = handler;
    this.codec = codec;
    this.retryPolicy = retryPolicy;
    this.meters = meters;
  }

  @Override
  public void onMessage(Message message, Channel channel) throws IOException {
    MessageProperties properties = message.getMessageProperties();
    long tag = properties.getDeliveryTag();
    if (properties.getMessageId() != null) {
      waiting.delivered(queue, properties.getMessageId());
    }
    T job;
    try {
      job = codec.decode(message.getBody(), contract);
    } catch (UnreadableMessageException e) {
      LOG.warn(
          "Dead-lettering unreadable message {} from {}: {}",
          properties.getMessageId(),
          queue,
          e.getMessage());
      meters.counter("quire.job.unreadable", "queue", queue).increment();
      channel.basicReject(tag, false);
      return;
    }
    MDC.put("jobId", job.jobId());
    MDC.put("projectId", job.projectId());
    try (RunningJobs.Registration ignored = running.started(queue, job)) {
      process(job, properties, channel, tag);
    } finally {
      MDC.remove("jobId");
      MDC.remove("projectId");
    }
  }

  private void process(T job, MessageProperties properties, Channel channel, long tag)
      throws IOException {
    Long count = properties.getHeader("x-delivery-count");
    JobHandler.Delivery delivery =
        new JobHandler.Delivery(
            queue, Boolean.TRUE.equals(properties.getRedelivered()), count == null ? 0 : count);
    if (delivery.redelivered() && handler.isAlreadyDone(job)) {
      LOG.info("Job {} was already done; acknowledging the redelivery", job.jobId());
      channel.basicAck(tag, false);
      return;
    }
    Duration waited = Duration.between(job.requestedAt(), Instant.now());
    if (!waited.isNegative()) {
      timer("quire.job.wait", "queued").record(waited);
    }
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        handler.handle(job, delivery);
      } catch (NonRetryableJobException e) {
        LOG.warn("Job {} cannot succeed; dead-lettering it: {}", job.jobId(), e.getMessage());
        gaveUp(job, e);
        channel.basicReject(tag, false);
        record(started, "rejected");
        return;
      } catch (RuntimeException e) {
        if (attempt >= retryPolicy.maxAttempts()) {
          LOG.error("Job {} failed {} times; dead-lettering it", job.jobId(), attempt, e);
          gaveUp(job, e);
          channel.basicReject(tag, false);
          record(started, "dead-lettered");
          return;
        }
        Duration backoff = retryPolicy.backoffAfter(attempt);
        LOG.warn(
            "Job {} failed (attempt {} of {}), retrying in {} ms: {}",
            job.jobId(),
            attempt,
            retryPolicy.maxAttempts(),
            backoff.toMillis(),
            e.toString());
        if (!sleep(backoff)) {
          LOG.info("Interrupted while backing off; returning job {} to the queue", job.jobId());
          channel.basicNack(tag, false, true);
          record(started, "requeued");
          return;
        }
        continue;
      }
      // outside the try: a failed acknowledgement (channel gone) must not rerun the job; the broker
      // redelivers it and isAlreadyDone answers
      channel.basicAck(tag, false);
      record(started, "done");
      LOG.info("Job {} done in {} ms", job.jobId(), (System.nanoTime() - started) / 1_000_000);
      return;
    }
  }

  private void gaveUp(T job, RuntimeException cause) {
    try {
      handler.gaveUp(job, cause);
    } catch (RuntimeException e) {
      LOG.warn("Could not record that job {} was given up: {}", job.jobId(), e.toString());
    }
  }

  private void record(long startedNanos, String outcome) {
    timer("quire.job.run", outcome).record(Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  private Timer timer(String name, String outcome) {
    return Timer.builder(name)
        .tag("queue", queue)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(meters);
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
