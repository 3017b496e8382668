package io.quire.compile.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code cap} bytes of a command's output and counts the rest. The caller must keep
 * consuming the stream after the cap is reached (and throw the bytes away here): a child blocked on
 * a full pipe would otherwise hang until the timeout and report a misleading {@code timedout}.
 */
final class OutputBuffer {
  private final long cap;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long discarded;

  OutputBuffer(long cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("output cap must not be negative: " + cap);
    }
    // a ByteArrayOutputStream holds at most about 2 GiB; nobody wants more compiler chatter
    this.cap = Math.min(cap, 1L << 30);
  }

  synchronized void append(byte[] bytes, int offset, int length) {
    int room = (int) Math.min(length, Math.max(0, cap - kept.size()));
    kept.write(bytes, offset, room);
    discarded += length - room;
  }

  synchronized boolean truncated() {
    return discarded > 0;
  }

  /** The kept bytes as UTF-8; a character cut in half at the cap becomes U+FFFD. */
  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }
}
