package io.quire.compile.job;

import io.quire.common.contract.CompileOptions;
import io.quire.common.project.TexFileNames;
import io.quire.compile.sandbox.SandboxCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latexmk invocation of a compile. {@code -norc} ignores every rc file, including a project's
 * own {@code .latexmkrc} (which latexmk would execute as Perl); shell escape is off for every
 * engine; the job name is fixed so outputs are always {@code output.*}. The root document comes
 * last as {@code ./path} (see {@link TexFileNames}): latexmk and TeX read any argument that starts
 * with {@code -} as an option, wherever it stands.
 */
final class LatexmkCommand {
  static final String JOB_NAME = "output";

  private LatexmkCommand() {}

  static List<String> argv(CompileOptions options) {
    return argv(options, null, false);
  }

  /**
   * @param engineOverride a latexmk option that replaces the engine's command (to load a format of
   *     the preamble), or null
   * @param force run every rule even when latexmk thinks nothing changed (after a failed run with a
   *     format, whose failure latexmk would otherwise repeat without running TeX)
   */
  static List<String> argv(CompileOptions options, String engineOverride, boolean force) {
    List<String> argv = new ArrayList<>();
    argv.add("latexmk");
    argv.add("-norc");
    argv.add(
        switch (options.compiler()) {
          case PDFLATEX -> "-pdf";
          case XELATEX -> "-xelatex";
          case LUALATEX -> "-lualatex";
          case LATEX -> "-pdfdvi";
        });
    if (engineOverride != null) {
      argv.add(engineOverride);
    }
    if (force) {
      argv.add("-g");
    }
    argv.add("-jobname=" + JOB_NAME);
    argv.add("-interaction=batchmode");
    argv.add("-file-line-error");
    argv.add("-synctex=1");
    argv.add("-no-shell-escape");
    if (options.stopOnFirstError()) {
      argv.add("-halt-on-error");
    } else {
      // keep going past errors, so the user still gets a PDF and every error of the run
      argv.add("-f");
    }
    if (options.compiler() == io.quire.common.contract.Compiler.LATEX) {
      // dvipdfmx ships with TeX Live; latexmk's default dvipdf needs Ghostscript
      argv.add("-e");
      argv.add("$dvipdf = 'dvipdfmx %O -o %D %S';");
    }
    if (options.draft()) {
      argv.add(
          "-usepretex=\\PassOptionsToPackage{draft}{graphicx}"
              + "\\PassOptionsToPackage{draft}{graphics}");
    }
    // ./ keeps a root named like an option (-pdflatex=...) a file name for latexmk and TeX
    argv.add(TexFileNames.argument(options.rootPath()));
    return argv;
  }

  /**
   * The whole environment TeX sees: nothing of the worker's. {@code openin_any=p} stops reading
   * files outside the workspace even where the sandbox would allow it; caches go to the workspace.
   */
  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", "/tmp");
    env.put("LANG", "C.UTF-8");
    env.put("TEXMFVAR", SandboxCommand.WORKSPACE_MOUNT + "/.texmf-var");
    env.put("openin_any", "p");
    env.put("openout_any", "p");
    env.put("shell_escape", "f");
    env.put("max_print_line", "10000");
    env.put("error_line", "254");
    env.put("half_error_line", "238");
    return env;
  }
}
