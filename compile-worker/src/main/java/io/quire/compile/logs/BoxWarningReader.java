package io.quire.compile.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads overfull and underfull box warnings. TeX follows each with a dump of the box, which quotes
 * the document's text (parentheses included) and ends with an empty line; the dump is skipped so it
 * never reaches the file stack.
 */
final class BoxWarningReader {
  private static final Pattern BOX =
      Pattern.compile(
          "(?:Over|Under)full \\\\([hv])box \\([^)]*\\) (?:in (?:paragraph|alignment) at lines"
              + " (\\d{1,9})--\\d{1,9}|detected at line (\\d{1,9})|has occurred while \\\\output is"
              + " active)");

  private static final int DUMP_LIMIT = 60;

  private final SourceLocator locator;
  private final Findings findings;

  BoxWarningReader(SourceLocator locator, Findings findings) {
    this.locator = locator;
    this.findings = findings;
  }

  static boolean startsBoxWarning(String line) {
    return BOX.matcher(line).lookingAt();
  }

  /**
   * Reads the box warning at {@code start}, if there is one; returns the index of the first line
   * after it, or {@code start}.
   */
  int read(List<String> lines, int start) {
    Matcher box = BOX.matcher(lines.get(start));
    if (!box.lookingAt()) {
      return start;
    }
    String number = box.group(2) != null ? box.group(2) : box.group(3);
    SourceLocation at =
        number == null ? SourceLocation.UNKNOWN : locator.locate(null, Integer.valueOf(number));
    findings.warning(at, box.group(), EntryKind.BOX);
    int next = start + 1;
    boolean horizontal = box.group(1).equals("h");
    if (horizontal && next < lines.size() && !TexErrorReader.startsError(lines.get(next))) {
      next++; // the line of text the box holds, which may well be empty
    }
    int limit = Math.min(lines.size(), next + DUMP_LIMIT);
    while (next < limit
        && !lines.get(next).isEmpty()
        && !TexErrorReader.startsError(lines.get(next))
        && !TexWarningReader.startsWarning(lines.get(next))) {
      next++;
    }
    return next;
  }
}
