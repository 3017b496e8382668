package io.quire.web.admin;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks into, requeues and purges dead-letter queues.
 *
 * <p>Nothing is lost on the way back: a message is taken from the dead-letter queue without
 * acknowledgement, republished to its job queue with publisher confirms, and acknowledged (removed
 * from the dead-letter queue) only once the broker confirmed the copy. If anything fails before, it
 * stays where it was; the worst case is a job queued twice, which consumers tolerate (they are
 * idempotent by job id).
 */
final class DeadLetters {
  private static final int SUMMARY_CHARS = 300;
  private static final String REQUEUED_HEADER = "x-quire-requeued";
  private static final int SEARCH_ATTEMPTS = 5;
  private static final java.time.Duration SEARCH_PAUSE = java.time.Duration.ofMillis(200);

  private final ConnectionFactory connections;
  private final MessagePublisher publisher;
  private final QueueTopology topology;
  private final JsonMapper json;
  private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

  DeadLetters(
      ConnectionFactory connections,
      MessagePublisher publisher,
      QueueTopology topology,
      JsonMapper json) {
    this.connections = connections;
    this.publisher = publisher;
    this.topology = topology;
    this.json = json;
  }

  /**
   * The first messages of a dead-letter queue. Looking requires taking them and giving them back,
   * which the broker counts as a delivery; they keep their place otherwise.
   */
  List<DeadLetter> list(JobQueue queue, int limit) {
    return withChannel(
        channel -> {
          List<DeadLetter> letters = new ArrayList<>();
          Held held = new Held(channel);
          try {
            while (letters.size() < limit) {
              GetResponse response = channel.basicGet(topology.deadLetterQueue(queue), false);
              if (response == null) {
                break;
              }
              held.took(response);
              letters.add(describe(response));
            }
          } finally {
            held.giveBack();
          }
          return letters;
        });
  }

