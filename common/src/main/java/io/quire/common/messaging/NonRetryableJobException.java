package io.quire.common.messaging;

/**
 * A job that can never succeed as sent (bad input, missing project). The job goes to its
 * dead-letter queue at once instead of being retried.
 */
public class NonRetryableJobException extends RuntimeException {
  public NonRetryableJobException(String message) {
    super(message);
  }

  public NonRetryableJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
