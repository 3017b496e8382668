package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.Compiler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatexmkCommandTest {
  @Test
  void latexmkIgnoresEveryRcFileAndNeverAllowsShellEscape() {
    List<String> argv =
        LatexmkCommand.argv(new CompileOptions(Compiler.PDFLATEX, "main.tex", false, false, 60));

    assertThat(argv)
        .containsExactly(
            "latexmk",
            "-norc",
            "-pdf",
            "-jobname=output",
            "-interaction=batchmode",
            "-file-line-error",
            "-synctex=1",
            "-no-shell-escape",
            "-f",
            "./main.tex");
  }

  @Test
  void aRootNamedLikeAnOptionIsPassedAsARelativeFileName() {
    for (String root : List.of("-pdflatex=touch x;.tex", "--shell-escape.tex", "-e/x.tex")) {
      List<String> argv =
          LatexmkCommand.argv(new CompileOptions(Compiler.PDFLATEX, root, false, false, 60));

      assertThat(argv.get(argv.size() - 1)).isEqualTo("./" + root);
      assertThat(argv.subList(0, argv.size() - 1)).doesNotContain(root);
    }
  }

  @Test
  void eachCompilerHasItsLatexmkModeAndLatexGoesThroughDvipdfmx() {
    assertThat(argvOf(Compiler.XELATEX)).contains("-xelatex").doesNotContain("-pdf");
    assertThat(argvOf(Compiler.LUALATEX)).contains("-lualatex").doesNotContain("-pdf");
    List<String> latex = argvOf(Compiler.LATEX);
    assertThat(latex).contains("-pdfdvi");
    int e = latex.indexOf("-e");
    assertThat(latex.get(e + 1)).isEqualTo("$dvipdf = 'dvipdfmx %O -o %D %S';");
    for (Compiler compiler : Compiler.values()) {
      assertThat(argvOf(compiler))
          .as(compiler.wireName())
          .contains("-norc", "-no-shell-escape")
          .noneMatch(arg -> arg.contains("shell-escape") && !arg.equals("-no-shell-escape"));
    }
  }

  @Test
  void stopOnFirstErrorHaltsWhereTheDefaultKeepsGoing() {
    List<String> halting =
        LatexmkCommand.argv(
            new CompileOptions(Compiler.PDFLATEX, "chapters/main.tex", false, true, 60));

    assertThat(halting).contains("-halt-on-error").doesNotContain("-f");
    assertThat(halting.get(halting.size() - 1)).isEqualTo("./chapters/main.tex");
  }

  @Test
  void draftPassesDraftToGraphicsBeforeTheDocumentStarts() {
    List<String> draft =
        LatexmkCommand.argv(new CompileOptions(Compiler.PDFLATEX, "main.tex", true, false, 60));

    assertThat(draft)
        .contains(
            "-usepretex=\\PassOptionsToPackage{draft}{graphicx}"
                + "\\PassOptionsToPackage{draft}{graphics}");
  }

  @Test
  void aFormatOverrideAndForceAreAddedWhenAsked() {
    List<String> argv =
        LatexmkCommand.argv(
            new CompileOptions(Compiler.PDFLATEX, "main.tex", false, false, 60),
            "-pdflatex=pdflatex -fmt=x %O %S",
            true);

    assertThat(argv).contains("-pdflatex=pdflatex -fmt=x %O %S", "-g");
  }

  @Test
  void texSeesOnlyItsOwnEnvironmentWithParanoidFileAccess() {
    Map<String, String> env = LatexmkCommand.environment();

    assertThat(env)
        .containsEntry("openin_any", "p")
        .containsEntry("openout_any", "p")
        .containsEntry("shell_escape", "f")
        .containsEntry("PATH", "/usr/bin:/bin")
        .containsEntry("TEXMFVAR", "/compile/.texmf-var");
    assertThat(env.keySet())
        .containsExactlyInAnyOrder(
            "PATH",
            "HOME",
            "LANG",
            "TEXMFVAR",
            "openin_any",
            "openout_any",
            "shell_escape",
            "max_print_line",
            "error_line",
            "half_error_line");
  }

  @Test
  void latexmkIsForcedOnlyWhereItsDatabaseCannotTell() {
    String signature =
        DirectRun.signature(new CompileOptions(Compiler.PDFLATEX, "main.tex", false, false, 60));
    LastRun settled = new LastRun(signature, true, 0);
    LastRun failed = new LastRun(signature, false, 0);

    assertThat(CompileRunner.latexmkMustForce(null, signature, Set.of())).isTrue();
    assertThat(CompileRunner.latexmkMustForce(settled, signature, Set.of("main.tex"))).isFalse();
    assertThat(
            CompileRunner.latexmkMustForce(
                new LastRun(signature.replace("false", "true"), true, 0), signature, Set.of()))
        .as("other options")
        .isTrue();
    assertThat(CompileRunner.latexmkMustForce(failed, signature, Set.of()))
        .as("a failed run, nothing changed")
        .isTrue();
    assertThat(CompileRunner.latexmkMustForce(failed, signature, Set.of("main.tex")))
        .as("a failed run, then an edit latexmk sees")
        .isFalse();
  }

  private static List<String> argvOf(Compiler compiler) {
    return LatexmkCommand.argv(new CompileOptions(compiler, "main.tex", false, false, 60));
  }
}
