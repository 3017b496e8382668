package io.quire.compile.tools;

import io.quire.common.project.ProjectPaths;
import io.quire.common.project.TexFileNames;
import io.quire.compile.sandbox.SandboxCommand;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Project-relative paths of file names tools print. Tools run in the workspace mounted at {@link
 * SandboxCommand#WORKSPACE_MOUNT}, so a name is relative to it ({@code ./chapters/a.tex}) or
 * absolute under it ({@code /compile/./chapters/a.tex}); anything else (TeX Live's own files) is
 * not a project file.
 */
final class SandboxPaths {
  private static final String MOUNT = SandboxCommand.WORKSPACE_MOUNT + "/";

  private SandboxPaths() {}

  /** The project-relative path, or null when the name is not inside the workspace. */
  static String projectRelative(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String path = name.strip();
    if (path.startsWith("/")) {
      if (!path.startsWith(MOUNT)) {
        return null;
      }
      path = path.substring(MOUNT.length());
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return null;
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    String relative = String.join("/", segments);
    return ProjectPaths.isSafe(relative) ? relative : null;
  }

  /** How a project file is named on a tool's command line: never mistaken for an option. */
  static String argument(String projectPath) {
    return TexFileNames.argument(projectPath);
  }

  /** The absolute name of a project file inside the sandbox. */
  static String absolute(String projectPath) {
    return MOUNT + projectPath;
  }
}
