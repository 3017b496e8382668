package io.quire.web.project;

import io.quire.web.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.util.unit.DataSize;

/**
 * Reads an uploaded body into memory, never more than the upload limit: a declared {@code
 * Content-Length} over the limit is refused before a byte is read, and a body without one (chunked)
 * is read up to one byte past the limit and refused there, so a client cannot make web hold more
 * than the limit, whatever it sends or claims.
 */
final class UploadBodies {
  private UploadBodies() {}

  /**
   * The whole body of a request.
   *
   * @param what the file the body is for, for the message
   * @throws ApiException 413 when the body is, or says it is, larger than {@code limit}
   */
  static byte[] read(HttpServletRequest request, DataSize limit, String what) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > limit.toBytes()) {
      throw tooLarge(what, limit);
    }
    try (InputStream in = request.getInputStream()) {
      return read(in, limit, what);
    }
  }

  /** At most {@code limit} bytes of a stream; 413 when it holds more. */
  static byte[] read(InputStream in, DataSize limit, String what) throws IOException {
    long max = limit.toBytes();
    // one byte past the limit tells a body at the limit from a larger one
    byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
    if (body.length > max) {
      throw tooLarge(what, limit);
    }
    return body;
  }

  static ApiException tooLarge(String what, DataSize limit) {
    return ApiException.tooLarge(
        what + " is larger than the upload limit of " + ProjectLimits.describe(limit) + ".");
  }
}
