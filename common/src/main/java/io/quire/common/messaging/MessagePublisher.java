package io.quire.common.messaging;

import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.QuireMessage;
import io.quire.common.messaging.QueueTopology.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes contracts with publisher confirms and mandatory returns. A job counts as queued only
 * when the broker has confirmed it (so it survives a broker crash) and it was routed to a queue.
 */
public class MessagePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(MessagePublisher.class);

  /** Header carrying the schema version next to the AMQP {@code type} property. */
  public static final String SCHEMA_VERSION_HEADER = "x-quire-schema-version";

  private final RabbitTemplate template;
  private final QueueTopology topology;
  private final MessageCodec codec;
  private final Duration confirmTimeout;
  private final WaitingJobs waiting;

  public MessagePublisher(
      RabbitTemplate template,
      QueueTopology topology,
      MessageCodec codec,
      Duration confirmTimeout) {
    this(template, topology, codec, confirmTimeout, WaitingJobs.NONE);
  }

  /**
   * @param waiting where queued jobs are recorded for the queue dashboard's oldest-message age
   */
  public MessagePublisher(
      RabbitTemplate template,
      QueueTopology topology,
      MessageCodec codec,
      Duration confirmTimeout,
      WaitingJobs waiting) {
    this.waiting = waiting;
    this.template = template;
    this.topology = topology;
    this.codec = codec;
    this.confirmTimeout = confirmTimeout;
    template.setMandatory(true);
    // an event or control command nobody subscribed to comes back, which is normal; a job's return
    // is read from its own correlation data (publishJob fails on it)
    template.setReturnsCallback(
        returned ->
            LOG.debug(
                "Unroutable {} to {}: {}",
                returned.getMessage().getMessageProperties().getType(),
                returned.getRoutingKey(),
                returned.getReplyText()));
  }

  /**
   * Queues a job; returns once the broker confirmed it, else throws {@link PublishFailedException}.
   */
  public void publishJob(JobQueue queue, QuireMessage job) {
    String name = topology.queue(queue);
    // recorded before sending: a consumer may take the job before the confirm arrives
    waiting.queued(name, job.jobId(), job.requestedAt());
    try {
      send(topology.jobsExchange(), name, job, true);
    } catch (RuntimeException e) {
      waiting.delivered(name, job.jobId());
      throw e;
    }
  }

  /** Publishes an event; having no subscriber is normal, so an unroutable event is not an error. */
  public void publishEvent(QuireMessage event) {
    send(
        topology.eventsExchange(),
        QueueTopology.eventRoutingKey(event.type(), event.projectId()),
        event,
        false);
  }

  /** Sends a control command to every compile-worker. */
  public void broadcastControl(QuireMessage command) {
    send(topology.controlExchange(), "", command, false);
  }

  /** Publishes raw bytes as if they were a job: for tools that requeue dead letters. */
  public void publishRaw(String exchange, String routingKey, Message message) {
    String id = message.getMessageProperties().getMessageId();
    boolean job = exchange.equals(topology.jobsExchange()) && id != null;
    if (job) {
      waiting.queued(routingKey, id, Instant.now());
    }
    confirm(exchange, routingKey, message, true, id);
  }

  private void send(String exchange, String routingKey, QuireMessage payload, boolean mustRoute) {
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(payload.jobId());
    properties.setType(payload.type());
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setContentEncoding("UTF-8");
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    properties.setTimestamp(Date.from(payload.requestedAt()));
    properties.setHeader(SCHEMA_VERSION_HEADER, payload.schemaVersion());
    Message message = new Message(codec.encode(payload), properties);
    confirm(exchange, routingKey, message, mustRoute, payload.jobId());
  }

  private void confirm(
      String exchange, String routingKey, Message message, boolean mustRoute, String id) {
    CorrelationData correlation = new CorrelationData(id);
    try {
      template.send(exchange, routingKey, message, correlation);
    } catch (AmqpException e) {
      // no connection (the broker is down or restarting): the same answer as an unconfirmed
      // publish, so callers report "try again" instead of an internal error
      throw new PublishFailedException("the broker is not reachable: " + e.getMessage(), e);
    }
    CorrelationData.Confirm confirm;
    try {
      confirm = correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException(
          "interrupted while waiting for the broker to confirm " + id, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishFailedException("the broker did not confirm " + id + " in time", e);
    }
    if (!confirm.ack()) {
      throw new PublishFailedException("the broker refused " + id + ": " + confirm.reason());
    }
    if (correlation.getReturned() != null) {
      if (mustRoute) {
        throw new PublishFailedException(
            "no queue for " + exchange + "/" + routingKey + " (message " + id + ")");
      }
      LOG.debug("No subscriber for {} on {}", routingKey, exchange);
    }
  }
}
