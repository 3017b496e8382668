package io.quire.compile.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log into lines. TeX breaks every transcript line after {@code max_print_line} (79 unless
 * the environment says otherwise) characters, cutting file names and messages in two; pdfTeX and
 * LuaTeX count bytes, XeTeX counts characters. Working on bytes lets a line cut in the middle of a
 * UTF-8 sequence be joined before it is decoded. A line is joined with the next only when it is
 * exactly that wide and the next one does not start a message of its own, so the log of a compile
 * run with a huge {@code max_print_line} comes through unchanged.
 */
final class LogLines {
  static final int WRAP_WIDTH = 79;

  private LogLines() {}

  /** The logical lines of a TeX transcript, wrapped lines joined. */
  static List<String> unwrapped(byte[] log) {
    List<byte[]> physical = split(log);
    List<String> logical = new ArrayList<>(physical.size());
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < physical.size(); i++) {
      byte[] line = physical.get(i);
      joined.writeBytes(line);
      boolean continues =
          i + 1 < physical.size()
              && isFullWidth(line)
              && !startsOwnMessage(decode(line), decode(physical.get(i + 1)));
      if (!continues) {
        logical.add(decode(joined.toByteArray()));
        joined.reset();
      }
    }
    return logical;
  }

  /** The lines as written, for logs that nobody wraps (BibTeX and Biber). */
  static List<String> physical(byte[] log) {
    List<byte[]> physical = split(log);
    List<String> lines = new ArrayList<>(physical.size());
    for (byte[] line : physical) {
      lines.add(decode(line));
    }
    return lines;
  }

  private static boolean isFullWidth(byte[] line) {
    if (line.length == WRAP_WIDTH) {
      return true;
    }
    int characters = 0;
    for (byte b : line) {
      if ((b & 0xC0) != 0x80) {
        characters++;
      }
    }
    return characters == WRAP_WIDTH;
  }

  /**
   * A full-width line followed by a message start is a line that happened to end at the margin: TeX
   * starts messages on a fresh line, and after a break at the margin it has nothing left to break.
   * A "file:line:" start only counts when the full line is not itself the start of such a path,
   * since long paths of -file-line-error messages are cut like anything else.
   */
  private static boolean startsOwnMessage(String line, String next) {
    if (next.startsWith("! ") || TexWarningReader.startsWarning(next)) {
      return true;
    }
    return line.indexOf(':') >= 0 && TexErrorReader.FILE_LINE_ERROR.matcher(next).matches();
  }

  private static List<byte[]> split(byte[] log) {
    List<byte[]> lines = new ArrayList<>();
    if (log == null) {
      return lines;
    }
    int start = 0;
    for (int i = 0; i <= log.length; i++) {
      if (i == log.length || log[i] == '\n') {
        int end = i;
        if (end > start && log[end - 1] == '\r') {
          end--;
        }
        if (i < log.length || end > start) {
          byte[] line = new byte[end - start];
          System.arraycopy(log, start, line, 0, line.length);
          lines.add(line);
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
