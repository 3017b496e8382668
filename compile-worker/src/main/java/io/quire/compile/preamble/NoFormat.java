package io.quire.compile.preamble;

import java.util.Map;
import java.util.TreeMap;

/**
 * A preamble marked "no format": its dump failed, or a compile with its format failed where the
 * plain compile passed. The mark holds while the local files the preamble read are unchanged, so
 * fixing a project's own package lifts it.
 *
 * @param reason what went wrong, for the worker's log
 * @param inputs workspace-relative path to SHA-256 of the local files the preamble read, as far as
 *     known
 */
public record NoFormat(String reason, Map<String, String> inputs) {
  public NoFormat {
    inputs =
        inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(inputs));
  }
}
