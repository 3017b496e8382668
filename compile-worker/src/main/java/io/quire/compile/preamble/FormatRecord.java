package io.quire.compile.preamble;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a format was built from, kept next to it (in the worker-owned part of the workspace and in
 * Redis): the key, and the content hash of every local file the preamble read.
 *
 * @param key the {@link FormatKey}
 * @param inputs workspace-relative path to SHA-256 of each local file the preamble read
 * @param size bytes of the format file
 * @param builtAt when it was built
 * @param builtBy the worker that built it
 */
public record FormatRecord(
    String key, Map<String, String> inputs, long size, Instant builtAt, String builtBy) {
  public FormatRecord {
    inputs =
        inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(inputs));
  }
}
