package io.quire.compile;

import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The local Redis the tests use ({@code QUIRE_REDIS_URL}, default the standard local port), one
 * client per test class: {@code @RegisterExtension static final LocalRedis REDIS = new
 * LocalRedis();}.
 */
public final class LocalRedis implements BeforeAllCallback, AfterAllCallback {
  private RedissonClient client;

  public RedissonClient client() {
    return client;
  }

  /** A key prefix of its own, so test runs never share keys. */
  public static String namespace() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(System.getenv().getOrDefault("QUIRE_REDIS_URL", "redis://127.0.0.1:6379"));
    client = Redisson.create(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.shutdown();
  }
}
