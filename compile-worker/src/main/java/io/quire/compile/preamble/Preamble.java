package io.quire.compile.preamble;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preamble of a root file: its bytes up to {@code \begin{document}}, or why it cannot be dumped
 * into a format.
 *
 * <p>A format made by mylatexformat stops the dump at the first {@code \begin} whose argument
 * contains "document"; a compile with that format skips the root file's lines up to the line that
 * holds that {@code \begin}, comments being invisible to both. Detection here follows the same
 * rule, so the bytes hashed are exactly the ones the format replaces.
 *
 * @param text the bytes before {@code \begin{document}} (empty when refused)
 * @param refusal why no format can stand in for this preamble, or null
 */
public record Preamble(byte[] text, String refusal) {
  /** Larger root files are compiled the plain way; reading them for each compile costs. */
  static final int MAX_ROOT_BYTES = 8 << 20;

  /** What mylatexformat stops at: {@code \begin} with an argument that mentions "document". */
  private static final Pattern STOP = Pattern.compile("\\\\begin\\s*\\{([^}]*)}");

  private static final Pattern BEGIN_DOCUMENT = Pattern.compile("\\s*document\\s*");

  public Preamble {
    text = text == null ? new byte[0] : text;
  }

  public boolean dumpable() {
    return refusal == null;
  }

  static Preamble refused(String reason) {
    return new Preamble(new byte[0], reason);
  }

  /** Finds the preamble of a root file's bytes (any encoding: TeX reads bytes). */
  public static Preamble of(byte[] root) {
    if (root.length > MAX_ROOT_BYTES) {
      return refused("the root file is larger than " + (MAX_ROOT_BYTES >> 20) + " MB");
    }
    // ISO-8859-1 maps every byte to one char, so string offsets are byte offsets
    String text = new String(root, StandardCharsets.ISO_8859_1);
    if (text.startsWith("%&")) {
      return refused("the root file names its own format on its first line");
    }
    int lineStart = 0;
    while (lineStart <= text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      String code = withoutComment(text.substring(lineStart, lineEnd));
      Matcher stop = STOP.matcher(code);
      while (stop.find()) {
        if (!stop.group(1).contains("document")) {
          continue;
        }
        if (!BEGIN_DOCUMENT.matcher(stop.group(1)).matches()) {
          return refused(
              "\\begin{" + stop.group(1) + "} before \\begin{document} would end the dump early");
        }
        return new Preamble(Arrays.copyOfRange(root, 0, lineStart + stop.start()), null);
      }
      lineStart = lineEnd + 1;
    }
    return refused("the root file has no \\begin{document}");
  }

  /** The line up to its first unescaped {@code %}. */
  static String withoutComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) != '%') {
        continue;
      }
      int backslashes = 0;
      for (int j = i - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  public Optional<String> refusalReason() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Preamble p
        && Arrays.equals(text, p.text)
        && java.util.Objects.equals(refusal, p.refusal);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(text) * 31 + java.util.Objects.hashCode(refusal);
  }

  @Override
  public String toString() {
    return dumpable()
        ? "Preamble[" + text.length + " bytes]"
        : "Preamble[refused: " + refusal + "]";
  }
}
