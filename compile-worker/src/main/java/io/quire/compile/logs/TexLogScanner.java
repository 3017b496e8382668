package io.quire.compile.logs;

import java.util.List;

/**
 * Walks a TeX transcript line by line: messages go to their readers, which consume them whole;
 * every other line only moves the file stack. Each reader returns the index after what it read, so
 * the walk always advances, whatever the input.
 */
final class TexLogScanner {
  private final FileStack files = new FileStack();
  private final TexErrorReader errors;
  private final TexWarningReader warnings;
  private final BoxWarningReader boxes;

  TexLogScanner(WorkspacePaths paths, Findings findings) {
    SourceLocator locator = new SourceLocator(files, paths);
    this.errors = new TexErrorReader(locator, findings);
    this.warnings = new TexWarningReader(files, locator, findings);
    this.boxes = new BoxWarningReader(locator, findings);
  }

  void scan(List<String> lines) {
    int i = 0;
    while (i < lines.size()) {
      i = Math.max(i + 1, readAt(lines, i));
    }
  }

  private int readAt(List<String> lines, int i) {
    String line = lines.get(i);
    if (TexErrorReader.startsError(line)) {
      return errors.read(lines, i);
    }
    if (line.startsWith("Runaway ")) {
      return skipRunawayText(lines, i);
    }
    int next = boxes.read(lines, i);
    if (next == i) {
      next = warnings.read(lines, i);
    }
    if (next == i) {
      files.scan(line);
    }
    return next;
  }

  /**
   * "Runaway argument?" is followed by the text TeX swallowed, straight from the document; the
   * error that explains it comes next.
   */
  private static int skipRunawayText(List<String> lines, int i) {
    int next = i + 1;
    if (next < lines.size() && !TexErrorReader.startsError(lines.get(next))) {
      next++;
    }
    return next;
  }
}
