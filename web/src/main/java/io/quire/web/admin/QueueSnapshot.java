package io.quire.web.admin;

import io.quire.common.ops.WorkerHeartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The queue dashboard at one moment: {@code GET /api/admin/queues} and each event of its stream.
 *
 * @param source where the counts come from: {@code management} (the RabbitMQ management API) or
 *     {@code amqp} (passive declares: no unacknowledged count, no rates)
 * @param problem why counts are missing or partial, for the administrator; null when all is well
 * @param queues every job queue
 * @param deadLetters every dead-letter queue with its count
 * @param workers every live worker instance, from its heartbeat
 */
record QueueSnapshot(
    Instant sampledAt,
    String source,
    String problem,
    List<JobQueueRow> queues,
    List<DeadLetterRow> deadLetters,
    List<WorkerHeartbeat> workers) {

  /**
   * A job queue. Unknown values are null.
   *
   * @param queue short name ({@code compile.background}), used in the API's paths
   * @param name full name on the broker
   * @param oldestAgeSeconds age of the oldest waiting message, when known
   */
  record JobQueueRow(
      String queue,
      String name,
      Long ready,
      Long unacked,
      Integer consumers,
      Double publishRate,
      Double deliverRate,
      Double oldestAgeSeconds) {}

  /**
   * A dead-letter queue.
   *
   * @param queue short name of the job queue it belongs to
   * @param name full name on the broker
   */
  record DeadLetterRow(String queue, String name, Long count) {}

  /**
   * One point of the dashboard's chart.
   *
   * @param depth ready messages by queue short name
   * @param waitSeconds the longest wait seen: oldest waiting message, or the longest a running job
   *     waited before it started
   */
  record Sample(Instant at, Map<String, Long> depth, double waitSeconds) {}
}
