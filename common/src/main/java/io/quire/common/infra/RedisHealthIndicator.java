package io.quire.common.infra;

import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when every Redis node answers a ping; part of the readiness group. */
public class RedisHealthIndicator extends AbstractHealthIndicator {
  private final RedissonClient redisson;

  public RedisHealthIndicator(RedissonClient redisson) {
    super("Redis health check failed");
    this.redisson = redisson;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    redisson.getKeys().count();
    builder.up();
  }
}
