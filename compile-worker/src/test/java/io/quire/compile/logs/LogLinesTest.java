package io.quire.compile.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How TeX's line breaking at {@code max_print_line} is undone. */
class LogLinesTest {

  @Test
  void givenALineOfExactly79CharactersItJoinsItWithTheNext() {
    String head = "(./chapters/" + "x".repeat(LogLines.WRAP_WIDTH - 12);
    String log = head + "\nname.tex\nnext line\n";

    assertThat(LogLines.unwrapped(utf8(log))).containsExactly(head + "name.tex", "next line");
  }

  @Test
  void givenPdftexCountingBytesItJoinsALineCutInsideAUtf8Character() {
    byte[] umlaut = "ü".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    log.writeBytes(utf8("LaTeX Warning: Reference `" + "a".repeat(52)));
    log.write(umlaut[0]);
    log.write('\n');
    log.write(umlaut[1]);
    log.writeBytes(utf8("ber' on page 1 undefined on input line 3.\n"));

    assertThat(LogLines.unwrapped(log.toByteArray()))
        .containsExactly(
            "LaTeX Warning: Reference `"
                + "a".repeat(52)
                + "über' on page 1 undefined on input line 3.");
  }

  @Test
  void givenALineEndingAtTheMarginBeforeAMessageOfItsOwnItKeepsThemApart() {
    String full = "Missing character: There is no 漢 (U+6F22) in font [lmroman10-regular]:+tlig;!";
    String log = full + "\n! Undefined control sequence.\nl.3 \\foo\n";

    assertThat(LogLines.unwrapped(utf8(log)))
        .containsExactly(full, "! Undefined control sequence.", "l.3 \\foo");
  }

  @Test
  void givenWindowsLineEndingsAndNoFinalNewlineItStillSplitsCleanly() {
    assertThat(LogLines.unwrapped(utf8("one\r\ntwo\r\n\r\nthree")))
        .containsExactly("one", "two", "", "three");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
