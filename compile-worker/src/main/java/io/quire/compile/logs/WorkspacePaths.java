package io.quire.compile.logs;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns file names as TeX, BibTeX and Biber print them into project-relative paths. Inside the
 * sandbox the project is mounted at a fixed directory, so a name is either relative to the
 * directory TeX ran in ({@code ./chapters/intro.tex}), absolute under the mount ({@code
 * /compile/chapters/intro.tex}), or somewhere else (TeX Live's own files, caches), which the user
 * cannot open or edit: those have no project path.
 */
final class WorkspacePaths {
  private final String mount;
  private final String workingDirectory;

  /**
   * @param mount where the project appears to TeX (such as {@code /compile}); null if only relative
   *     names count
   * @param workingDirectory project-relative directory TeX ran in, empty for the project root
   */
  WorkspacePaths(String mount, String workingDirectory) {
    this.mount = trimTrailingSlashes(mount);
    this.workingDirectory = workingDirectory == null ? "" : workingDirectory;
  }

  /** The project-relative path of a name from a log, or null when it is not a project file. */
  String projectRelative(String name) {
    if (name == null) {
      return null;
    }
    String path = name.strip();
    if (path.length() >= 2 && path.startsWith("\"") && path.endsWith("\"")) {
      path = path.substring(1, path.length() - 1);
    }
    if (path.isEmpty()) {
      return null;
    }
    if (path.startsWith("/")) {
      if (mount.isEmpty() || !path.startsWith(mount + "/")) {
        return null;
      }
      return normalize(path.substring(mount.length() + 1));
    }
    return normalize(workingDirectory + "/" + path);
  }

  /** Resolves "." and ".." segments; a path that climbs out of the project has no project path. */
  private static String normalize(String path) {
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
    return segments.isEmpty() ? null : String.join("/", segments);
  }

  private static String trimTrailingSlashes(String mount) {
    String trimmed = mount == null ? "" : mount.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
