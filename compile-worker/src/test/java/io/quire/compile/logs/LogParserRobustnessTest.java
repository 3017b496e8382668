package io.quire.compile.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A log comes from a run that may have crashed, been killed or been fed anything: parsing must
 * never throw, and its output must stay bounded. The random inputs are seeded so failures repeat.
 */
class LogParserRobustnessTest {

  private static final String[] LOG_WORDS = {
    "(",
    ")",
    "(./a.tex",
    "(/compile/b.tex",
    "! ",
    "./a.tex:3: ",
    "l.12 ",
    "\n",
    "\n\n",
    "LaTeX Warning: ",
    "Package x Warning: ",
    "(x)  ",
    "on input line 9.",
    "Overfull \\hbox (1pt" + " too wide) in paragraph at lines 1--2",
    "Runaway argument?",
    "Missing character: ",
    "Emergency stop.",
    "*** (",
    "---line 5 of file r.bib",
    "Warning--",
    "[1] a.pm:1> ERROR - ",
    "BibTeX subsystem: /tmp/x_1.utf8, line ",
    "\"",
    "ü",
    "\u0000",
    "\r",
    " "
  };

  static Stream<String> fixtures() {
    return Stream.of(
        "errors/pdflatex-classic.log",
        "errors/pdflatex-file-line-error.log",
        "warnings/pdflatex-classic.log",
        "fatal/pdflatex-classic.log",
        "unicode/lualatex-classic.log",
        "bibtex/bibtex.blg",
        "biber/biber.blg");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void givenARealLogCutOffAnywhereItNeverThrows(String fixture) {
    byte[] log = LogFixtures.bytes(fixture);
    Random random = new Random(fixture.hashCode());
    for (int i = 0; i < 200; i++) {
      byte[] truncated = Arrays.copyOf(log, random.nextInt(log.length + 1));
      assertThatCode(() -> LogParser.parse(truncated, truncated, "/compile"))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void givenRandomBytesOrShuffledLogFragmentsItNeverThrows() {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      byte[] noise = new byte[random.nextInt(4000)];
      random.nextBytes(noise);
      StringBuilder fragments = new StringBuilder();
      for (int j = random.nextInt(400); j > 0; j--) {
        fragments.append(LOG_WORDS[random.nextInt(LOG_WORDS.length)]);
        if (random.nextInt(4) == 0) {
          fragments.append(random.nextInt(100));
        }
      }
      String text = fragments.toString();
      assertThatCode(
              () -> {
                LogParser.parse(noise, noise, "/compile");
                LogParser.parse(text, text, "/compile");
                LogParser.parse(text, text, null);
              })
          .doesNotThrowAnyException();
    }
  }

  @Test
  void givenNoLogsOrEmptyLogsItReturnsNothing() {
    assertThat(LogParser.parse((String) null, null)).isEqualTo(new ParsedLog(null, null));
    assertThat(LogParser.parse("", "", "")).isEqualTo(new ParsedLog(null, null));
  }

  @Test
  void givenPathologicalNestingHugeLinesAndEndlessWarningsItsOutputStaysBounded() {
    StringBuilder log = new StringBuilder();
    log.append("(".repeat(100_000)).append('\n').append(")".repeat(150_000)).append('\n');
    log.append("x".repeat(2_000_000)).append('\n');
    for (int i = 0; i < 5_000; i++) {
      log.append("Overfull \\hbox (").append(i).append("pt too wide) detected at line 1\n\n");
      log.append("LaTeX Warning: The same warning again on input line 2.\n\n");
    }

    ParsedLog parsed = LogParser.parse(log.toString(), null, "/compile");

    assertThat(parsed.warnings()).hasSize(Findings.MAX_ENTRIES_PER_LIST);
    assertThat(parsed.warnings())
        .filteredOn(entry -> entry.message().startsWith("The same warning"))
        .hasSize(1);
  }

  @Test
  void givenAnEndlessMessageItKeepsTheMessageShort() {
    String log = "! " + "A very long error. ".repeat(10_000) + "\nl.3 x\n";

    assertThat(LogParser.parse(log.getBytes(StandardCharsets.UTF_8), null, "/compile").errors())
        .singleElement()
        .satisfies(entry -> assertThat(entry.message()).hasSizeLessThan(500).endsWith("…"));
  }
}
