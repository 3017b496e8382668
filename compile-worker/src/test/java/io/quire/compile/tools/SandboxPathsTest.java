package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxPathsTest {

  @Test
  void namesInsideTheWorkspaceBecomeProjectRelative() {
    assertThat(SandboxPaths.projectRelative("/compile/./chapters/intro.tex"))
        .isEqualTo("chapters/intro.tex");
    assertThat(SandboxPaths.projectRelative("./main.tex")).isEqualTo("main.tex");
    assertThat(SandboxPaths.projectRelative("chapters/../main.tex")).isEqualTo("main.tex");
  }

  @Test
  void namesOutsideTheWorkspaceHaveNoProjectPath() {
    assertThat(SandboxPaths.projectRelative("/usr/share/texlive/article.cls")).isNull();
    assertThat(SandboxPaths.projectRelative("/compile/../etc/passwd")).isNull();
    assertThat(SandboxPaths.projectRelative("/compiled/main.tex")).isNull();
    assertThat(SandboxPaths.projectRelative("/compile/")).isNull();
    assertThat(SandboxPaths.projectRelative("")).isNull();
    assertThat(SandboxPaths.projectRelative(null)).isNull();
  }

  @Test
  void aFileOnACommandLineIsNeverAnOption() {
    assertThat(SandboxPaths.argument("-shell-escape.tex")).isEqualTo("./-shell-escape.tex");
  }
}
