package io.quire.compile.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Following TeX's "(file ... )" through lines that also hold parentheses of other kinds. */
class FileStackTest {

  @Test
  void givenParenthesesThatOpenNoFileTheirClosingDoesNotCloseTheFileAroundThem() {
    FileStack files = new FileStack();
    files.scan("(./main.tex (/usr/share/texlive/texmf-dist/tex/latex/base/size10.clo)");
    files.scan("File: size10.clo 2022/07/02 v1.4n Standard LaTeX file (size option)");
    files.scan("(hyperref)                removing `math shift' (v1.5) [1] (./chapters/a.tex");

    assertThat(files.current()).isEqualTo("./chapters/a.tex");
    files.scan(")");
    assertThat(files.current()).isEqualTo("./main.tex");
    assertThat(files.lastClosed()).isEqualTo("./chapters/a.tex");
  }

  @Test
  void givenNamesWithSpacesQuotedOrNotItKeepsTheWholeName() {
    FileStack files = new FileStack();
    files.scan("(./my chapter.tex [1]");
    assertThat(files.current()).isEqualTo("./my chapter.tex");
    files.scan(") (\"./other file.tex\"");
    assertThat(files.openFiles()).containsExactly("./other file.tex");
  }
}
