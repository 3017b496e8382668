package io.quire.web.collab;

import io.quire.common.infra.QuireConnectionProperties;
import io.quire.web.collab.CollabMessages.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cursors of a document across instances, in Redis with a TTL per entry, so someone joining sees
 * who is there already. Best effort: without Redis, cursors still travel between sockets of one
 * instance and editing goes on.
 */
@Component
class PresenceStore {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceStore.class);

  private final RedissonClient redis;
  private final JsonMapper json;
  private final String prefix;
  private final long ttlMillis;

  PresenceStore(
      RedissonClient redis,
      JsonMapper json,
      QuireConnectionProperties connections,
      CollabProperties properties) {
    this.redis = redis;
    this.json = json;
    this.prefix = connections.amqp().prefix() + ":collab:presence:";
    this.ttlMillis = properties.presenceTtl().toMillis();
  }

  private RMapCache<String, String> map(String docId) {
    return redis.getMapCache(prefix + docId, StringCodec.INSTANCE);
  }

  void put(Presence presence) {
    try {
      map(presence.docId())
          .fastPutAsync(
              presence.connectionId(),
              json.writeValueAsString(presence),
              ttlMillis,
              TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.debug("Presence not stored: {}", e.toString());
    }
  }

  void remove(String docId, String connectionId) {
    try {
      map(docId).fastRemoveAsync(connectionId);
    } catch (RuntimeException e) {
      LOG.debug("Presence not removed: {}", e.toString());
    }
  }

  List<Presence> list(String docId) {
    List<Presence> found = new ArrayList<>();
    try {
      for (String text : map(docId).readAllValues()) {
        found.add(json.readValue(text, Presence.class));
      }
    } catch (RuntimeException e) {
      LOG.debug("Presence not read: {}", e.toString());
    }
    return found;
  }
}
