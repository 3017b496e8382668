package io.quire.common.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TexFileNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main.tex",
        "-pdflatex=touch x;.tex",
        "--shell-escape.tex",
        "-norc/main.tex",
        "my thesis.tex",
        "it's (a) #1 & {b}; c|d, [e] <f> !g @h=+.tex",
        "&pdflatex.tex",
        "Kapitel über Sätze.tex",
        "a^b_c.tex"
      })
  void namesTexReadsAsAFileNameMayBeTheRoot(String name) {
    assertThat(TexFileNames.rootProblem(name)).isEmpty();
    assertThat(TexFileNames.argument(name)).isEqualTo("./" + name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "`touch x`.tex",
        "$(touch x).tex",
        "say \"x\".tex",
        "100%.tex",
        "a~b.tex",
        "x^^5cinput.tex",
        "two  spaces.tex",
        "del\u007f.tex",
        "new\nline.tex",
        "../up.tex",
        "/abs.tex",
        ""
      })
  void namesAShellOrTexWouldReadOtherwiseAreRefusedWithAReason(String name) {
    assertThat(TexFileNames.rootProblem(name)).isPresent().get().asString().startsWith("it ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x;touch y|", "x| ", "a.tex ", "../a.tex"})
  void texcountRefusesNamesPerlWouldOpenAsACommandOrAnotherFile(String name) {
    assertThat(TexFileNames.texcountProblem(name)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"main.tex", "-inc.tex", "|x.tex", "a|b.tex", "<x.tex", "my thesis.tex"})
  void texcountTakesEveryOtherName(String name) {
    assertThat(TexFileNames.texcountProblem(name)).isEmpty();
  }
}
