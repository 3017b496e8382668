package io.quire.compile.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the real logs under {@code src/test/resources/logs}, produced by the TeX Live on a host.
 */
final class LogFixtures {
  static final String MOUNT = "/compile";

  private LogFixtures() {}

  static byte[] bytes(String path) {
    try (InputStream in = LogFixtures.class.getResourceAsStream("/logs/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParsedLog texLog(String path) {
    return LogParser.parse(bytes(path), null, MOUNT);
  }

  static ParsedLog blgLog(String path) {
    return LogParser.parse(null, bytes(path), MOUNT);
  }
}
