package io.quire.compile.logs;

/**
 * Decides which project file and line a TeX message points at. A message located in a TeX Live file
 * (a package failing while it loads) is blamed on the innermost project file that was reading it,
 * without a line: the line of the package file would mislead, and the user's fix is in their own
 * file.
 */
final class SourceLocator {
  private final FileStack files;
  private final WorkspacePaths paths;

  SourceLocator(FileStack files, WorkspacePaths paths) {
    this.files = files;
    this.paths = paths;
  }

  /**
   * @param reportedFile the file the message names (-file-line-error), or null to use the file TeX
   *     is reading
   * @param line the line the message names, or null
   */
  SourceLocation locate(String reportedFile, Integer line) {
    String name = reportedFile != null ? reportedFile : files.current();
    if (name == null) {
      return new SourceLocation(null, line);
    }
    String file = paths.projectRelative(name);
    if (file != null) {
      return new SourceLocation(file, line);
    }
    return new SourceLocation(nearestProjectFile(), null);
  }

  /** For a message about the end of a file: the file that just closed, line unknown. */
  SourceLocation lastClosedFile() {
    return new SourceLocation(paths.projectRelative(files.lastClosed()), null);
  }

  private String nearestProjectFile() {
    for (String open : files.openFiles()) {
      String file = paths.projectRelative(open);
      if (file != null) {
        return file;
      }
    }
    return null;
  }
}
