package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatKeyTest {
  private static final Preamble PREAMBLE =
      Preamble.of(
          "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
              .getBytes(StandardCharsets.UTF_8));
  private static final List<String> FILES = List.of("main.tex", "refs.bib", "figures/a.png");

  private static String key(
      String engine, String tex, String root, Preamble p, List<String> files) {
    return FormatKey.of(engine, tex, root, p, files);
  }

  @Test
  void theKeyIsAStableSha256() {
    String key = key("pdflatex", "local:x", "main.tex", PREAMBLE, FILES);

    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(key("pdflatex", "local:x", "main.tex", PREAMBLE, List.of("refs.bib", "main.tex")))
        .isEqualTo(
            key("pdflatex", "local:x", "main.tex", PREAMBLE, List.of("main.tex", "refs.bib")));
  }

  @Test
  void engineTexInstallationRootAndPreambleAllChangeTheKey() {
    String key = key("pdflatex", "local:x", "main.tex", PREAMBLE, FILES);
    Preamble other =
        Preamble.of(
            "\\documentclass{article}\n\\usepackage{pgfplots}\n\\begin{document}\n"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(key("latex", "local:x", "main.tex", PREAMBLE, FILES)).isNotEqualTo(key);
    assertThat(key("pdflatex", "image:quire/texlive:2025", "main.tex", PREAMBLE, FILES))
        .isNotEqualTo(key);
    assertThat(key("pdflatex", "local:x", "thesis.tex", PREAMBLE, FILES)).isNotEqualTo(key);
    assertThat(key("pdflatex", "local:x", "main.tex", other, FILES)).isNotEqualTo(key);
  }

  @Test
  void addingATopLevelPackageFileChangesTheKeyButAnImageOrSubfolderFileDoesNot() {
    String key = key("pdflatex", "local:x", "main.tex", PREAMBLE, FILES);

    assertThat(key("pdflatex", "local:x", "main.tex", PREAMBLE, plus("tikz.sty")))
        .isNotEqualTo(key);
    assertThat(key("pdflatex", "local:x", "main.tex", PREAMBLE, plus("chapter.tex")))
        .isNotEqualTo(key);
    assertThat(key("pdflatex", "local:x", "main.tex", PREAMBLE, plus("logo.png"))).isEqualTo(key);
    assertThat(key("pdflatex", "local:x", "main.tex", PREAMBLE, plus("chapters/one.tex")))
        .isEqualTo(key);
  }

  @Test
  void theShadowingFilesAreTopLevelTexInputs() {
    assertThat(FormatKey.shadowing(List.of("a.sty", "b.CLS", "c.png", "d/e.sty", "f", "g.tex")))
        .containsExactly("a.sty", "b.CLS", "g.tex");
  }

  @Test
  void aRefusedPreambleHasNoKey() {
    assertThatThrownBy(() -> key("pdflatex", "local:x", "main.tex", Preamble.refused("no"), FILES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> plus(String path) {
    return java.util.stream.Stream.concat(FILES.stream(), java.util.stream.Stream.of(path))
        .toList();
  }
}
