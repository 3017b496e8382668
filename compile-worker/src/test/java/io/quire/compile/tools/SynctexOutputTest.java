package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.compile.rpc.PdfBox;
import io.quire.common.compile.rpc.SourcePosition;
import org.junit.jupiter.api.Test;

class SynctexOutputTest {

  /** What TeX Live 2022's synctex 1.21 printed for line 5 of a two-page document. */
  private static final String VIEW =
      """
      This is SyncTeX command line utility, version 1.5
      SyncTeX result begin
      Output:/compile/output.pdf
      Page:2
      x:179.153778
      y:134.764618
      h:133.768356
      v:136.701797
      W:343.711060
      H:8.855677
      before:
      offset:-1
      middle:
      after:
      Output:/compile/output.pdf
      Page:2
      x:133.768356
      y:99.895378
      h:133.768356
      v:99.895378
      W:343.711060
      H:0.000000
      before:
      offset:-1
      middle:
      after:
      Output:/compile/output.pdf
      Page:2
      x:179.153778
      y:134.764618
      h:133.768356
      v:136.701797
      W:343.711060
      H:8.855677
      before:
      offset:-1
      middle:
      after:
      SyncTeX result end
      """;

  @Test
  void givenAViewAnswerItListsEachBoxOnceInSynctexOrder() {
    assertThat(SynctexOutput.boxes(VIEW))
        .containsExactly(
            new PdfBox(2, 133.768356, 136.701797, 343.71106, 8.855677),
            new PdfBox(2, 133.768356, 99.895378, 343.71106, 0.0));
  }

  @Test
  void givenNoResultThereAreNoBoxes() {
    String noTag =
        """
        This is SyncTeX command line utility, version 1.5
        SyncTeX Warning: No tag for appendix.tex
        """;

    assertThat(SynctexOutput.boxes(noTag)).isEmpty();
  }

  @Test
  void incompleteOrMalformedRecordsAreSkipped() {
    String broken =
        """
        SyncTeX result begin
        Output:/compile/output.pdf
        Page:2
        h:1.0
        v:2.0
        W:3.0
        Output:/compile/output.pdf
        Page:x
        h:1.0
        v:2.0
        W:3.0
        H:4.0
        Output:/compile/output.pdf
        Page:1
        h:NaN
        v:2.0
        W:3.0
        H:4.0
        Output:/compile/output.pdf
        Page:3
        h:1.5
        v:2.5
        W:3.5
        H:4.5
        SyncTeX result end
        Page:9
        h:1.0
        v:1.0
        W:1.0
        H:1.0
        """;

    assertThat(SynctexOutput.boxes(broken)).containsExactly(new PdfBox(3, 1.5, 2.5, 3.5, 4.5));
  }

  @Test
  void givenAnEditAnswerItGivesTheProjectRelativeFileAndLine() {
    String edit =
        """
        This is SyncTeX command line utility, version 1.5
        SyncTeX result begin
        Output:/compile/output.pdf
        Input:/compile/./chapters/intro.tex
        Line:5
        Column:-1
        Offset:0
        Context:
        SyncTeX result end
        """;

    assertThat(SynctexOutput.firstProjectPosition(edit))
        .contains(new SourcePosition("chapters/intro.tex", 5, null));
  }

  @Test
  void filesOutsideTheProjectAreSkippedForTheNextRecord() {
    String edit =
        """
        SyncTeX result begin
        Output:/compile/output.pdf
        Input:/usr/share/texlive/texmf-dist/tex/latex/base/article.cls
        Line:300
        Column:-1
        Output:/compile/output.pdf
        Input:/compile/../etc/passwd
        Line:1
        Column:-1
        Output:/compile/output.pdf
        Input:/compile/./main.tex
        Line:12
        Column:7
        SyncTeX result end
        """;

    assertThat(SynctexOutput.firstProjectPosition(edit))
        .contains(new SourcePosition("main.tex", 12, 7));
  }

  @Test
  void givenNoEditResultThereIsNoPosition() {
    assertThat(SynctexOutput.firstProjectPosition("This is SyncTeX command line utility\n"))
        .isEmpty();
  }
}
