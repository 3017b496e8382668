package io.quire.compile.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names in a log are project files, and under which project path. */
class WorkspacePathsTest {

  private final WorkspacePaths paths = new WorkspacePaths("/compile/", "");

  @Test
  void givenDotSlashOrTheMountPrefixItReturnsTheProjectRelativePath() {
    assertThat(paths.projectRelative("./main.tex")).isEqualTo("main.tex");
    assertThat(paths.projectRelative("/compile/chapters/intro.tex"))
        .isEqualTo("chapters/intro.tex");
    assertThat(paths.projectRelative("./chapters/../chapters/./intro.tex"))
        .isEqualTo("chapters/intro.tex");
    assertThat(paths.projectRelative("\"./my chapter.tex\"")).isEqualTo("my chapter.tex");
  }

  @Test
  void givenTexLiveFilesOrPathsOutsideTheProjectItReturnsNoProjectPath() {
    assertThat(paths.projectRelative("/usr/share/texlive/texmf-dist/tex/latex/base/article.cls"))
        .isNull();
    assertThat(paths.projectRelative("/compilex/main.tex")).isNull();
    assertThat(paths.projectRelative("./../etc/passwd")).isNull();
    assertThat(paths.projectRelative("/compile")).isNull();
    assertThat(paths.projectRelative("")).isNull();
    assertThat(paths.projectRelative(null)).isNull();
  }
}
