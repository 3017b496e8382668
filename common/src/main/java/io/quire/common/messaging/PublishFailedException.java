package io.quire.common.messaging;

/**
 * The broker did not take a message: it was not reachable, nacked it, returned it as unroutable, or
 * did not confirm it in time.
 */
public class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message) {
    super(message);
  }

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
