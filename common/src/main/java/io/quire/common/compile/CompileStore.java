package io.quire.common.compile;

import io.quire.common.contract.CompileResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RBucket;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compile state in Redis. Redis is a cache here: losing it loses finished outputs and the cache,
 * never a user's text; a compile asked again simply runs again.
 */
public final class CompileStore {

  /**
   * Stores the final state and the cached result only if no newer lock holder of the project wrote
   * before (fencing), and clears the in-flight marker of the cache key when it is this job's.
   */
  private static final String COMPLETE_FENCED =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tonumber(ARGV[1]) < current then return 0 end
      redis.call('SET', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
      if ARGV[3] ~= '' then redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[5]) end
      if redis.call('GET', KEYS[4]) == ARGV[6] then redis.call('DEL', KEYS[4]) end
      return 1
      """;

  private static final String SAVE_AUX_FENCED =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tonumber(ARGV[1]) < current then return 0 end
      redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
      redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
      return 1
      """;

  private final RedissonClient redis;
  private final JsonMapper json;
  private final String prefix;
  private final Duration stateTtl;
  private final Duration resultTtl;

  /**
   * @param namespace key prefix, the same as the queue prefix so test runs never share keys
   * @param stateTtl how long job states are kept
   * @param resultTtl how long results and output files are kept (the cache lifetime)
   */
  public CompileStore(
      RedissonClient redis,
      JsonMapper json,
      String namespace,
      Duration stateTtl,
      Duration resultTtl) {
    this.redis = redis;
    this.json = json;
    this.prefix = namespace + ":compile:";
    this.stateTtl = stateTtl;
    this.resultTtl = resultTtl;
  }

  public Duration resultTtl() {
    return resultTtl;
  }

  // ------------------------------------------------------------------ job states

  public void saveState(CompileJobState state) {
    text(stateKey(state.jobId())).set(json.writeValueAsString(state), stateTtl);
  }

  public Optional<CompileJobState> state(String jobId) {
    return Optional.ofNullable(text(stateKey(jobId)).get())
        .map(s -> json.readValue(s, CompileJobState.class));
  }

