package io.quire.compile.logs;

import static io.quire.compile.logs.LogFixtures.texLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quire.common.contract.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Warnings of real runs of {@code logs/warnings/main.tex} and friends, with and without
 * -file-line-error.
 */
class TexLogWarningsTest {

  @ParameterizedTest
  @ValueSource(strings = {"warnings/pdflatex-file-line-error.log", "warnings/pdflatex-classic.log"})
  void givenUndefinedReferencesAndCitationsItClassifiesThemAndReportsFileAndLine(String log) {
    assertThat(texLog(log).warnings())
        .contains(
            new LogEntry(
                "main.tex", 6, "Reference `sec:missing' on page 1 undefined.", "reference"),
            new LogEntry(
                "main.tex",
                6,
                "Package natbib Warning: Citation `nokey' on page 1 undefined.",
                "citation"),
            new LogEntry(
                "chapters/body.tex",
                3,
                "Reference `fig:nowhere' on page 1 undefined.",
                "reference"),
            // TeX cut this one as "...on input lin" / "e 3."
            new LogEntry(
                "chapters/body.tex",
                3,
                "Package natbib Warning: Citation `alsomissing' on page 1 undefined.",
                "citation"));
  }

  @Test
  void givenSummaryWarningsAtTheEndOfARunTheyCarryNeitherFileNorLine() {
    assertThat(texLog("warnings/pdflatex-file-line-error.log").warnings())
        .contains(
            new LogEntry(null, null, "Label `sec:start' multiply defined.", "reference"),
            new LogEntry(null, null, "There were undefined references.", "reference"),
            new LogEntry(null, null, "There were multiply-defined labels.", "reference"),
            new LogEntry(
                null, null, "Package natbib Warning: There were undefined citations.", "citation"));
    assertThat(texLog("warnings/pdflatex-first-pass.log").warnings())
        .contains(
            new LogEntry(
                null,
                null,
                "Label(s) may have changed. Rerun to get cross-references right.",
                "reference"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"warnings/pdflatex-file-line-error.log", "warnings/pdflatex-classic.log"})
  void givenOverfullAndUnderfullBoxesItReportsTheFirstLineOfEachBox(String log) {
    assertThat(texLog(log).warnings())
        .filteredOn(entry -> entry.kind().equals("box"))
        .containsExactly(
            box(5, "Overfull \\hbox (98.01147pt too wide) detected at line 5"),
            box(7, "Overfull \\hbox (266.139pt too wide) in paragraph at lines 7--10"),
            box(11, "Underfull \\vbox (badness 10000) detected at line 11"),
            box(13, "Underfull \\hbox (badness 10000) in paragraph at lines 13--16"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"warnings/pdflatex-file-line-error.log", "warnings/pdflatex-classic.log"})
  void givenABoxDumpQuotingAnUnbalancedParenthesisTheNextWarningIsInTheRightFile(String log) {
    // the dump of the box at body.tex:5 holds "(oops"; the font warning comes from main.tex:9
    assertThat(texLog(log).warnings())
        .contains(
            new LogEntry(
                "main.tex",
                9,
                "LaTeX Font Warning: Font shape `OT1/cmr/bx/sc' undefined using `OT1/cmr/bx/n'"
                    + " instead.",
                "latex"));
  }

  @Test
  void givenAMultiLinePackageWarningRepeatedInTheLogItReportsOneJoinedMessage() {
    assertThat(texLog("warnings/pdflatex-file-line-error.log").warnings())
        .filteredOn(entry -> entry.message().contains("hyperref"))
        .containsExactly(
            new LogEntry(
                "main.tex",
                5,
                "Package hyperref Warning: Token not allowed in a PDF string (Unicode): removing"
                    + " `math shift'.",
                "latex"));
  }

  @Test
  void givenBiblatexWarningsItTellsMissingEntriesFromOtherWarnings() {
    assertThat(texLog("biber-warnings/pdflatex-file-line-error.log").warnings())
        .extracting(LogEntry::kind, LogEntry::file, LogEntry::line)
        .containsExactly(
            tuple("latex", null, null),
            tuple("citation", null, null),
            tuple("citation", "main.tex", 6),
            tuple("reference", null, null),
            tuple("latex", null, null));
  }

  @Test
  void givenCharactersMissingFromTheFontItReportsEachOnceWithoutALocation() {
    assertThat(texLog("unicode/xelatex-file-line-error.log").warnings())
        .containsExactly(
            new LogEntry(
                null,
                null,
                "Missing character: There is no 漢 (U+6F22) in font"
                    + " [lmroman10-regular]:mapping=tex-text;!",
                "latex"),
            new LogEntry(
                null,
                null,
                "Missing character: There is no 字 (U+5B57) in font"
                    + " [lmroman10-regular]:mapping=tex-text;!",
                "latex"));
  }

  @Test
  void givenAPdftexWarningPrintedAfterPageOutputItReportsTheWholeWarning() {
    assertThat(texLog("duplicate-destination/pdflatex-classic.log").warnings())
        .contains(
            new LogEntry(
                null,
                null,
                "pdfTeX warning (ext4): destination with the same identifier (name{page.1}) has"
                    + " been already used, duplicate ignored",
                "latex"));
  }

  private static LogEntry box(int line, String message) {
    return new LogEntry("chapters/body.tex", line, message, "box");
  }
}
