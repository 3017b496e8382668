package io.quire.common.messaging;

import io.quire.common.contract.QuireMessage;

/**
 * The work behind a queue: a plain class, testable without a broker. {@link JobMessageListener}
 * acknowledges the message only after {@link #handle} returned, so {@code handle} must store its
 * result before returning and must tolerate being called again for the same {@code jobId}.
 *
 * @param <T> the contract consumed
 */
public interface JobHandler<T extends QuireMessage> {

  /** Does the job. Throw {@link NonRetryableJobException} when a retry cannot help. */
  void handle(T job, Delivery delivery);

  /**
   * Whether this job's result is already stored (a redelivery after a crash between storing and
   * acknowledging). Such a job is acknowledged without running again.
   */
  default boolean isAlreadyDone(T job) {
    return false;
  }

  /**
   * Called when this worker gives the job up and dead-letters it (a {@link
   * NonRetryableJobException} or the last failed attempt), so the handler can record the failure
   * where users see it. The job is dead-lettered whatever this does.
   */
  default void gaveUp(T job, RuntimeException cause) {}

  /** Facts about the delivery the handler may want. */
  record Delivery(String queue, boolean redelivered, long deliveryCount) {}
}
