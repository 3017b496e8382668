package io.quire.compile.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files TeX is reading, followed through the transcript: TeX prints "(" and the name when it
 * opens a file and ")" when it closes it. This is the only way to know the file of a message when
 * -file-line-error is off, and of every warning even when it is on. Parentheses that do not
 * introduce a file name ("(see the transcript file...)", "(hyperref)") become anonymous frames so
 * that their ")" does not close a real file.
 */
final class FileStack {
  private static final String ANONYMOUS = "";
  private static final int MAX_DEPTH = 4096;

  /** A name as TeX prints it: no spaces, no brackets (which would end it in the log). */
  private static final Pattern NAME = Pattern.compile("[^\\s()\\[\\]{}<>\"]+");

  /** pdfTeX prints names with spaces unquoted: take the shortest run that ends in an extension. */
  private static final Pattern SPACED_NAME =
      Pattern.compile(
          "(?:\\.{1,2}/|/)[^()\\[\\]{}<>\"]{0,240}?\\.[A-Za-z][A-Za-z0-9]{0,9}(?=[\\s)]|$)");

  private final Deque<String> frames = new ArrayDeque<>();
  private int overflow;
  private String lastClosed;

  /** Follows the opening and closing parentheses of one line of ordinary log output. */
  void scan(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '(') {
        i = open(text, i + 1);
      } else {
        if (c == ')') {
          close();
        }
        i++;
      }
    }
  }

  /** The innermost file being read, as the log names it, or null. */
  String current() {
    for (String frame : frames) {
      if (!frame.isEmpty()) {
        return frame;
      }
    }
    return null;
  }

  /** Every open file, innermost first. */
  List<String> openFiles() {
    List<String> open = new ArrayList<>();
    for (String frame : frames) {
      if (!frame.isEmpty()) {
        open.add(frame);
      }
    }
    return open;
  }

  /** The file most recently closed, or null: the culprit of "File ended while scanning...". */
  String lastClosed() {
    return lastClosed;
  }

  private int open(String text, int from) {
    if (from < text.length() && text.charAt(from) == '"') {
      int end = text.indexOf('"', from + 1);
      int stop = end < 0 ? text.length() : end;
      push(text.substring(from + 1, stop));
      return end < 0 ? text.length() : end + 1;
    }
    Matcher name = NAME.matcher(text).region(from, text.length());
    if (!name.lookingAt()) {
      push(ANONYMOUS);
      return from;
    }
    String token = name.group();
    boolean path = token.startsWith("/") || token.startsWith("./") || token.startsWith("../");
    if (path && !hasExtension(token)) {
      Matcher spaced = SPACED_NAME.matcher(text).region(from, text.length());
      if (spaced.lookingAt()) {
        push(spaced.group());
        return spaced.end();
      }
    }
    push(path || hasExtension(token) ? token : ANONYMOUS);
    return name.end();
  }

  /**
   * "main.aux", "refs.bib": an extension starting with a letter ("v1.5" is a version, not a file).
   */
  private static boolean hasExtension(String token) {
    int dot = token.lastIndexOf('.');
    return dot > token.lastIndexOf('/') + 1
        && dot < token.length() - 1
        && Character.isLetter(token.charAt(dot + 1));
  }

  private void push(String frame) {
    if (frames.size() >= MAX_DEPTH) {
      overflow++;
    } else {
      frames.push(frame);
    }
  }

  private void close() {
    if (overflow > 0) {
      overflow--;
    } else if (!frames.isEmpty()) {
      String frame = frames.pop();
      if (!frame.isEmpty()) {
        lastClosed = frame;
      }
    }
  }
}
