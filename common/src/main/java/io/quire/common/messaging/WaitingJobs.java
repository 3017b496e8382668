package io.quire.common.messaging;

import java.time.Instant;
import java.util.Optional;

/**
 * When each job still waiting in a queue was queued, so the dashboard can show the age of the
 * oldest message for every queue (RabbitMQ reports the head timestamp only for classic queues, and
 * the job queues are quorum queues). Publishers record a job when they queue it, listeners forget
 * it when it is delivered. Best effort: a record may outlive its job (a broker-side requeue, a
 * crash between delivery and forgetting), so readers trim records of queues the broker reports
 * empty.
 */
public interface WaitingJobs {

  /** Records nothing: for tools and tests without Redis. */
  WaitingJobs NONE =
      new WaitingJobs() {
        @Override
        public void queued(String queue, String jobId, Instant at) {}

        @Override
        public void delivered(String queue, String jobId) {}

        @Override
        public Optional<Instant> oldest(String queue) {
          return Optional.empty();
        }

        @Override
        public void forgetQueuedBefore(String queue, Instant before) {}
      };

  /** A job was (about to be) published to {@code queue}. Does not wait for the store. */
  void queued(String queue, String jobId, Instant at);

  /** A job of {@code queue} reached a consumer. Does not wait for the store. */
  void delivered(String queue, String jobId);

  /** When the longest-waiting recorded job of {@code queue} was queued. */
  Optional<Instant> oldest(String queue);

  /** Drops records older than {@code before}: called when the broker says the queue is empty. */
  void forgetQueuedBefore(String queue, Instant before);
}
