package io.quire.common.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WaitingJobs} as one Redis sorted set per queue: job id scored by the epoch millis it was
 * queued at. Writes are asynchronous so neither publishing nor delivery waits for Redis; a failed
 * write only makes the dashboard's age less exact, and is logged.
 */
public final class RedisWaitingJobs implements WaitingJobs {
  private static final Logger LOG = LoggerFactory.getLogger(RedisWaitingJobs.class);

  private final RedissonClient redis;
  private final String prefix;

  /**
   * @param namespace key prefix, the same as the queue prefix so test runs never share keys
   */
  public RedisWaitingJobs(RedissonClient redis, String namespace) {
    this.redis = redis;
    this.prefix = namespace + ":ops:waiting-since:";
  }

  @Override
  public void queued(String queue, String jobId, Instant at) {
    logFailure(set(queue).addAsync(at.toEpochMilli(), jobId), "record", jobId);
  }

  @Override
  public void delivered(String queue, String jobId) {
    logFailure(set(queue).removeAsync(jobId), "forget", jobId);
  }

  @Override
  public Optional<Instant> oldest(String queue) {
    Double first = set(queue).firstScore();
    return first == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first.longValue()));
  }

  @Override
  public void forgetQueuedBefore(String queue, Instant before) {
    set(queue).removeRangeByScore(0, true, before.toEpochMilli(), false);
  }

  private RScoredSortedSet<String> set(String queue) {
    return redis.getScoredSortedSet(prefix + queue, StringCodec.INSTANCE);
  }

  private static void logFailure(CompletionStage<?> write, String what, String jobId) {
    write.whenComplete(
        (ignored, e) -> {
          if (e != null) {
            LOG.warn("Could not {} the queueing time of job {}: {}", what, jobId, e.toString());
          }
        });
  }
}
