package io.quire.compile.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the warnings of LaTeX, its packages and classes ({@code Package natbib Warning: ...}),
 * joined with their continuation lines, plus the engine's "Missing character" and pdfTeX warnings.
 * A warning gets a file only when it names a line: warnings without one are summaries ("There were
 * undefined references") that belong to no file in particular.
 */
final class TexWarningReader {
  private static final Pattern WARNING =
      Pattern.compile("((?:LaTeX3?|Package|Class|Module)(?: [^\\s:]+)?) Warning: (.*)");

  /**
   * LaTeX continues a multi-line message (warning or error) on lines starting with "(package)", or
   * with spaces for its own messages.
   */
  static final Pattern CONTINUATION = Pattern.compile("(?:\\([^()\\s]+\\)|\\s{4,})(.*)");

  private static final Pattern INPUT_LINE = Pattern.compile("\\s*on input line (\\d{1,9})");
  private static final Pattern CITATION =
      Pattern.compile(
          "(?i)citation [`'\"].*undefined|undefined citations|entry could not be found");
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?i)reference [`'\"].*undefined|undefined references|label\\(s\\) may have changed"
              + "|label [`'\"].*multiply defined|multiply-defined labels");

  private static final String MISSING_CHARACTER = "Missing character: ";
  private static final String PDFTEX_WARNING = "pdfTeX warning";
  private static final int CONTINUATION_LIMIT = 12;
  private static final int MESSAGE_LIMIT = 300;

  private final FileStack files;
  private final SourceLocator locator;
  private final Findings findings;

  TexWarningReader(FileStack files, SourceLocator locator, Findings findings) {
    this.files = files;
    this.locator = locator;
    this.findings = findings;
  }

  static boolean startsWarning(String line) {
    return WARNING.matcher(line).lookingAt()
        || line.startsWith(MISSING_CHARACTER)
        || BoxWarningReader.startsBoxWarning(line);
  }

  /**
   * Reads the warning that starts at {@code start}, if one does; returns the index of the first
   * line after it, or {@code start} when the line is no warning.
   */
  int read(List<String> lines, int start) {
    String line = lines.get(start);
    Matcher warning = WARNING.matcher(line);
    if (warning.matches()) {
      return readWarning(lines, start, warning.group(1), warning.group(2));
    }
    if (line.startsWith(MISSING_CHARACTER)) {
      int end = line.indexOf('!', line.indexOf(" in font "));
      int split = end < 0 ? line.length() : end + 1;
      findings.warning(SourceLocation.UNKNOWN, line.substring(0, split), EntryKind.LATEX);
      files.scan(line.substring(split));
      return start + 1;
    }
    int pdftex = line.indexOf(PDFTEX_WARNING);
    if (pdftex >= 0) {
      files.scan(line.substring(0, pdftex));
      findings.warning(SourceLocation.UNKNOWN, line.substring(pdftex), EntryKind.LATEX);
      return start + 1;
    }
    return start;
  }

  private int readWarning(List<String> lines, int start, String source, String first) {
    StringBuilder text = new StringBuilder(first.strip());
    int next = start + 1;
    for (; next < lines.size() && next - start <= CONTINUATION_LIMIT; next++) {
      Matcher continuation = CONTINUATION.matcher(lines.get(next));
      if (lines.get(next).isEmpty() || !continuation.matches()) {
        break;
      }
      if (text.length() < MESSAGE_LIMIT) {
        text.append(' ').append(continuation.group(1).strip());
      }
    }
    Integer line = null;
    String message = text.toString();
    Matcher inputLine = INPUT_LINE.matcher(message);
    int from = -1;
    int to = -1;
    while (inputLine.find()) {
      line = Integer.valueOf(inputLine.group(1));
      from = inputLine.start();
      to = inputLine.end();
    }
    if (from >= 0 && message.substring(to).strip().matches("\\.?")) {
      message = message.substring(0, from) + ".";
    }
    String prefix = source.equals("LaTeX") ? "" : source + " Warning: ";
    SourceLocation at = line == null ? SourceLocation.UNKNOWN : locator.locate(null, line);
    findings.warning(at, prefix + message, classify(message));
    return next;
  }

  private static EntryKind classify(String message) {
    if (CITATION.matcher(message).find()) {
      return EntryKind.CITATION;
    }
    if (REFERENCE.matcher(message).find()) {
      return EntryKind.REFERENCE;
    }
    return EntryKind.LATEX;
  }
}
