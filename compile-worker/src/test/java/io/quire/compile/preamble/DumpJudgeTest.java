package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.blob.Hashes;
import io.quire.compile.sandbox.SandboxResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump's verdict from the files it left, as TeX writes them. */
class DumpJudgeTest {
  private static final SandboxResult DONE =
      new SandboxResult(0, false, false, "", false, Duration.ofSeconds(1));
  private static final String FLS =
      """
      PWD /compile
      INPUT /usr/share/texlive/texmf-dist/tex/latex/mylatexformat/mylatexformat.ltx
      INPUT ./main.tex
      INPUT ./mystyle.sty
      OUTPUT .quire-formats/build/output.log
      OUTPUT .quire-formats/build/output.fmt
      """;

  @TempDir Path sources;
  private Path build;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(sources.resolve("main.tex"), "\\documentclass{article}");
    Files.writeString(sources.resolve("mystyle.sty"), "\\ProvidesPackage{mystyle}");
    build = FormatFiles.prepareBuildDir(sources);
  }

  @Test
  void aCleanDumpPassesAndIsKnownByThePackageFilesItRead() throws Exception {
    dumped("Beginning to dump on file output.fmt\n", FLS, 1000);

    DumpJudge.Verdict verdict = judge(DONE, 1 << 20);

    assertThat(verdict.refusal()).isNull();
    assertThat(verdict.inputs())
        .containsExactly(
            java.util.Map.entry(
                "mystyle.sty",
                Hashes.sha256("\\ProvidesPackage{mystyle}".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aDumpThatFailedOrRanOutOfTimeIsRefusedWithItsFirstError() throws Exception {
    dumped("(./main.tex\n./main.tex:3: Undefined control sequence.\n! Emergency stop.\n", FLS, 10);

    assertThat(judge(DONE, 1 << 20).refusal())
        .isEqualTo("the dump failed: ./main.tex:3: Undefined control sequence.");
    assertThat(
            judge(new SandboxResult(-1, true, false, "", false, Duration.ZERO), 1 << 20).refusal())
        .isEqualTo("the dump did not finish in time");
  }

  @Test
  void aPreambleThatSetsUpAnIndexReadsOutsideOrWritesFilesGetsNoFormat() throws Exception {
    dumped("Writing index file output.idx\n", FLS, 10);
    assertThat(judge(DONE, 1 << 20).refusal()).contains("index or glossary");

    dumped("", FLS + "INPUT ../other/secret.tex\n", 10);
    assertThat(judge(DONE, 1 << 20).refusal())
        .isEqualTo("the preamble read files outside the project: [../other/secret.tex]");

    dumped("", FLS + "OUTPUT notes.txt\n", 10);
    assertThat(judge(DONE, 1 << 20).refusal())
        .isEqualTo("the preamble wrote files while dumped: [notes.txt]");
  }

  @Test
  void anInputTheSandboxReplacedByALinkRefusesTheFormat() throws Exception {
    Files.delete(sources.resolve("mystyle.sty"));
    Files.createSymbolicLink(sources.resolve("mystyle.sty"), sources.resolve("main.tex"));
    dumped("", FLS, 10);

    DumpJudge.Verdict verdict = judge(DONE, 1 << 20);

    assertThat(verdict.refusal())
        .isEqualTo("the preamble read mystyle.sty, which is not a plain file");
    assertThat(verdict.inputs()).isEmpty();
  }

  @Test
  void aMissingEmptyOrOversizedFormatIsRefused() throws Exception {
    dumped("", FLS, 0);
    assertThat(judge(DONE, 1 << 20).refusal()).isEqualTo("the dump wrote no format");

    dumped("", FLS, 2048);
    assertThat(judge(DONE, 1024).refusal())
        .isEqualTo("the format is larger than a compile may write");
  }

  @Test
  void theFirstErrorOfALogIsCutToTwoHundredCharacters() {
    assertThat(DumpJudge.firstError("fine\n! " + "x".repeat(300) + "\n! second")).hasSize(200);
    assertThat(DumpJudge.firstError("no error here")).isEqualTo("(no TeX error in the log)");
  }

  private void dumped(String log, String fls, int formatBytes) throws Exception {
    Files.writeString(build.resolve("output.log"), log, StandardCharsets.ISO_8859_1);
    Files.writeString(build.resolve("output.fls"), fls);
    Files.deleteIfExists(build.resolve("output.fmt"));
    Files.write(build.resolve("output.fmt"), new byte[formatBytes]);
  }

  private DumpJudge.Verdict judge(SandboxResult result, long maxFileBytes) throws Exception {
    return DumpJudge.judge("main.tex", sources, build, result, maxFileBytes);
  }
}
