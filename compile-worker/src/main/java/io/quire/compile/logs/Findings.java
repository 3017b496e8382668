package io.quire.compile.logs;

import io.quire.common.contract.LogEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects entries while the logs are read. Sets drop the duplicates TeX produces (the same warning
 * for every page or every pass over a paragraph), and a cap keeps a pathological log (thousands of
 * bad boxes) from producing a result too large to store and send.
 */
final class Findings {
  static final int MAX_ENTRIES_PER_LIST = 1000;
  private static final int MAX_MESSAGE_LENGTH = 400;

  private final Set<LogEntry> errors = new LinkedHashSet<>();
  private final Set<LogEntry> warnings = new LinkedHashSet<>();

  void error(SourceLocation at, String message, EntryKind kind) {
    add(errors, at, message, kind);
  }

  void warning(SourceLocation at, String message, EntryKind kind) {
    add(warnings, at, message, kind);
  }

  ParsedLog toParsedLog() {
    return new ParsedLog(List.copyOf(errors), List.copyOf(warnings));
  }

  private static void add(Set<LogEntry> into, SourceLocation at, String message, EntryKind kind) {
    String text = tidy(message);
    if (text.isEmpty() || into.size() >= MAX_ENTRIES_PER_LIST) {
      return;
    }
    into.add(new LogEntry(at.file(), at.line(), text, kind.value()));
  }

  /** One line of readable text: logs of broken runs may carry control bytes and long dumps. */
  private static String tidy(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_LENGTH + 1));
    boolean space = false;
    int i = 0;
    for (; i < message.length() && text.length() < MAX_MESSAGE_LENGTH; i++) {
      char c = message.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = text.length() > 0;
      } else {
        if (space) {
          text.append(' ');
          space = false;
        }
        text.append(c);
      }
    }
    if (i < message.length() && text.length() >= MAX_MESSAGE_LENGTH) {
      text.append('…');
    }
    return text.toString();
  }
}
