package io.quire.common.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileClassifierTest {
  private static final byte[] TEX = "\\section{Ü}\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aUtf8FileWithATextExtensionWithinTheLimitIsADocument() {
    assertThat(FileClassifier.asDocText("chapters/Intro.TEX", TEX, 1024))
        .contains("\\section{Ü}\n");
    assertThat(FileClassifier.asDocText("latexmkrc", TEX, 1024)).isPresent();
  }

  @Test
  void anUnknownExtensionInvalidUtf8OrAnOversizedTextIsABinaryFile() {
    assertThat(FileClassifier.asDocText("figures/plot.png", TEX, 1024)).isEmpty();
    assertThat(FileClassifier.asDocText("main.tex", new byte[] {(byte) 0xC3, 0x28}, 1024))
        .isEmpty();
    assertThat(FileClassifier.asDocText("main.tex", TEX, TEX.length - 1)).isEmpty();
  }
}
