package io.quire.compile.tools;

import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.WordCount;
import io.quire.common.compile.rpc.WordCountRequest;
import io.quire.common.project.TexFileNames;
import io.quire.compile.sandbox.SandboxResult;
import java.util.List;

/**
 * Word counts with texcount over the project's current sources. {@code -inc} follows {@code \input}
 * and {@code \include} the way LaTeX does (relative to the project root, where the compile runs),
 * giving a count per file and a total; {@code -utf8} because documents are stored as UTF-8.
 *
 * <p>texcount opens every file with Perl's two-argument {@code open}, which runs a name ending in
 * {@code |} as a shell command: the file given here, and every name after {@code \input} in the
 * document ({@code \input{/usr/bin/touch x|}}). It therefore runs under Perl's taint mode ({@code
 * perl -T}), in which a command built from a file name or a file's content is refused instead of
 * run; the sandbox would contain the command, but a word count has no business running one.
 */
public final class WordCountTool {
  /** How Perl ends a script that tried to run a command from tainted data. */
  static final String TAINT_REFUSAL = "while running with -T switch";

  private final SourceWorkspaces workspaces;
  private final ToolSandbox sandbox;

  public WordCountTool(SourceWorkspaces workspaces, ToolSandbox sandbox) {
    this.workspaces = workspaces;
    this.sandbox = sandbox;
  }

  WordCount count(WordCountRequest request) {
    TexFileNames.texcountProblem(request.file())
        .ifPresent(
            problem -> {
              throw new ToolException(
                  ToolFailure.Reason.INVALID,
                  "Cannot count the words of " + request.file() + ": " + problem + ".");
            });
    return workspaces.withSources(
        request.projectId(),
        request.manifest(),
        request.file(),
        workspace -> {
          SandboxResult result = sandbox.run("texcount", workspace.sources(), argv(request.file()));
          if (result.exitCode() != 0 && result.output().contains(TAINT_REFUSAL)) {
            throw new ToolException(
                ToolFailure.Reason.INVALID,
                "texcount refused to run a command: the document names a file ending in |"
                    + " (after \\input, \\include...), which texcount would run rather than"
                    + " read.");
          }
          if (result.exitCode() != 0) {
            throw new ToolException(
                ToolFailure.Reason.FAILED,
                "texcount failed (exit "
                    + result.exitCode()
                    + "): "
                    + SynctexTool.firstLines(result.output()));
          }
          return TexcountOutput.parse(request.file(), result.output());
        });
  }

  static List<String> argv(String file) {
    return List.of(
        "perl",
        "-T",
        "-S",
        "texcount",
        "-utf8",
        "-inc",
        "-template=" + TexcountOutput.TEMPLATE,
        SandboxPaths.argument(file));
  }
}
