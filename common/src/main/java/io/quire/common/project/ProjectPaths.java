package io.quire.common.project;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks of project-relative paths before any of them touches the file system. */
public final class ProjectPaths {
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[^/\\\\\\x00-\\x1f]+");

  private ProjectPaths() {}

  /**
   * Whether a path is a plain relative path that stays inside the project: forward slashes, no
   * empty, {@code .} or {@code ..} segment, no control characters, not absolute.
   */
  public static boolean isSafe(String path) {
    if (path == null || path.isEmpty() || path.length() > 1024 || path.startsWith("/")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || !SAFE_SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Resolves a path already checked by {@link #isSafe} under a root. */
  public static Path resolve(Path root, String path) {
    if (!isSafe(path)) {
      throw new IllegalArgumentException("unsafe project path: " + path);
    }
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the project: " + path);
    }
    return resolved;
  }
}
