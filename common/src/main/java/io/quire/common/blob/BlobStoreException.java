package io.quire.common.blob;

/** The blob store could not do what was asked: unreachable, refused, or failed on its side. */
public class BlobStoreException extends RuntimeException {

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public BlobStoreException(String message) {
    super(message);
  }
}
