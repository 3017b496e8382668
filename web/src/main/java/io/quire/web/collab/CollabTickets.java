package io.quire.web.collab;

import io.quire.common.blob.Hashes;
import io.quire.common.infra.QuireConnectionProperties;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-time tickets for opening a collaboration socket without credentials on the handshake (a
 * client that cannot set headers). A ticket is 256 random bits, bound to a user and a project, kept
 * in Redis (only its SHA-256, so every web instance can redeem it) for at most a minute, and
 * consumed atomically: the first handshake that shows it gets it, any later one nothing.
 */
@Component
class CollabTickets {
  private final RedissonClient redis;
  private final JsonMapper json;
  private final String prefix;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  CollabTickets(
      RedissonClient redis,
      JsonMapper json,
      QuireConnectionProperties connections,
      CollabProperties properties) {
    this.redis = redis;
    this.json = json;
    this.prefix = connections.amqp().prefix() + ":collab:ticket:";
    this.ttl = properties.ticketTtl();
  }

  /**
   * What a ticket stands for.
   *
   * @param sessionId the HTTP session that asked for it, {@code null} for a token
   */
  record Ticket(String userId, String projectId, String sessionId) {}

  Duration ttl() {
    return ttl;
  }

  /** A new ticket for the user and project (whose access the caller checked). */
  String issue(String userId, String projectId, String sessionId) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    bucket(ticket).set(json.writeValueAsString(new Ticket(userId, projectId, sessionId)), ttl);
    return ticket;
  }

  /** The ticket's binding, once: redeeming deletes it in the same Redis command. */
  Optional<Ticket> redeem(String ticket) {
    if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
      return Optional.empty();
    }
    String stored = bucket(ticket).getAndDelete();
    return stored == null ? Optional.empty() : Optional.of(json.readValue(stored, Ticket.class));
  }

  private RBucket<String> bucket(String ticket) {
    return redis.getBucket(prefix + Hashes.sha256(ticket), StringCodec.INSTANCE);
  }
}
