package io.quire.common.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes this instance's {@link WorkerHeartbeat} to Redis every few seconds.
 *
 * <p>Its lifecycle phase is below the listener containers': on shutdown the containers stop first
 * (waiting for running jobs), and the heartbeat keeps showing the instance as {@code draining} with
 * its last jobs until they are done; then the heartbeat is removed.
 */
public final class HeartbeatPublisher
    implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);

  /** Below the listener containers' phase ({@code Integer.MAX_VALUE}), so it stops after them. */
  public static final int PHASE = Integer.MAX_VALUE - 1000;

  private final RedissonClient redis;
  private final JsonMapper json;
  private final HeartbeatKeys keys;
  private final Identity identity;
  private final RunningJobs jobs;
  private final Duration interval;
  private volatile ScheduledExecutorService timer;
  private volatile boolean draining;
  private volatile boolean failing;
  private Instant startedAt;

  /** Who this instance is. */
  public record Identity(String id, String host, String pool) {}

  /**
   * @param namespace Redis key prefix (the queue prefix)
   * @param interval time between heartbeats; a heartbeat lives three intervals
   */
  public HeartbeatPublisher(
      RedissonClient redis,
      JsonMapper json,
      String namespace,
      Identity identity,
      RunningJobs jobs,
      Duration interval) {
    this.redis = redis;
    this.json = json;
    this.keys = new HeartbeatKeys(namespace);
    this.identity = identity;
    this.jobs = jobs;
    this.interval = interval;
  }

  /** Time after which a silent instance counts as gone. */
  public static Duration timeToLive(Duration interval) {
    return interval.multipliedBy(3);
  }

  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    startedAt = jobs.clock().instant();
    draining = false;
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Shows the instance as draining from now on (it stopped taking jobs). */
  public void markDraining() {
    draining = true;
    if (timer != null) {
      timer.execute(this::beat);
    }
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    markDraining();
  }

  @Override
  public synchronized void stop() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    timer = null;
    try {
      redis.getScoredSortedSet(keys.index(), StringCodec.INSTANCE).remove(identity.id());
      redis.getBucket(keys.instance(identity.id()), StringCodec.INSTANCE).delete();
    } catch (RuntimeException e) {
      LOG.warn("Could not remove the heartbeat of {}: {}", identity.id(), e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The heartbeat as it would be written now. */
  public WorkerHeartbeat current() {
    Instant now = jobs.clock().instant();
    List<WorkerHeartbeat.Job> running =
        jobs.current().stream()
            .map(
                j ->
                    new WorkerHeartbeat.Job(
                        j.queue(),
                        j.jobId(),
                        j.projectId(),
                        j.startedAt(),
                        Duration.between(j.startedAt(), now).toMillis(),
                        Math.max(0, Duration.between(j.requestedAt(), j.startedAt()).toMillis())))
            .toList();
    return new WorkerHeartbeat(
        identity.id(),
        identity.host(),
        identity.pool(),
        jobs.capacity(),
        running.size(),
        jobs.slots(),
        running,
        draining ? WorkerHeartbeat.DRAINING : WorkerHeartbeat.RUNNING,
        startedAt,
        now);
  }

  private void beat() {
    try {
      WorkerHeartbeat heartbeat = current();
      redis
          .getBucket(keys.instance(identity.id()), StringCodec.INSTANCE)
          .set(json.writeValueAsString(heartbeat), timeToLive(interval));
      redis
          .getScoredSortedSet(keys.index(), StringCodec.INSTANCE)
          .add(heartbeat.lastHeartbeat().toEpochMilli(), identity.id());
      if (failing) {
        LOG.info("Heartbeats of {} reach Redis again", identity.id());
        failing = false;
      }
    } catch (RuntimeException e) {
      // logged once per outage: a beat every few seconds would flood the log
      if (!failing) {
        LOG.warn("Could not write the heartbeat of {}: {}", identity.id(), e.toString());
        failing = true;
      }
    }
  }
}
