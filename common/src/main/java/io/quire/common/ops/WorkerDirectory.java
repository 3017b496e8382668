package io.quire.common.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.json.JsonMapper;

/** Reads the heartbeats of the worker instances that are alive, for the admin dashboard. */
public final class WorkerDirectory {
  private final RedissonClient redis;
  private final JsonMapper json;
  private final HeartbeatKeys keys;
  private final Duration timeToLive;
  private final Clock clock;

  /**
   * @param namespace Redis key prefix (the queue prefix)
   * @param heartbeatInterval the workers' heartbeat interval
   */
  public WorkerDirectory(
      RedissonClient redis,
      JsonMapper json,
      String namespace,
      Duration heartbeatInterval,
      Clock clock) {
    this.redis = redis;
    this.json = json;
    this.keys = new HeartbeatKeys(namespace);
    this.timeToLive = HeartbeatPublisher.timeToLive(heartbeatInterval);
    this.clock = clock;
  }

  /** Live instances, by pool then id. */
  public List<WorkerHeartbeat> live() {
    RScoredSortedSet<String> index = redis.getScoredSortedSet(keys.index(), StringCodec.INSTANCE);
    long now = clock.millis();
    // instances that died without removing themselves
    index.removeRangeByScore(0, true, now - timeToLive.toMillis(), false);
    Collection<String> ids = index.readAll();
    List<WorkerHeartbeat> live = new ArrayList<>();
    for (String id : ids) {
      String text = redis.<String>getBucket(keys.instance(id), StringCodec.INSTANCE).get();
      if (text != null) {
        live.add(json.readValue(text, WorkerHeartbeat.class));
      }
    }
    live.sort(Comparator.comparing(WorkerHeartbeat::pool).thenComparing(WorkerHeartbeat::id));
    return live;
  }
}