  /**
   * Stores a finished job: its state, and its result under the cache key when cacheable.
   *
   * @param fencingToken the token of the project lock under which it ran
   * @return false when a newer lock holder has already written, i.e. this writer is stale
   */
  public boolean completeFenced(
      String projectId, long fencingToken, CompileJobState finalState, boolean cacheable) {
    CompileResult result = finalState.result();
    String resultJson = cacheable ? json.writeValueAsString(result) : "";
    Long written =
        redis
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                COMPLETE_FENCED,
                RScript.ReturnType.LONG,
                List.of(
                    prefix + "fence:" + projectId,
                    stateKey(finalState.jobId()),
                    resultKey(finalState.cacheKey()),
                    inflightKey(finalState.cacheKey())),
                String.valueOf(fencingToken),
                json.writeValueAsString(finalState),
                resultJson,
                String.valueOf(stateTtl.toMillis()),
                String.valueOf(resultTtl.toMillis()),
                finalState.jobId());
    return written != null && written == 1L;
  }

  // ------------------------------------------------------------------ cache and in-flight

  public Optional<CompileResult> cachedResult(String cacheKey) {
    return Optional.ofNullable(text(resultKey(cacheKey)).get())
        .map(s -> json.readValue(s, CompileResult.class));
  }

  /** Forgets a cached result whose output files are gone. */
  public void evictResult(String cacheKey) {
    text(resultKey(cacheKey)).delete();
  }

  /**
   * Marks a cache key as being compiled by a job.
   *
   * @return empty when this job claimed it, else the job already compiling it
   */
  public Optional<String> claimInflight(String cacheKey, String jobId, Duration ttl) {
    RBucket<String> bucket = text(inflightKey(cacheKey));
    if (bucket.setIfAbsent(jobId, ttl)) {
      return Optional.empty();
    }
    return Optional.ofNullable(bucket.get());
  }

  public void releaseInflight(String cacheKey, String jobId) {
    text(inflightKey(cacheKey)).compareAndSet(jobId, null);
  }

  // ------------------------------------------------------------------ superseding

  /** Records the newest compile of a project by a user; returns the one it replaces, if any. */
  public Optional<String> markLatest(String projectId, String userId, String jobId) {
    return Optional.ofNullable(
        text(prefix + "latest:" + projectId + ":" + userId).getAndSet(jobId, stateTtl));
  }

  public Optional<String> latest(String projectId, String userId) {
    return Optional.ofNullable(text(prefix + "latest:" + projectId + ":" + userId).get());
  }

  // ------------------------------------------------------------------ queue positions

  public void enqueued(String queue, String jobId, Instant at) {
    waiting(queue).add(at.toEpochMilli(), jobId);
  }

  public void dequeued(String queue, String jobId) {
    waiting(queue).remove(jobId);
  }

  /** When the longest-waiting job of a queue was queued, if any job waits (queue dashboard). */
  public Optional<Instant> oldestWaiting(String queue) {
    Double first = waiting(queue).firstScore();
    return first == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first.longValue()));
  }

  /** 1-based position among the jobs waiting in a queue, or empty when not waiting. */
  public Optional<Integer> position(String queue, String jobId) {
    Integer rank = waiting(queue).rank(jobId);
    return rank == null ? Optional.empty() : Optional.of(rank + 1);
  }

  // ------------------------------------------------------------------ outputs and aux state

  /** Stores a build's files under its project, so a build id is only reachable through it. */
  public void storeOutputs(String projectId, String buildId, Map<String, byte[]> files) {
    RMap<String, byte[]> map = outputs(projectId, buildId);
    map.putAll(files);
    map.expire(resultTtl);
  }

  public Optional<byte[]> output(String projectId, String buildId, String name) {
    return Optional.ofNullable(outputs(projectId, buildId).get(name));
  }

  public boolean hasOutputs(String projectId, String buildId) {
    return outputs(projectId, buildId).isExists();
  }

  /** Saves the files that make the next compile of a project warm (aux, bbl, toc...). */
  /**
   * Saves what a compile leaves for a worker that never saw the project: the aux archive and the
   * run record that names it (compile-worker's own format), together, unless a compile holding a
   * newer fencing token of the project completed since: a stale lock holder must not put its older
   * state over the newer one.
   *
   * @return whether they were written
   */
  public boolean saveAuxStateFenced(
      String projectId, long fencingToken, byte[] archive, String runRecord, Duration ttl) {
    Long written =
        redis
            .getScript(ByteArrayCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                SAVE_AUX_FENCED,
                RScript.ReturnType.LONG,
                List.of(
                    prefix + "fence:" + projectId,
                    prefix + "aux:" + projectId,
                    prefix + "run-record:" + projectId),
                bytes(String.valueOf(fencingToken)),
                archive,
                bytes(runRecord),
                bytes(String.valueOf(ttl.toMillis())));
    return written != null && written == 1L;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public Optional<byte[]> auxState(String projectId) {
    return Optional.ofNullable(
        redis.<byte[]>getBucket(prefix + "aux:" + projectId, ByteArrayCodec.INSTANCE).get());
  }

  public Optional<String> runRecord(String projectId) {
    return Optional.ofNullable(text(prefix + "run-record:" + projectId).get());
  }

  /** Name of the project's workspace lock; a fenced lock so stale holders can be detected. */
  public String lockName(String projectId) {
    return prefix + "lock:" + projectId;
  }

  private RMap<String, byte[]> outputs(String projectId, String buildId) {
    return redis.getMap(
        prefix + "build:" + projectId + ":" + buildId,
        new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
  }

  private RScoredSortedSet<String> waiting(String queue) {
    return redis.getScoredSortedSet(prefix + "waiting:" + queue, StringCodec.INSTANCE);
  }

  private RBucket<String> text(String key) {
    return redis.getBucket(key, StringCodec.INSTANCE);
  }

  private String stateKey(String jobId) {
    return prefix + "job:" + jobId;
  }

  private String resultKey(String cacheKey) {
    return prefix + "result:" + cacheKey;
  }

  private String inflightKey(String cacheKey) {
    return prefix + "inflight:" + cacheKey;
  }
}
