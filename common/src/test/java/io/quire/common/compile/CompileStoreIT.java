package io.quire.common.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.MessageCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Compile state on the real local Redis: fencing of stale writers, joining, queue positions. */
class CompileStoreIT {
  private static RedissonClient redis;
  private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private CompileStore store;

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

  private CompileStore store() {
    if (store == null) {
      store =
          new CompileStore(
              redis,
              new MessageCodec().mapper(),
              namespace,
              Duration.ofMinutes(5),
              Duration.ofMinutes(5));
    }
    return store;
  }

  @Test
  void aPausedLockHolderCannotWriteItsResultOverANewerOne() {
    String project = "p-" + UUID.randomUUID();
    RFencedLock lock = redis.getFencedLock(store().lockName(project));
    long staleToken = lock.lockAndGetToken();
    lock.unlock(); // the stale holder's lease ran out while it was paused
    long newerToken = lock.lockAndGetToken();
    lock.unlock();
    assertThat(newerToken).isGreaterThan(staleToken);
    CompileJobState newer = done(project, "newer", "key-newer");
    CompileJobState stale = done(project, "stale", "key-stale");

    assertThat(store().completeFenced(project, newerToken, newer, true)).isTrue();
    boolean lateWrite = store().completeFenced(project, staleToken, stale, true);

    assertThat(lateWrite).isFalse();
    assertThat(store().state("stale")).isEmpty();
    assertThat(store().cachedResult("key-stale")).isEmpty();
    assertThat(store().cachedResult("key-newer")).isPresent();
  }

  @Test
  void aPausedLockHolderCannotSaveItsAuxStateOverANewerOne() {
    String project = "p-" + UUID.randomUUID();
    RFencedLock lock = redis.getFencedLock(store().lockName(project));
    long staleToken = lock.lockAndGetToken();
    lock.unlock();
    long newerToken = lock.lockAndGetToken();
    lock.unlock();
    byte[] newerArchive = {0, 1, 2, (byte) 0xff, 10};
    assertThat(store().completeFenced(project, newerToken, done(project, "n", "k-n"), true))
        .isTrue();
    assertThat(
            store()
                .saveAuxStateFenced(
                    project, newerToken, newerArchive, "newer record", Duration.ofMinutes(1)))
        .isTrue();

    boolean lateWrite =
        store()
            .saveAuxStateFenced(
                project, staleToken, new byte[] {9, 9}, "stale record", Duration.ofMinutes(1));

    assertThat(lateWrite).isFalse();
    assertThat(store().auxState(project))
        .hasValueSatisfying(a -> assertThat(a).isEqualTo(newerArchive));
    assertThat(store().runRecord(project)).contains("newer record");
  }

  @Test
  void aSecondCompileOfTheSameInputsJoinsTheFirstUntilItCompletes() {
    String key = "key-" + UUID.randomUUID();

    assertThat(store().claimInflight(key, "first", Duration.ofMinutes(1))).isEmpty();
    assertThat(store().claimInflight(key, "second", Duration.ofMinutes(1))).contains("first");

    store().completeFenced("p-join", 1, done("p-join", "first", key), true);
    assertThat(store().claimInflight(key, "third", Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void queuePositionsFollowEnqueueOrder() {
    Instant now = Instant.now();
    store().enqueued("q", "a", now);
    store().enqueued("q", "b", now.plusMillis(1));
    store().enqueued("q", "c", now.plusMillis(2));

    store().dequeued("q", "a");

    assertThat(store().position("q", "b")).contains(1);
    assertThat(store().position("q", "c")).contains(2);
    assertThat(store().position("q", "a")).isEmpty();
  }

  private static CompileJobState done(String project, String jobId, String key) {
    CompileResult result =
        new CompileResult(
            CompileStatus.SUCCESS,
            "build-" + jobId,
            key,
            List.of(),
            List.of(),
            List.of(),
            new CompileTimings(0, 0, 0, 0),
            "worker",
            false,
            Instant.now());
    return CompileJobState.queued(
            jobId, project, "u", CompilePriority.INTERACTIVE, key, Instant.now())
        .running("worker", Instant.now())
        .done(result);
  }
}
