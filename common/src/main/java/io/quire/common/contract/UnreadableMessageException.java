package io.quire.common.contract;

/**
 * A message that cannot be turned into a contract record: malformed JSON, an unknown type, an
 * unknown schema version or a missing field. Retrying cannot help, so it is dead-lettered at once.
 */
public class UnreadableMessageException extends RuntimeException {
  public UnreadableMessageException(String message) {
    super(message);
  }

  public UnreadableMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
