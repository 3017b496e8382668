package io.quire.compile.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceWorkspacesTest {

  @Test
  void imagesPdfsAndFontsAreNotCopiedForTheTools() {
    assertThat(SourceWorkspaces.isSource("figures/plot.PNG")).isFalse();
    assertThat(SourceWorkspaces.isSource("paper.pdf")).isFalse();
    assertThat(SourceWorkspaces.isSource("fonts/a.otf")).isFalse();
  }

  @Test
  void texSourcesAndUnknownFilesAre() {
    assertThat(SourceWorkspaces.isSource("main.tex")).isTrue();
    assertThat(SourceWorkspaces.isSource("refs.bib")).isTrue();
    assertThat(SourceWorkspaces.isSource("data/table.csv")).isTrue();
    assertThat(SourceWorkspaces.isSource("Makefile")).isTrue();
    assertThat(SourceWorkspaces.isSource("v1.2/README")).isTrue();
  }
}
