package io.quire.web.account;

import io.quire.common.infra.QuireConnectionProperties;
import java.time.Duration;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * Counters in fixed time windows, in Redis so that every web instance counts together: the first
 * event of a window starts its clock, the window's end resets it.
 */
@Component
public class WindowCounters {
  private final RedissonClient redis;
  private final String prefix;

  WindowCounters(RedissonClient redis, QuireConnectionProperties connection) {
    this.redis = redis;
    this.prefix = connection.amqp().prefix() + ":throttle:";
  }

  /** Counts one event under {@code key}; true when that makes more than {@code limit}. */
  public boolean countOver(String key, int limit, Duration window) {
    RAtomicLong counter = redis.getAtomicLong(prefix + key);
    long count = counter.incrementAndGet();
    if (count == 1 || counter.remainTimeToLive() == -1) {
      counter.expire(window);
    }
    return count > limit;
  }

  /** How long until the window of {@code key} ends (at least a second). */
  public Duration remaining(String key, Duration window) {
    long millis = redis.getAtomicLong(prefix + key).remainTimeToLive();
    return millis > 0 ? Duration.ofSeconds((millis + 999) / 1000) : window;
  }
}
