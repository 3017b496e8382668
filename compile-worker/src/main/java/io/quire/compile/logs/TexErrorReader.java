package io.quire.compile.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one TeX error: the {@code ! message} or {@code file:line: message} line, a package's
 * continuation lines, then the context TeX shows, whose {@code l.12} gives the line when
 * -file-line-error is off. The context and help text quote the user's document, so they are
 * consumed here: an unbalanced parenthesis in the document must not reach the file stack.
 */
final class TexErrorReader {
  static final Pattern FILE_LINE_ERROR =
      Pattern.compile("((?:\\.{1,2}/|/)[^:]*|[^\\s:/][^:]*\\.[A-Za-z0-9]+):(\\d{1,9}): (.*)");

  private static final Pattern CONTEXT_LINE = Pattern.compile("l\\.(\\d{1,9})(?: |$)");
  private static final Pattern TRAILING_CONTROL_SEQUENCE =
      Pattern.compile("(\\\\(?:[A-Za-z@]+|.))\\s*$");

  /** How far the context of an error may be from its message: LaTeX's errors put ~8 lines first. */
  private static final int CONTEXT_LOOKAHEAD = 30;

  private static final int HELP_LIMIT = 25;
  private static final int MESSAGE_LIMIT = 300;

  private final SourceLocator locator;
  private final Findings findings;

  TexErrorReader(SourceLocator locator, Findings findings) {
    this.locator = locator;
    this.findings = findings;
  }

  static boolean startsError(String line) {
    return line.startsWith("! ") || FILE_LINE_ERROR.matcher(line).matches();
  }

  /** Reads the error that starts at {@code start}; returns the index of the first line after it. */
  int read(List<String> lines, int start) {
    String first = lines.get(start);
    Matcher located = FILE_LINE_ERROR.matcher(first);
    String reportedFile = null;
    Integer reportedLine = null;
    String text;
    if (located.matches()) {
      reportedFile = located.group(1);
      reportedLine = Integer.valueOf(located.group(2));
      text = located.group(3).strip();
    } else {
      text = first.substring(2).strip();
    }
    if (text.startsWith("==> Fatal error occurred")) {
      return start + 1;
    }
    int next = start + 1;
    StringBuilder message = new StringBuilder(text);
    boolean paragraphEnded = false;
    for (; next < lines.size(); next++) {
      Matcher continuation = TexWarningReader.CONTINUATION.matcher(lines.get(next));
      if (!continuation.matches()) {
        break;
      }
      String part = continuation.group(1).strip();
      if (part.isEmpty()) {
        paragraphEnded = true;
      } else if (!paragraphEnded && message.length() < MESSAGE_LIMIT) {
        message.append(' ').append(part);
      }
    }
    Context context = context(lines, next);
    String described = describe(message.toString(), lines, next, context.end());
    SourceLocation at;
    Integer line = reportedLine != null ? reportedLine : context.line();
    if (reportedFile == null && line == null && text.startsWith("File ended while scanning")) {
      at = locator.lastClosedFile();
    } else {
      at = locator.locate(reportedFile, line);
    }
    findings.error(at, described, EntryKind.LATEX);
    return context.end();
  }

  /**
   * Finds the {@code l.N} line of the context. An "Emergency stop" right after an error that shows
   * no context of its own (a missing file) shares the context of that stop.
   */
  private static Context context(List<String> lines, int from) {
    int limit = Math.min(lines.size(), from + CONTEXT_LOOKAHEAD);
    int nextError = -1;
    for (int k = from; k < limit; k++) {
      String line = lines.get(k);
      if (startsError(line)) {
        if (nextError < 0) {
          nextError = k;
        }
        if (isEmergencyStop(line)) {
          continue;
        }
        break;
      }
      if (TexWarningReader.startsWarning(line)) {
        break;
      }
      Matcher contextLine = CONTEXT_LINE.matcher(line);
      if (contextLine.lookingAt()) {
        Integer number = Integer.valueOf(contextLine.group(1));
        return new Context(number, nextError >= 0 ? nextError : skipHelp(lines, k + 1));
      }
    }
    return new Context(null, nextError >= 0 ? nextError : skipToEmptyLine(lines, from));
  }

  /** Skips the rest of the {@code l.N} line TeX has not read yet, then the help text. */
  private static int skipHelp(List<String> lines, int from) {
    int k = from;
    if (k < lines.size() && !startsError(lines.get(k))) {
      k++;
    }
    return skipToEmptyLine(lines, k);
  }

  private static int skipToEmptyLine(List<String> lines, int from) {
    int k = from;
    while (k < lines.size()
        && k - from < HELP_LIMIT
        && !lines.get(k).isEmpty()
        && !startsError(lines.get(k))) {
      k++;
    }
    return k;
  }

  /** The message with the one detail that makes it actionable, when TeX puts it elsewhere. */
  private static String describe(String message, List<String> lines, int from, int end) {
    if (message.startsWith("Undefined control sequence") && from < lines.size()) {
      Matcher name = TRAILING_CONTROL_SEQUENCE.matcher(lines.get(from));
      if (name.find()) {
        return "Undefined control sequence: " + name.group(1);
      }
    }
    if (isEmergencyStop(message)) {
      for (int k = from; k < Math.min(end, lines.size()); k++) {
        String line = lines.get(k);
        if (line.startsWith("*** (") && line.endsWith(")")) {
          return "Emergency stop: " + line.substring(5, line.length() - 1);
        }
      }
    }
    return message;
  }

  private static boolean isEmergencyStop(String line) {
    return line.endsWith("Emergency stop.");
  }

  private record Context(Integer line, int end) {}
}
