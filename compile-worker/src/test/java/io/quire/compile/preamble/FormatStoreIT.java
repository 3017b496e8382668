package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.MessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Formats in the real local Redis: replacement per project, the size cap, LRU eviction. */
class FormatStoreIT {
  private static RedissonClient redis;
  private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final MutableClock clock = new MutableClock();

  @BeforeAll
  static void connect() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(System.getenv().getOrDefault("QUIRE_REDIS_URL", "redis://127.0.0.1:6379"));
    redis = Redisson.create(config);
  }

  @AfterAll
  static void disconnect() {
    redis.shutdown();
  }

  private FormatStore store(long cap) {
    return new FormatStore(
        redis, new MessageCodec().mapper(), namespace, cap, Duration.ofMinutes(5), clock);
  }

  private static FormatRecord record(String key, int size) {
    return new FormatRecord(key, Map.of("mystyle.sty", "ab12"), size, Instant.EPOCH, "worker-1");
  }

  @Test
  void aStoredFormatComesBackWithItsRecordAndReplacesTheProjectsPreviousOne() {
    FormatStore store = store(1000);
    store.save("p1", record("k1", 10), new byte[10]);
    store.save("p1", record("k2", 20), new byte[20]);

    assertThat(store.record("p1")).contains(record("k2", 20));
    assertThat(store.format("p1")).get().satisfies(f -> assertThat(f).hasSize(20));
    assertThat(store.storedBytes()).isEqualTo(20);
    assertThat(store.record("p2")).isEmpty();
  }

  @Test
  void overTheCapTheLeastRecentlyUsedFormatsAreEvicted() {
    FormatStore store = store(250);
    store.save("a", record("ka", 100), new byte[100]);
    clock.advance();
    store.save("b", record("kb", 100), new byte[100]);
    clock.advance();
    store.touch("a"); // a was used after b
    clock.advance();

    long evicted = store.save("c", record("kc", 100), new byte[100]);

    assertThat(evicted).isEqualTo(1);
    assertThat(store.hasFormat("b")).isFalse();
    assertThat(store.hasFormat("a")).isTrue();
    assertThat(store.hasFormat("c")).isTrue();
    assertThat(store.storedBytes()).isEqualTo(200);
  }

  @Test
  void aFormatLargerThanTheWholeCapIsNotKept() {
    FormatStore store = store(50);
    store.save("small", record("ks", 40), new byte[40]);
    clock.advance();

    store.save("big", record("kb", 60), new byte[60]);

    assertThat(store.hasFormat("big")).isFalse();
    assertThat(store.hasFormat("small")).isFalse();
    assertThat(store.storedBytes()).isZero();
  }

  @Test
  void noFormatMarksAndSeenCountsArePerProjectAndKey() {
    FormatStore store = store(1000);
    store.markNoFormat("p1", "k1", new NoFormat("the dump failed", Map.of("a.sty", "ff")));

    assertThat(store.noFormat("p1", "k1"))
        .contains(new NoFormat("the dump failed", Map.of("a.sty", "ff")));
    assertThat(store.noFormat("p1", "k2")).isEmpty();
    assertThat(store.noFormat("p2", "k1")).isEmpty();
    assertThat(store.seen("p1", "k1")).isEqualTo(1);
    assertThat(store.seen("p1", "k1")).isEqualTo(2);
    assertThat(store.seen("p1", "k2")).isEqualTo(1);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance() {
      now = now.plusSeconds(1);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
