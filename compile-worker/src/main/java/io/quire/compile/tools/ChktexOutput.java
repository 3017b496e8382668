package io.quire.compile.tools;

import io.quire.common.compile.rpc.ChktexReport;
import io.quire.common.compile.rpc.ChktexWarning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads chktex's output in the machine-readable form {@link #FORMAT} asks for: one tab-separated
 * line per finding. Findings in files that are not the project's (a package chktex followed into)
 * are dropped; other lines are chktex's own messages.
 */
final class ChktexOutput {
  /** Marks our lines, so nothing else chktex prints is mistaken for a finding. */
  static final String MARK = "QUIRE-CHECK";

  /**
   * chktex's {@code -f}: file, line, column, length, warning number, kind, message. The tab and
   * line break are real characters (chktex does not unescape its format).
   */
  static final String FORMAT = MARK + "\t%f\t%l\t%c\t%d\t%n\t%k\t%m\n";

  static final int MAX_WARNINGS = 1000;
  private static final int MAX_MESSAGES = 20;

  private ChktexOutput() {}

  /**
   * @param file the file checked, project-relative
   * @param projectFiles the project's paths; findings elsewhere are dropped
   * @param outputTruncated whether the sandbox cut the output
   */
  static ChktexReport parse(
      String file, String output, Set<String> projectFiles, boolean outputTruncated) {
    Set<ChktexWarning> warnings = new LinkedHashSet<>();
    List<String> messages = new ArrayList<>();
    boolean truncated = outputTruncated;
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!raw.startsWith(MARK + "\t")) {
        if (messages.size() < MAX_MESSAGES) {
          messages.add(line.replaceFirst("^chktex:\\s*", ""));
        }
        continue;
      }
      ChktexWarning warning = warning(raw.split("\t", 8), projectFiles);
      if (warning == null) {
        continue;
      }
      if (warnings.size() >= MAX_WARNINGS) {
        truncated = true;
        break;
      }
      warnings.add(warning);
    }
    return new ChktexReport(file, List.copyOf(warnings), truncated, messages);
  }

  private static ChktexWarning warning(String[] fields, Set<String> projectFiles) {
    if (fields.length < 8) {
      return null;
    }
    String path = SandboxPaths.projectRelative(fields[1]);
    if (path != null && !projectFiles.contains(path) && projectFiles.contains(path + ".tex")) {
      path = path + ".tex";
    }
    if (path == null || !projectFiles.contains(path)) {
      return null;
    }
    try {
      int line = Integer.parseInt(fields[2].strip());
      int column = Integer.parseInt(fields[3].strip());
      int length = Integer.parseInt(fields[4].strip());
      int code = Integer.parseInt(fields[5].strip());
      if (line < 1) {
        return null;
      }
      return new ChktexWarning(
          path,
          line,
          Math.max(1, column),
          Math.max(0, length),
          code,
          fields[6].strip().toLowerCase(Locale.ROOT),
          fields[7].strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
