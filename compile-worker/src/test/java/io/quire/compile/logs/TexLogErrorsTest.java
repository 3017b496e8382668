package io.quire.compile.logs;

import static io.quire.compile.logs.LogFixtures.texLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors of real pdfTeX, XeTeX and LuaTeX runs; the documents sit next to the logs under {@code
 * src/test/resources/logs}, so every expected file and line can be checked against the source.
 */
class TexLogErrorsTest {

  private static final String LONG_NAME =
      "chapters/appendix-with-a-really-long-directory-name/a-section-file-with-a-long-name.tex";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "errors/pdflatex-file-line-error.log",
        "errors/pdflatex-classic.log",
        "errors/pdflatex-file-line-error-wide.log",
        "errors/pdflatex-classic-wide.log",
        "errors/pdflatex-absolute-paths.log"
      })
  void givenTheSameBrokenDocumentEveryStyleOfLogYieldsTheSameErrorsWithFileAndLine(String log) {
    assertThat(texLog(log).errors())
        .containsExactly(
            latex("chapters/intro.tex", 5, "Undefined control sequence: \\alsoundefined"),
            latex(
                "chapters/intro.tex",
                8,
                "LaTeX Error: \\begin{itemize} on input line 6 ended by \\end{enumerate}."),
            latex("main.tex", 8, "Undefined control sequence: \\undefinedmacro"),
            latex("main.tex", 10, "Missing $ inserted."),
            latex("main.tex", 11, "Missing $ inserted."),
            latex(LONG_NAME, 4, "Too many }'s."));
    assertThat(texLog(log).warnings()).isEmpty();
  }

  @Test
  void givenAnUndefinedControlSequenceInASubfileItReportsThatFileAndLine() {
    LogEntry first = texLog("errors/pdflatex-classic.log").errors().get(0);

    assertThat(first.file()).isEqualTo("chapters/intro.tex");
    assertThat(first.line()).isEqualTo(5);
    assertThat(first.message()).contains("\\alsoundefined");
  }

  @Test
  void givenUnbalancedParenthesesInTheQuotedSourceTheFileStackStillReturnsToTheMainFile() {
    // the context of the first error quotes "(and an open paren." from chapters/intro.tex
    assertThat(texLog("errors/pdflatex-classic.log").errors())
        .filteredOn(entry -> entry.message().contains("\\undefinedmacro"))
        .extracting(LogEntry::file)
        .containsExactly("main.tex");
  }

  @Test
  void givenAFileNameWiderThanTheLogItJoinsTheWrappedNameBackTogether() {
    assertThat(texLog("errors/pdflatex-classic.log").errors())
        .last()
        .isEqualTo(latex(LONG_NAME, 4, "Too many }'s."));
  }

  @Test
  void givenPathsUnderTheWorkspaceMountItReportsThemRelativeToTheProject() {
    assertThat(texLog("errors/pdflatex-absolute-paths.log").errors())
        .extracting(LogEntry::file)
        .allSatisfy(file -> assertThat(file).doesNotStartWith("/").doesNotStartWith("./"))
        .contains("main.tex", "chapters/intro.tex");
  }

  @Test
  void givenTexRanInASubdirectoryItResolvesDotSlashAgainstThatDirectory() {
    ParsedLog log =
        LogParser.parse(
            LogFixtures.bytes("errors/pdflatex-classic.log"), null, "/compile", "thesis");

    assertThat(log.errors().get(0).file()).isEqualTo("thesis/chapters/intro.tex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fatal/pdflatex-file-line-error.log", "fatal/pdflatex-classic.log"})
  void givenAMissingPackageItReportsTheMissingFileAndTheEmergencyStopWhereTexStopped(String log) {
    // TeX had read on to line 4 looking for an optional argument when it gave up
    assertThat(texLog(log).errors())
        .containsExactly(
            latex("main.tex", 4, "LaTeX Error: File `doesnotexist.sty' not found."),
            latex("main.tex", 4, "Emergency stop: cannot \\read from terminal in nonstop modes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"runaway/pdflatex-file-line-error.log", "runaway/pdflatex-classic.log"})
  void givenRunawayArgumentsItReportsWhereTexNoticedThemAndTheFileThatEnded(String log) {
    assertThat(texLog(log).errors())
        .containsExactly(
            latex("main.tex", 5, "File ended while scanning use of \\@xdblarg."),
            latex("main.tex", null, "File ended while scanning use of \\textbf ."),
            latex(null, null, "Emergency stop: job aborted, no legal \\end found"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "package-error/pdflatex-file-line-error.log",
        "package-error/pdflatex-classic.log"
      })
  void givenPackageErrorsItReportsTheirMessagesAndBlamesTexLiveErrorsOnTheLoadingFile(String log) {
    // babel fails inside babel.sty, loaded from line 3 of main.tex: its line would mislead
    assertThat(texLog(log).errors())
        .containsExactly(
            latex(
                "main.tex",
                null,
                "Package babel Error: Unknown option 'klingon'. Either you misspelled it or the"
                    + " language definition file klingon.ldf was not found."),
            latex(
                "chapters/colours.tex",
                3,
                "Package xcolor Error: Undefined color `nonexistentcolour'."));
  }

  @Test
  void givenAFatalLatex3ErrorItKeepsOnlyTheFirstParagraphOfTheMessage() {
    assertThat(texLog("unicode/pdflatex-classic.log").errors())
        .first()
        .isEqualTo(
            latex(
                "main.tex",
                null,
                "Fatal Package fontspec Error: The fontspec package requires either XeTeX or"
                    + " LuaTeX."));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unicode/xelatex-file-line-error.log",
        "unicode/lualatex-file-line-error.log",
        "unicode/lualatex-classic.log"
      })
  void givenXelatexAndLualatexLogsItFindsTheErrorInAFileWithANonAsciiName(String log) {
    assertThat(texLog(log).errors())
        .containsExactly(
            latex("chapters/überblick.tex", 3, "Undefined control sequence: \\unbekannt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spaces/pdflatex-classic.log", "spaces/lualatex-classic.log"})
  void givenAFileNameWithASpaceQuotedOrNotItKeepsTheWholeName(String log) {
    assertThat(texLog(log).errors())
        .containsExactly(latex("my chapter.tex", 1, "Undefined control sequence: \\oops"));
  }

  private static LogEntry latex(String file, Integer line, String message) {
    return new LogEntry(file, line, message, "latex");
  }
}
