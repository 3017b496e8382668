package io.quire.compile.logs;

import static io.quire.compile.logs.LogFixtures.blgLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.LogEntry;
import org.junit.jupiter.api.Test;

/**
 * BibTeX and Biber logs of real runs on the broken databases under {@code logs/bibtex} and {@code
 * logs/biber*}.
 */
class BibliographyLogsTest {

  @Test
  void givenABrokenBibFileBibtexErrorsPointAtTheBibFileAndLine() {
    assertThat(blgLog("bibtex/bibtex.blg").errors())
        .containsExactly(
            bibtex(
                "bib/refs.bib",
                5,
                "I was expecting a `,' or a `}' (the error may be on the previous line)"),
            bibtex("bib/refs.bib", 20, "Repeated entry: dup"));
  }

  @Test
  void givenBibtexWarningsItReportsMissingEntriesAndTheLineOfAnIgnoredField() {
    assertThat(blgLog("bibtex/bibtex.blg").warnings())
        .contains(
            bibtex("bib/refs.bib", 30, "I'm ignoring noauthor's extra \"title\" field"),
            bibtex(null, null, "I didn't find a database entry for \"ghost\""),
            bibtex(null, null, "empty publisher in knuth"))
        .allSatisfy(entry -> assertThat(entry.kind()).isEqualTo("bibtex"));
  }

  @Test
  void givenAMissingDatabaseFileItReportsTheErrorWithoutPointingIntoTheAuxFile() {
    assertThat(blgLog("bibtex/bibtex-missing-database.blg").errors())
        .first()
        .isEqualTo(bibtex(null, null, "I couldn't open database file missing.bib"));
  }

  @Test
  void givenABiberSyntaxErrorItMapsBibersTemporaryCopyBackToTheBibFile() {
    ParsedLog log = blgLog("biber/biber.blg");

    assertThat(log.errors())
        .containsExactly(
            biber(
                "bib/refs.bib",
                5,
                "syntax error: found \"publisher\", expected end of entry (\"}\" or \")\")"
                    + " (skipping to next \"@\")"));
    assertThat(log.warnings())
        .containsExactly(
            biber(
                "bib/refs.bib",
                null,
                "Duplicate entry key: 'lamport' in file 'bib/refs.bib', skipping ..."));
  }

  @Test
  void givenBiberWarningsItReportsJunkWithItsLineAndMissingEntriesWithoutOne() {
    assertThat(blgLog("biber-warnings/biber.blg").warnings())
        .containsExactly(
            biber(
                "bib/refs.bib",
                null,
                "Entry 'lamport' (bib/refs.bib): Invalid format '1994-13-45' of date field 'date'"
                    + " - ignoring"),
            biber("bib/refs.bib", 8, "8 characters of junk seen at toplevel"),
            biber(null, null, "I didn't find a database entry for 'ghost' (section 0)"));
  }

  @Test
  void givenAnOlderBiberNamingTheCopyAfterTheBibFileItFindsTheRightOneOfSeveral() {
    String blg =
        """
        [0] Config.pm:311> INFO - This is Biber 2.12
        [80] bibtex.pm:1468> INFO - Found BibTeX data source 'refs/books.bib'
        [81] bibtex.pm:1468> INFO - Found BibTeX data source 'refs/articles.bib'
        [90] Utils.pm:169> ERROR - BibTeX subsystem: /tmp/biber_tmp_x1/articles.bib_4242.utf8, \
        line 17, syntax error: found "year", expected "," or end of entry
        """;

    assertThat(LogParser.parse(null, blg, "/compile").errors())
        .containsExactly(
            biber(
                "refs/articles.bib",
                17,
                "syntax error: found \"year\", expected \",\" or end of entry"));
  }

  @Test
  void givenATexLogAndABlgItReturnsBothTexEntriesFirst() {
    ParsedLog log =
        LogParser.parse(
            LogFixtures.bytes("errors/pdflatex-classic.log"),
            LogFixtures.bytes("bibtex/bibtex.blg"),
            "/compile");

    assertThat(log.errors()).extracting(LogEntry::kind).startsWith("latex").endsWith("bibtex");
  }

  private static LogEntry bibtex(String file, Integer line, String message) {
    return new LogEntry(file, line, message, "bibtex");
  }

  private static LogEntry biber(String file, Integer line, String message) {
    return new LogEntry(file, line, message, "biber");
  }
}
