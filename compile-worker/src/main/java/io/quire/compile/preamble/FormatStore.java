package io.quire.compile.preamble;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Formats in Redis, so a project's next compile on another worker starts with its format: one
 * format per project (the one of its current preamble), like the aux state. All formats together
 * stay under a size cap; when a new one would pass it, the least recently used go first.
 *
 * <p>Keys under {@code <namespace>:compile:preamble:}: {@code format:<project>} (a hash: record and
 * format bytes, with the aux state's time to live), {@code lru} (project by last use), {@code
 * sizes} (project to bytes), {@code none:<project>:<key>} (a "no format" mark) and {@code
 * seen:<project>:<key>} (how many compiles met a preamble).
 */
public final class FormatStore {
  private static final String RECORD = "record";
  private static final String FORMAT = "format";

  /**
   * Accounts a stored format and evicts least recently used ones (never the one just stored unless
   * it alone is over the cap) until the total fits. Entries whose format expired are dropped first.
   */
  private static final String ACCOUNT =
      """
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
      local total = 0
      local sizes = redis.call('HGETALL', KEYS[3])
      for i = 1, #sizes, 2 do
        if redis.call('EXISTS', ARGV[6] .. sizes[i]) == 1 then
          total = total + tonumber(sizes[i + 1])
        else
          redis.call('HDEL', KEYS[3], sizes[i])
          redis.call('ZREM', KEYS[2], sizes[i])
        end
      end
      local evicted = 0
      while total > tonumber(ARGV[5]) do
        local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
        if not oldest then break end
        total = total - tonumber(redis.call('HGET', KEYS[3], oldest) or '0')
        redis.call('ZREM', KEYS[2], oldest)
        redis.call('HDEL', KEYS[3], oldest)
        redis.call('DEL', ARGV[6] .. oldest)
        evicted = evicted + 1
      end
      return evicted
      """;

  private final RedissonClient redis;
  private final JsonMapper json;
  private final String prefix;
  private final long capBytes;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param namespace the queue prefix, as for {@code CompileStore}
   * @param capBytes total bytes of all stored formats
   * @param ttl how long an unused format is kept (the aux state's lifetime)
   */
  public FormatStore(
      RedissonClient redis,
      JsonMapper json,
      String namespace,
      long capBytes,
      Duration ttl,
      Clock clock) {
    this.redis = redis;
    this.json = json;
    this.prefix = namespace + ":compile:preamble:";
    this.capBytes = capBytes;
    this.ttl = ttl;
    this.clock = clock;
  }

  public long capBytes() {
    return capBytes;
  }

  /**
   * Stores a project's format, replacing its previous one, and evicts others over the cap.
   *
   * @return how many formats were evicted
   */
  public long save(String projectId, FormatRecord record, byte[] format) {
    RMap<String, byte[]> map = formats(projectId);
    map.delete();
    map.putAll(
        Map.of(
            RECORD,
            json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8),
            FORMAT,
            format));
    Long evicted =
        redis
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                ACCOUNT,
                RScript.ReturnType.LONG,
                List.of(prefix + FORMAT + ":" + projectId, prefix + "lru", prefix + "sizes"),
                projectId,
                String.valueOf(format.length),
                String.valueOf(clock.millis()),
                String.valueOf(ttl.toMillis()),
                String.valueOf(capBytes),
                prefix + FORMAT + ":");
    return evicted == null ? 0 : evicted;
  }

  /** The record of the project's stored format, if any. */
  public Optional<FormatRecord> record(String projectId) {
    return Optional.ofNullable(formats(projectId).get(RECORD))
        .map(
            bytes -> json.readValue(new String(bytes, StandardCharsets.UTF_8), FormatRecord.class));
  }

  /** The project's stored format file, if any; counts as a use. */
  public Optional<byte[]> format(String projectId) {
    Optional<byte[]> format = Optional.ofNullable(formats(projectId).get(FORMAT));
    format.ifPresent(f -> touch(projectId));
    return format;
  }

  /** Marks the project's format as used now (it moves to the end of the eviction order). */
  public void touch(String projectId) {
    redis
        .getScoredSortedSet(prefix + "lru", StringCodec.INSTANCE)
        .addIfExists(clock.millis(), projectId);
    formats(projectId).expire(ttl);
  }

  /** Total bytes of the formats stored, as accounted. */
  public long storedBytes() {
    return redis
        .<String, String>getMap(prefix + "sizes", StringCodec.INSTANCE)
        .readAllValues()
        .stream()
        .mapToLong(Long::parseLong)
        .sum();
  }

  public boolean hasFormat(String projectId) {
    return formats(projectId).isExists();
  }

  public void markNoFormat(String projectId, String key, NoFormat mark) {
    redis
        .<String>getBucket(prefix + "none:" + projectId + ":" + key, StringCodec.INSTANCE)
        .set(json.writeValueAsString(mark), ttl);
  }

  public Optional<NoFormat> noFormat(String projectId, String key) {
    return Optional.ofNullable(
            redis
                .<String>getBucket(prefix + "none:" + projectId + ":" + key, StringCodec.INSTANCE)
                .get())
        .map(s -> json.readValue(s, NoFormat.class));
  }

  /** Counts a compile that met this preamble without a format; returns the count so far. */
  public long seen(String projectId, String key) {
    var counter = redis.getAtomicLong(prefix + "seen:" + projectId + ":" + key);
    long count = counter.incrementAndGet();
    counter.expire(ttl);
    return count;
  }

  private RMap<String, byte[]> formats(String projectId) {
    return redis.getMap(
        prefix + FORMAT + ":" + projectId,
        new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
  }
}
