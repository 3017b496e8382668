package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileOutputsTest {
  @TempDir Path sources;
  @TempDir Path host;

  @Test
  void aSymlinkInPlaceOfAnOutputIsNeverCollected() throws Exception {
    Path secret = Files.writeString(host.resolve("shadow"), "root:secret");
    Files.createSymbolicLink(sources.resolve("output.pdf"), secret);
    Files.writeString(sources.resolve("output.log"), "This is pdfTeX");

    CompileOutputs.Collected collected = CompileOutputs.collect(sources, "stdout", 1 << 20);

    assertThat(collected.files()).containsOnlyKeys("output.log", "output.stdout");
  }

  @Test
  void outputsOverTheSizeCapAreLeftOutAndFlagged() throws Exception {
    Files.write(sources.resolve("output.pdf"), new byte[4096]);
    Files.writeString(sources.resolve("output.log"), "log");

    CompileOutputs.Collected collected = CompileOutputs.collect(sources, "", 1024);

    assertThat(collected.tooLarge()).isTrue();
    assertThat(collected.files()).doesNotContainKey("output.pdf");
  }

  @Test
  void clearingThePreviousRunRemovesOutputsAndPlantedLinksButNotTheirTargets() throws Exception {
    Path target = Files.writeString(host.resolve("keep"), "keep");
    Files.createSymbolicLink(sources.resolve("output.pdf"), target);
    Files.writeString(sources.resolve("output.log"), "old log");

    CompileOutputs.clearPrevious(sources);

    assertThat(sources.resolve("output.pdf")).doesNotExist();
    assertThat(sources.resolve("output.log")).doesNotExist();
    assertThat(target).hasContent("keep");
  }
}
