package io.quire.compile.job;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a compile leaves in Redis next to the aux state, so a worker that never saw the project can
 * take the fast path too: the last run, the aux archive it belongs to, and the project files (path
 * and SHA-256) it compiled.
 */
record RunRecord(LastRun lastRun, String auxSha256, Map<String, String> files) {
  private static final String HEADER = "quire-run-record-v1";

  String encode() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append(lastRun.options()).append('\n');
    out.append(lastRun.settled()).append('\n');
    out.append(lastRun.fallbacks()).append('\n');
    out.append(auxSha256).append('\n');
    files.forEach((path, sha) -> out.append(sha).append('\t').append(path).append('\n'));
    return out.toString();
  }

  /** The record, or null when the text is not one (another version, damaged). */
  static RunRecord decode(String text) {
    String[] lines = text.split("\n");
    if (lines.length < 5 || !lines[0].equals(HEADER)) {
      return null;
    }
    try {
      LastRun last =
          new LastRun(lines[1], Boolean.parseBoolean(lines[2]), Integer.parseInt(lines[3]));
      Map<String, String> files = new HashMap<>();
      for (int i = 5; i < lines.length; i++) {
        int tab = lines[i].indexOf('\t');
        if (tab < 0) {
          return null;
        }
        files.put(lines[i].substring(tab + 1), lines[i].substring(0, tab));
      }
      return new RunRecord(last, lines[4], files);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The project files that differ between this record and {@code now} (path to SHA-256). */
  Set<String> changedFrom(Map<String, String> now) {
    Set<String> changed = new HashSet<>();
    now.forEach(
        (path, sha) -> {
          if (!sha.equals(files.get(path))) {
            changed.add(path);
          }
        });
    files.keySet().stream().filter(path -> !now.containsKey(path)).forEach(changed::add);
    return changed;
  }
}
