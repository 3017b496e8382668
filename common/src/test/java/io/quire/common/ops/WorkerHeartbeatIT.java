package io.quire.common.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.contract.MessageCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Heartbeats against a real Redis: what a worker writes is what the dashboard reads. */
class WorkerHeartbeatIT {
  private static RedissonClient redis;
  private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final MessageCodec codec = new MessageCodec();

  @BeforeAll
  static void connect() {
    redis = Redisson.create(config());
  }

  private static Config config() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(System.getenv().getOrDefault("QUIRE_REDIS_URL", "redis://127.0.0.1:6379"));
    return config;
  }

  @AfterAll
  static void disconnect() {
    redis.shutdown();
  }

  @Test
  void aWorkerShowsItsSlotsAndRunningJobsThenDisappearsWhenItStops() {
    RunningJobs jobs = new RunningJobs();
    jobs.addSlots("q.compile.background", 1);
    jobs.addSlots("q.compile.interactive", 2);
    HeartbeatPublisher heartbeat = publisher("compile-worker-7", jobs);
    WorkerDirectory directory =
        new WorkerDirectory(
            redis, codec.mapper(), namespace, Duration.ofMillis(200), java.time.Clock.systemUTC());
    heartbeat.start();
    try (RunningJobs.Registration ignored =
        jobs.started("q.compile.background", job("project-1", Instant.now().minusSeconds(4)))) {
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(directory.live()).hasSize(1);
                WorkerHeartbeat beat = directory.live().get(0);
                assertThat(beat.id()).isEqualTo("compile-worker-7");
                assertThat(beat.pool()).isEqualTo("compile-worker");
                assertThat(beat.concurrency()).isEqualTo(3);
                assertThat(beat.busySlots()).isEqualTo(1);
                assertThat(beat.jobs().get(0).projectId()).isEqualTo("project-1");
                assertThat(beat.jobs().get(0).waitedMillis()).isGreaterThanOrEqualTo(4000);
              });
      heartbeat.markDraining();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> directory.live().get(0).state().equals(WorkerHeartbeat.DRAINING));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.live().get(0).busySlots() == 0);

    heartbeat.stop();

    assertThat(directory.live()).isEmpty();
  }

  @Test
  void anInstanceThatDiesWithoutStoppingExpiresAfterThreeIntervals() {
    // the dying instance has its own connection, cut the way a killed process loses it
    RedissonClient dying = Redisson.create(config());
    HeartbeatPublisher heartbeat =
        new HeartbeatPublisher(
            dying,
            codec.mapper(),
            namespace,
            new HeartbeatPublisher.Identity("history-worker-1", "host-a", "history-worker"),
            new RunningJobs(),
            Duration.ofMillis(200));
    WorkerDirectory directory =
        new WorkerDirectory(
            redis, codec.mapper(), namespace, Duration.ofMillis(200), java.time.Clock.systemUTC());
    heartbeat.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.live().size() == 1);

    dying.shutdown();

    await().atMost(Duration.ofSeconds(5)).until(() -> directory.live().isEmpty());
    heartbeat.stop();
  }

  private HeartbeatPublisher publisher(String id, RunningJobs jobs) {
    return new HeartbeatPublisher(
        redis,
        codec.mapper(),
        namespace,
        new HeartbeatPublisher.Identity(id, "host-a", id.replaceAll("-\\d+$", "")),
        jobs,
        Duration.ofMillis(200));
  }

  private static HistoryIngestJob job(String projectId, Instant requestedAt) {
    return new HistoryIngestJob(UUID.randomUUID().toString(), projectId, "u-1", requestedAt, 1L);
  }
}
