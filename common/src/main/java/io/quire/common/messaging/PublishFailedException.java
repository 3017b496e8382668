package io.quire.common.messaging;

/** The broker did not confirm a message: it was nacked, returned as unroutable, or timed out. */
public class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message) {
    super(message);
  }

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
