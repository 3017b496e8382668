package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreambleTest {

  private static Preamble of(String text) {
    return Preamble.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Preamble preamble) {
    return new String(preamble.text(), StandardCharsets.UTF_8);
  }

  @Test
  void thePreambleIsEverythingBeforeBeginDocument() {
    Preamble preamble =
        of(
            "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\nBody\n\\end{document}\n");

    assertThat(preamble.dumpable()).isTrue();
    assertThat(text(preamble)).isEqualTo("\\documentclass{article}\n\\usepackage{tikz}\n");
  }

  @Test
  void textBeforeBeginDocumentOnItsLineBelongsToThePreamble() {
    Preamble preamble = of("\\documentclass{article}\\usepackage{x}\\begin{document}Body");

    assertThat(text(preamble)).isEqualTo("\\documentclass{article}\\usepackage{x}");
  }

  @Test
  void editingTheBodyLeavesThePreambleAsItWas() {
    String head = "\\documentclass{article}\n\\usepackage{amsmath}\n";

    assertThat(of(head + "\\begin{document}\nOne\n\\end{document}"))
        .isEqualTo(of(head + "\\begin{document}\nTwo, longer\n\\end{document}"));
    assertThat(of(head + "\\begin{document}One"))
        .isNotEqualTo(of(head + "\\usepackage{x}\n\\begin{document}One"));
  }

  @Test
  void commentedBeginDocumentIsNotTheEnd() {
    Preamble preamble =
        of(
            "\\documentclass{article}\n% \\begin{document} in a comment\n"
                + "\\def\\p{100\\% sure} % \\begin{document}\n\\begin{document}\nBody");

    assertThat(preamble.dumpable()).isTrue();
    assertThat(text(preamble)).endsWith("\\def\\p{100\\% sure} % \\begin{document}\n");
  }

  @Test
  void anEscapedBackslashBeforePercentStartsAComment() {
    assertThat(Preamble.withoutComment("a\\\\% \\begin{document}")).isEqualTo("a\\\\");
    assertThat(Preamble.withoutComment("a\\% b")).isEqualTo("a\\% b");
  }

  @Test
  void spacesInsideBeginDocumentAreAllowed() {
    assertThat(of("\\documentclass{article}\n\\begin { document }\nx").dumpable()).isTrue();
  }

  @Test
  void aRootFileWithoutBeginDocumentIsRefused() {
    Preamble preamble = of("\\documentclass{article}\n\\input{body}\n");

    assertThat(preamble.dumpable()).isFalse();
    assertThat(preamble.refusal()).contains("no \\begin{document}");
  }

  @Test
  void anotherEnvironmentMentioningDocumentBeforeItIsRefused() {
    // mylatexformat would stop the dump at this \begin
    Preamble preamble =
        of("\\documentclass{article}\n\\begin{mydocument}\n\\end{mydocument}\n\\begin{document}");

    assertThat(preamble.dumpable()).isFalse();
    assertThat(preamble.refusal()).contains("\\begin{mydocument}");
  }

  @Test
  void otherEnvironmentsInThePreambleAreFine() {
    assertThat(
            of("\\documentclass{article}\n\\begin{filecontents}{x.tex}\nx\n\\end{filecontents}\n"
                    + "\\begin{document}")
                .dumpable())
        .isTrue();
  }

  @Test
  void aFirstLineNamingAFormatIsRefused() {
    assertThat(of("%&myformat\n\\documentclass{article}\n\\begin{document}").dumpable()).isFalse();
  }

  @Test
  void bytesThatAreNotUtf8AreKeptAsTheyAre() {
    byte[] latin1 =
        "\\documentclass{article}\n% caf\u00e9\n\\begin{document}\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    Preamble preamble = Preamble.of(latin1);

    assertThat(preamble.text()).hasSize(latin1.length - "\\begin{document}\n".length());
    assertThat(preamble.text()[preamble.text().length - 2]).isEqualTo((byte) 0xe9);
  }
}
