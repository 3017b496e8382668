package io.quire.web.collab;

import io.quire.common.infra.QuireConnectionProperties;
import io.quire.web.collab.CollabMessages.BusMessage;
import java.util.UUID;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis pub/sub between web instances, one topic per deployment. Fire and forget: a message lost
 * here only delays an editor until the next catch-up from MongoDB, where every update lives.
 */
@Component
class CollabBus {
  private static final Logger LOG = LoggerFactory.getLogger(CollabBus.class);

  private final RedissonClient redis;
  private final JsonMapper json;
  private final String topicName;
  private final String instanceId = UUID.randomUUID().toString();
  private Integer listenerId;

  CollabBus(RedissonClient redis, JsonMapper json, QuireConnectionProperties connections) {
    this.redis = redis;
    this.json = json;
    this.topicName = connections.amqp().prefix() + ":collab:bus";
  }

  String instanceId() {
    return instanceId;
  }

  private RTopic topic() {
    return redis.getTopic(topicName, StringCodec.INSTANCE);
  }

  /** Starts passing other instances' messages to {@code receiver}. */
  synchronized void subscribe(Consumer<BusMessage> receiver) {
    unsubscribe();
    listenerId =
        topic()
            .addListener(
                String.class,
                (channel, text) -> {
                  try {
                    BusMessage message = json.readValue(text, BusMessage.class);
                    if (!instanceId.equals(message.origin())) {
                      receiver.accept(message);
                    }
                  } catch (RuntimeException e) {
                    LOG.warn("Ignoring an unreadable collaboration message: {}", e.toString());
                  }
                });
  }

  /** Stops listening (also used to simulate losing the bus in tests). */
  synchronized void unsubscribe() {
    if (listenerId != null) {
      try {
        topic().removeListener(listenerId);
      } catch (RuntimeException e) {
        LOG.debug("Could not unsubscribe from {}: {}", topicName, e.toString());
      }
      listenerId = null;
    }
  }

  void publish(BusMessage message) {
    try {
      topic()
          .publishAsync(json.writeValueAsString(message))
          .whenComplete(
              (receivers, e) -> {
                if (e != null) {
                  LOG.debug("Collaboration message not published: {}", e.toString());
                }
              });
    } catch (RuntimeException e) {
      LOG.debug("Collaboration message not published: {}", e.toString());
    }
  }
}
