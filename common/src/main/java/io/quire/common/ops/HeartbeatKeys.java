package io.quire.common.ops;

/** Where heartbeats live in Redis: one expiring key per instance plus an index of instances. */
final class HeartbeatKeys {
  private final String prefix;

  /**
   * @param namespace key prefix, the same as the queue prefix so test runs never share keys
   */
  HeartbeatKeys(String namespace) {
    this.prefix = namespace + ":ops:";
  }

  /** Sorted set of instance ids, scored by the time of their last heartbeat (epoch millis). */
  String index() {
    return prefix + "workers";
  }

  String instance(String id) {
    return prefix + "worker:" + id;
  }
}
