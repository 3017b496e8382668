package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final Set<String> EXPECTED =
      Set.of(".quire-formats/build/output.log", ".quire-formats/build/output.fmt");

  @Test
  void localInputsAreTheWorkspaceFilesThePreambleRead() {
    String fls =
        """
        PWD /compile
        INPUT /etc/texmf/web2c/texmf.cnf
        INPUT /var/lib/texmf/web2c/pdftex/pdflatex.fmt
        OUTPUT .quire-formats/build/output.log
        INPUT main.tex
        INPUT /usr/share/texlive/texmf-dist/tex/latex/mylatexformat/mylatexformat.ltx
        INPUT ./mystyle.sty
        INPUT mystyle.sty
        INPUT ./macros/defs.tex
        INPUT /compile/other.cls
        INPUT /compile/.texmf-var/luatex-cache/x.lua
        OUTPUT .quire-formats/build/output.fmt
        """;

    Recorder recorder = Recorder.parse(fls, "main.tex", EXPECTED);

    assertThat(recorder.inputs()).containsExactly("macros/defs.tex", "mystyle.sty", "other.cls");
    assertThat(recorder.unexpectedOutputs()).isEmpty();
    assertThat(recorder.unsafe()).isEmpty();
  }

  @Test
  void filesWrittenDuringTheDumpAndPathsLeavingTheWorkspaceAreReported() {
    String fls =
        """
        PWD /compile
        INPUT ../other-project/secret.tex
        OUTPUT .quire-formats/build/output.pdf
        OUTPUT /tmp/x.txt
        OUTPUT .quire-formats/build/output.fmt
        """;

    Recorder recorder = Recorder.parse(fls, "main.tex", EXPECTED);

    assertThat(recorder.unsafe()).containsExactly("../other-project/secret.tex");
    assertThat(recorder.unexpectedOutputs())
        .containsExactly(".quire-formats/build/output.pdf", "/tmp/x.txt");
    assertThat(recorder.inputs()).isEmpty();
  }

  @Test
  void aRootFileInASubfolderIsLeftOutOfTheInputs() {
    Recorder recorder =
        Recorder.parse(
            "INPUT ./thesis/main.tex\nINPUT thesis/style.sty\n", "thesis/main.tex", EXPECTED);

    assertThat(recorder.inputs()).containsExactly("thesis/style.sty");
  }
}
