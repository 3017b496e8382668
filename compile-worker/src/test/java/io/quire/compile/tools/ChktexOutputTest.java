package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.compile.rpc.ChktexReport;
import io.quire.common.compile.rpc.ChktexWarning;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChktexOutputTest {
  private static final Set<String> PROJECT = Set.of("main.tex", "chapters/three.tex");

  @Test
  void theFormatIsOneTabSeparatedLinePerFinding() {
    assertThat(ChktexOutput.FORMAT).isEqualTo("QUIRE-CHECK\t%f\t%l\t%c\t%d\t%n\t%k\t%m\n");
  }

  @Test
  void givenFindingsItGivesFileLineColumnCodeAndMessage() {
    // chktex 1.7.8 over a file that \inputs a chapter
    String output =
        """
        QUIRE-CHECK\t./main.tex\t4\t12\t1\t2\tWarning\tNon-breaking space (`~') should have been used.
        QUIRE-CHECK\tchapters/three.tex\t1\t5\t3\t11\tWarning\tYou should use \\ldots to achieve an ellipsis.
        """;

    ChktexReport report = ChktexOutput.parse("main.tex", output, PROJECT, false);

    assertThat(report.warnings())
        .containsExactly(
            new ChktexWarning(
                "main.tex",
                4,
                12,
                1,
                2,
                "warning",
                "Non-breaking space (`~') should have been used."),
            new ChktexWarning(
                "chapters/three.tex",
                1,
                5,
                3,
                11,
                "warning",
                "You should use \\ldots to achieve an ellipsis."));
    assertThat(report.truncated()).isFalse();
    assertThat(report.messages()).isEmpty();
  }

  @Test
  void aFileCheckedTwiceReportsEachFindingOnce() {
    String line = "QUIRE-CHECK\tchapters/three.tex\t1\t5\t3\t11\tWarning\tUse \\ldots.\n";

    ChktexReport report = ChktexOutput.parse("main.tex", line + line, PROJECT, false);

    assertThat(report.warnings()).hasSize(1);
  }

  @Test
  void findingsOutsideTheProjectAreDroppedAndOtherLinesAreMessages() {
    String output =
        """
        chktex: WARNING -- Unable to open the TeX file `chapters/gone.tex'.
        QUIRE-CHECK\t/usr/share/texlive/texmf-dist/tex/latex/foo.sty\t3\t1\t1\t1\tWarning\tx
        QUIRE-CHECK\t../outside.tex\t3\t1\t1\t1\tWarning\tx
        QUIRE-CHECK\tmain.tex\tthree\t1\t1\t1\tWarning\tx
        QUIRE-CHECK\tchapters/three\t2\t1\t1\t1\tWarning\tCommand terminated with space.
        """;

    ChktexReport report = ChktexOutput.parse("main.tex", output, PROJECT, false);

    assertThat(report.warnings())
        .containsExactly(
            new ChktexWarning(
                "chapters/three.tex", 2, 1, 1, 1, "warning", "Command terminated with space."));
    assertThat(report.messages())
        .containsExactly("WARNING -- Unable to open the TeX file `chapters/gone.tex'.");
  }

  @Test
  void aHugeReportIsCutAndSaysSo() {
    StringBuilder output = new StringBuilder();
    for (int i = 1; i <= ChktexOutput.MAX_WARNINGS + 5; i++) {
      output.append("QUIRE-CHECK\tmain.tex\t").append(i).append("\t1\t1\t1\tWarning\tx\n");
    }

    ChktexReport report = ChktexOutput.parse("main.tex", output.toString(), PROJECT, false);

    assertThat(report.warnings()).hasSize(ChktexOutput.MAX_WARNINGS);
    assertThat(report.truncated()).isTrue();
  }

  @Test
  void outputCutByTheSandboxMakesTheReportTruncated() {
    ChktexReport report = ChktexOutput.parse("main.tex", "", PROJECT, true);

    assertThat(report.truncated()).isTrue();
  }
}
