package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCommandLinesTest {
  private static final String OPTION_LIKE = "-htmlfile=x -o y.tex";

  @Test
  void texcountGetsTheFileAsARelativeNameAndRunsUnderTaintChecks() {
    List<String> argv = WordCountTool.argv(OPTION_LIKE);

    assertThat(argv).startsWith("perl", "-T", "-S", "texcount").endsWith("./" + OPTION_LIKE);
    assertThat(argv).doesNotContain(OPTION_LIKE);
  }

  @Test
  void chktexGetsTheFileAsARelativeName() {
    assertThat(ChktexTool.argv(OPTION_LIKE))
        .startsWith("chktex")
        .endsWith("./" + OPTION_LIKE)
        .doesNotContain(OPTION_LIKE);
  }
}
