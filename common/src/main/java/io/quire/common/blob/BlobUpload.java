package io.quire.common.blob;

import java.io.OutputStream;

/**
 * A named object being written. {@link #close()} completes it (only then do readers see it, and
 * only if it returned normally); {@link #abort()} gives it up, leaving nothing behind. Methods
 * throw {@link BlobStoreException} when the store fails.
 */
public abstract class BlobUpload extends OutputStream {

  /** Gives the upload up; whatever was written is discarded. Safe to call more than once. */
  public abstract void abort();

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public abstract void write(byte[] bytes, int offset, int length);

  /** Completes the object; on failure nothing is kept and the exception says why. */
  @Override
  public abstract void close();
}