  /**
   * Moves one message back to its job queue.
   *
   * @return false when the dead-letter queue holds no message with that id
   */
  boolean requeue(JobQueue queue, String messageId) {
    // messages given back by a recent look (here or by another administrator) take a moment to
    // be ready again in a quorum queue
    for (int attempt = 1; attempt <= SEARCH_ATTEMPTS; attempt++) {
      if (requeueOnce(queue, messageId)) {
        return true;
      }
      if (attempt < SEARCH_ATTEMPTS) {
        try {
          Thread.sleep(SEARCH_PAUSE.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private boolean requeueOnce(JobQueue queue, String messageId) {
    return withChannel(
        channel -> {
          Held held = new Held(channel);
          try {
            long searched = channel.messageCount(topology.deadLetterQueue(queue));
            for (long i = 0; i < searched; i++) {
              GetResponse response = channel.basicGet(topology.deadLetterQueue(queue), false);
              if (response == null) {
                return false;
              }
              // held until the end: if the republish fails, it is given back with the others
              held.took(response);
              if (messageId.equals(response.getProps().getMessageId())) {
                republish(queue, response);
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                held.settledLast();
                return true;
              }
            }
            return false;
          } finally {
            held.giveBack();
          }
        });
  }

  /**
   * Moves every message that was in the dead-letter queue when called back to its job queue (not
   * those that die again meanwhile, so a job that keeps failing cannot keep this busy).
   *
   * @return how many were moved
   */
  int requeueAll(JobQueue queue) {
    return withChannel(
        channel -> {
          long present = channel.messageCount(topology.deadLetterQueue(queue));
          int moved = 0;
          for (long i = 0; i < present; i++) {
            GetResponse response = channel.basicGet(topology.deadLetterQueue(queue), false);
            if (response == null) {
              break;
            }
            long tag = response.getEnvelope().getDeliveryTag();
            try {
              republish(queue, response);
            } catch (RuntimeException e) {
              channel.basicNack(tag, false, true);
              throw e;
            }
            channel.basicAck(tag, false);
            moved++;
          }
          return moved;
        });
  }

  /** Deletes every message of a dead-letter queue; returns how many. */
  long purge(JobQueue queue) {
    return withChannel(
        channel -> (long) channel.queuePurge(topology.deadLetterQueue(queue)).getMessageCount());
  }

  private void republish(JobQueue queue, GetResponse response) {
    MessageProperties original =
        converter.toMessageProperties(
            response.getProps(), response.getEnvelope(), StandardCharsets.UTF_8.name());
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(original.getMessageId());
    properties.setType(original.getType());
    properties.setContentType(original.getContentType());
    properties.setContentEncoding(original.getContentEncoding());
    properties.setTimestamp(original.getTimestamp());
    properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    original
        .getHeaders()
        .forEach(
            (name, value) -> {
              // the broker's own bookkeeping starts afresh in the job queue
              if (!name.startsWith("x-death")
                  && !name.startsWith("x-first-death")
                  && !name.startsWith("x-last-death")
                  && !name.equals("x-delivery-count")) {
                properties.setHeader(name, value);
              }
            });
    Object before = original.getHeaders().get(REQUEUED_HEADER);
    properties.setHeader(REQUEUED_HEADER, before instanceof Number n ? n.longValue() + 1 : 1L);
    publisher.publishRaw(
        topology.jobsExchange(),
        topology.queue(queue),
        new Message(response.getBody(), properties));
  }

  private DeadLetter describe(GetResponse response) {
    MessageProperties properties =
        converter.toMessageProperties(
            response.getProps(), response.getEnvelope(), StandardCharsets.UTF_8.name());
    byte[] body = response.getBody();
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode payload = null;
    try {
      payload = json.readTree(body);
    } catch (JacksonException e) {
      // not JSON: shown as text
    }
    String reason = null;
    long deaths = 0;
    Instant diedAt = null;
    List<Map<String, ?>> xDeath = properties.getXDeathHeader();
    if (xDeath != null && !xDeath.isEmpty()) {
      Map<String, ?> latest = xDeath.get(0);
      reason = Objects.toString(latest.get("reason"), null);
      deaths = latest.get("count") instanceof Number n ? n.longValue() : 0;
      diedAt = latest.get("time") instanceof Date d ? d.toInstant() : null;
    }
    return new DeadLetter(
        properties.getMessageId(),
        properties.getType() != null ? properties.getType() : field(payload, "type"),
        field(payload, "projectId"),
        field(payload, "requestedBy"),
        instant(field(payload, "requestedAt")),
        reason,
        deaths,
        diedAt,
        body.length,
        text.length() > SUMMARY_CHARS ? text.substring(0, SUMMARY_CHARS) + "…" : text);
  }

  private static String field(JsonNode payload, String name) {
    if (payload == null || !payload.path(name).isString()) {
      return null;
    }
    return payload.path(name).asString();
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Messages taken without acknowledgement, given back together. */
  private static final class Held {
    private final Channel channel;
    private long lastTag = -1;
    private long previousTag = -1;

    Held(Channel channel) {
      this.channel = channel;
    }

    void took(GetResponse response) {
      previousTag = lastTag;
      lastTag = response.getEnvelope().getDeliveryTag();
    }

    /** The last one taken was acknowledged: a tag already settled must not be nacked. */
    void settledLast() {
      lastTag = previousTag;
    }

    void giveBack() throws IOException {
      if (lastTag >= 0 && channel.isOpen()) {
        channel.basicNack(lastTag, true, true);
      }
    }
  }

  private interface ChannelWork<T> {
    T run(Channel channel) throws IOException;
  }

  private <T> T withChannel(ChannelWork<T> work) {
    Connection connection = connections.createConnection();
    Channel channel = connection.createChannel(false);
    try {
      return work.run(channel);
    } catch (IOException e) {
      throw new IllegalStateException("RabbitMQ refused the operation: " + e.getMessage(), e);
    } finally {
      try {
        channel.close();
      } catch (IOException | java.util.concurrent.TimeoutException e) {
        // a channel closed by the broker is already gone
      }
    }
  }
}
