package io.quire.common.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a worker instance says about itself every few seconds, kept in Redis with a time to live: an
 * instance that stops beating disappears from the dashboard by itself.
 *
 * @param id instance id ({@code QUIRE_INSTANCE_ID} or service, host and process id)
 * @param pool the worker pool, i.e. the service name ({@code compile-worker}...)
 * @param concurrency job slots of this instance over all its queues
 * @param busySlots jobs running now
 * @param slots job slots by queue
 * @param jobs the running jobs, longest running first
 * @param state {@code running}, or {@code draining} once it stopped taking jobs to shut down
 * @param startedAt when the instance started beating
 * @param lastHeartbeat when this heartbeat was written
 */
public record WorkerHeartbeat(
    String id,
    String host,
    String pool,
    int concurrency,
    int busySlots,
    Map<String, Integer> slots,
    List<Job> jobs,
    String state,
    Instant startedAt,
    Instant lastHeartbeat) {

  public static final String RUNNING = "running";
  public static final String DRAINING = "draining";

  /**
   * A job running on the instance.
   *
   * @param runningMillis time since the instance started it (retries included)
   * @param waitedMillis time it waited between being requested and being started
   */
  public record Job(
      String queue,
      String jobId,
      String projectId,
      Instant startedAt,
      long runningMillis,
      long waitedMillis) {}
}
