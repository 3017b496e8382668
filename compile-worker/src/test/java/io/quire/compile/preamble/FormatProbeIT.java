package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.Compiler;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.UnsafeLocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The empty-page probe of a format the host's TeX Live dumped with mylatexformat. */
class FormatProbeIT {
  @TempDir Path sources;

  private final UnsafeLocalRunner sandbox = new UnsafeLocalRunner();
  private final FormatProbe probe = new FormatProbe(sandbox);

  @Test
  void aFormatThatKeepsThePreamblesEffectPasses() throws Exception {
    dump(Compiler.PDFLATEX, "\\documentclass{article}\n\\usepackage{amsmath}\n");

    assertThat(probe.probe("main.tex", engine(Compiler.PDFLATEX), sources, FormatBuilderIT.SPEC))
        .isNull();
  }

  @Test
  void aPreambleThatWritesObjectsIntoThePdfIsCaughtByComparingTheTwoPages() throws Exception {
    dump(Compiler.PDFLATEX, "\\documentclass{article}\n\\immediate\\pdfobj{<< /Quire 1 >>}\n");

    assertThat(probe.probe("main.tex", engine(Compiler.PDFLATEX), sources, FormatBuilderIT.SPEC))
        .startsWith("the format's PDF differs from the plain preamble's");
  }

  @Test
  void aDviFormatOnlyHasToLoad() throws Exception {
    dump(Compiler.LATEX, "\\documentclass{article}\n");

    assertThat(probe.probe("main.tex", engine(Compiler.LATEX), sources, FormatBuilderIT.SPEC))
        .isNull();
    assertThat(sources.resolve(".quire-formats/build/probe-plain")).doesNotExist();
  }

  @Test
  void aFormatThatCannotLoadIsRefusedWithTheProbesError() throws Exception {
    FormatFiles.prepareBuildDir(sources);
    Files.write(sources.resolve(".quire-formats/build/output.fmt"), new byte[] {1, 2, 3});
    Files.writeString(sources.resolve("main.tex"), "\\documentclass{article}\n\\begin{document}\n");

    assertThat(probe.probe("main.tex", engine(Compiler.PDFLATEX), sources, FormatBuilderIT.SPEC))
        .startsWith("an empty page with the format failed: ");
  }

  private void dump(Compiler compiler, String preamble) throws Exception {
    Files.writeString(
        sources.resolve("main.tex"), preamble + "\\begin{document}\nBody\n\\end{document}\n");
    FormatFiles.prepareBuildDir(sources);
    SandboxResult dumped =
        FormatBuilderIT.SPEC.run(
            sandbox, sources, FormatBuilder.dumpArgv(engine(compiler), "main.tex"));
    assertThat(dumped.exitCode()).as(dumped.output()).isZero();
  }

  private static PreambleCache.Engine engine(Compiler compiler) {
    return PreambleCache.engine(compiler).orElseThrow();
  }
}
