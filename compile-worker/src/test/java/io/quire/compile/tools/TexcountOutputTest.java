package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.common.compile.rpc.FileWordCount;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.WordCount;
import io.quire.common.compile.rpc.WordCounts;
import org.junit.jupiter.api.Test;

class TexcountOutputTest {

  @Test
  void theTemplateAsksForEveryCountAndTheTitleOnOneTabSeparatedLine() {
    assertThat(TexcountOutput.TEMPLATE)
        .isEqualTo("QUIRE-COUNT\t{1}\t{2}\t{3}\t{4}\t{5}\t{6}\t{7}\t{TITLE}\\n");
  }

  @Test
  void givenIncludedFilesItGivesEachFileAndTheTotal() {
    // texcount 3.2 with -inc over a main file that \inputs one chapter
    String output =
        """
        QUIRE-COUNT\t8\t1\t4\t1\t1\t1\t1\tFile: ./main.tex
        QUIRE-COUNT\t13\t1\t0\t1\t0\t0\t0\tIncluded file: ./chapters/two.tex
        Sum of files: ./main.tex
        QUIRE-COUNT\t21\t2\t4\t2\t1\t1\t1\tFile(s) total: ./main.tex
        """;

    WordCount count = TexcountOutput.parse("main.tex", output);

    assertThat(count.file()).isEqualTo("main.tex");
    assertThat(count.total()).isEqualTo(new WordCounts(21, 2, 4, 2, 1, 1, 1));
    assertThat(count.files())
        .containsExactly(
            new FileWordCount("main.tex", new WordCounts(8, 1, 4, 1, 1, 1, 1)),
            new FileWordCount("chapters/two.tex", new WordCounts(13, 1, 0, 1, 0, 0, 0)));
    assertThat(count.messages()).isEmpty();
  }

  @Test
  void givenASingleFileItsCountIsTheTotal() {
    String output = "QUIRE-COUNT\t5\t0\t0\t0\t0\t2\t0\tFile: ./notes/a b.tex\n";

    WordCount count = TexcountOutput.parse("notes/a b.tex", output);

    assertThat(count.total()).isEqualTo(new WordCounts(5, 0, 0, 0, 0, 2, 0));
    assertThat(count.files()).extracting(FileWordCount::file).containsExactly("notes/a b.tex");
  }

  @Test
  void complaintsAreKeptAsMessagesAndFilesOutsideTheProjectCountOnlyInTheTotal() {
    String output =
        """

        !!! File chapters/missing.tex not found in path [./]. !!!
        QUIRE-COUNT\t3\t0\t0\t0\t0\t0\t0\tFile: ./main.tex
        QUIRE-COUNT\t100\t0\t0\t0\t0\t0\t0\tIncluded file: /usr/share/texmf/tex/x.tex
        Sum of files: ./main.tex
        QUIRE-COUNT\t103\t0\t0\t0\t0\t0\t0\tFile(s) total: ./main.tex
        (errors:1)
        """;

    WordCount count = TexcountOutput.parse("main.tex", output);

    assertThat(count.total().textWords()).isEqualTo(103);
    assertThat(count.files()).extracting(FileWordCount::file).containsExactly("main.tex");
    assertThat(count.messages())
        .containsExactly("File chapters/missing.tex not found in path [./].");
  }

  @Test
  void linesThatOnlyLookLikeCountsAreIgnored() {
    String output =
        """
        QUIRE-COUNT\tmany\t0\t0\t0\t0\t0\t0\tFile: ./fake.tex
        QUIRE-COUNT\t1\t0
        QUIRE-COUNT\t4\t0\t0\t0\t0\t0\t0\tFile: ./main.tex
        """;

    assertThat(TexcountOutput.parse("main.tex", output).files())
        .extracting(FileWordCount::file)
        .containsExactly("main.tex");
  }

  @Test
  void givenNoCountAtAllItFailsWithTexcountsComplaint() {
    String output = "!!! File not found or not readable: ./main.tex !!!\n";

    assertThatThrownBy(() -> TexcountOutput.parse("main.tex", output))
        .isInstanceOfSatisfying(
            ToolException.class, e -> assertThat(e.reason()).isEqualTo(ToolFailure.Reason.FAILED))
        .hasMessageContaining("not found or not readable");
  }
}
