package io.quire.compile.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a BibTeX {@code .blg}. BibTeX ends an error with "---line N of file F" (sometimes on a line
 * of its own) and puts a warning's location on the next line as "--line N of file F". Locations in
 * the {@code .aux} file are BibTeX reading what LaTeX wrote, not something the user can open.
 */
final class BibtexLogReader {
  private static final Pattern ERROR_AT = Pattern.compile("(.*?)---line (\\d{1,9}) of file (.+)");
  private static final Pattern ERROR_READING = Pattern.compile("(.*?)---while reading file (.+)");
  private static final Pattern WARNING = Pattern.compile("Warning--(.*)");
  private static final Pattern WARNING_AT = Pattern.compile("--line (\\d{1,9}) of file (.+)");
  private static final Pattern ENTRY_KEY = Pattern.compile("@\\s*\\w+\\s*[{(]\\s*([^,\\s{}()]+)");
  private static final String CONTEXT = " : ";
  private static final String PREVIOUS_LINE_HINT = "(Error may have been on previous line)";

  private final WorkspacePaths paths;
  private final Findings findings;

  BibtexLogReader(WorkspacePaths paths, Findings findings) {
    this.paths = paths;
    this.findings = findings;
  }

  void read(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
      Matcher warning = WARNING.matcher(line);
      Matcher errorAt = ERROR_AT.matcher(line);
      Matcher errorReading = ERROR_READING.matcher(line);
      if (warning.matches()) {
        Matcher at = WARNING_AT.matcher(next);
        SourceLocation location = SourceLocation.UNKNOWN;
        if (at.matches()) {
          location = locate(at.group(2), at.group(1));
          i++;
        }
        findings.warning(location, warning.group(1), EntryKind.BIBTEX);
      } else if (errorAt.matches()) {
        String message = errorAt.group(1).isBlank() && i > 0 ? lines.get(i - 1) : errorAt.group(1);
        findings.error(
            locate(errorAt.group(3), errorAt.group(2)),
            describe(message.strip(), lines, i + 1),
            EntryKind.BIBTEX);
      } else if (errorReading.matches()) {
        findings.error(SourceLocation.UNKNOWN, errorReading.group(1), EntryKind.BIBTEX);
      } else if (line.startsWith("I couldn't open") && !next.startsWith("---")) {
        findings.error(SourceLocation.UNKNOWN, line, EntryKind.BIBTEX);
      }
    }
  }

  /** Adds what BibTeX shows after the message: the key of a repeated entry, a hint on the line. */
  private static String describe(String message, List<String> lines, int from) {
    StringBuilder context = new StringBuilder();
    boolean previousLine = false;
    for (int k = from; k < Math.min(lines.size(), from + 5); k++) {
      String line = lines.get(k);
      if (line.startsWith(CONTEXT)) {
        context.append(line.substring(CONTEXT.length()).strip());
      } else if (line.equals(PREVIOUS_LINE_HINT)) {
        previousLine = true;
      } else {
        break;
      }
    }
    String described = message;
    Matcher key = ENTRY_KEY.matcher(context);
    if (message.startsWith("Repeated entry") && key.find()) {
      described = "Repeated entry: " + key.group(1);
    }
    return previousLine ? described + " (the error may be on the previous line)" : described;
  }

  private SourceLocation locate(String file, String line) {
    String relative = paths.projectRelative(file);
    if (relative == null || relative.endsWith(".aux")) {
      return SourceLocation.UNKNOWN;
    }
    return new SourceLocation(relative, Integer.valueOf(line));
  }
}
