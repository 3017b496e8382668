package io.quire.compile.tools;

import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.WordCount;
import io.quire.common.compile.rpc.WordCountRequest;
import io.quire.compile.sandbox.SandboxResult;
import java.util.List;

/**
 * Word counts with texcount over the project's current sources. {@code -inc} follows {@code \input}
 * and {@code \include} the way LaTeX does (relative to the project root, where the compile runs),
 * giving a count per file and a total; {@code -utf8} because documents are stored as UTF-8.
 */
final class WordCountTool {
  private final SourceWorkspaces workspaces;
  private final ToolSandbox sandbox;

  WordCountTool(SourceWorkspaces workspaces, ToolSandbox sandbox) {
    this.workspaces = workspaces;
    this.sandbox = sandbox;
  }

  WordCount count(WordCountRequest request) {
    return workspaces.withSources(
        request.projectId(),
        request.manifest(),
        request.file(),
        workspace -> {
          SandboxResult result = sandbox.run("texcount", workspace.sources(), argv(request.file()));
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
        "texcount",
        "-utf8",
        "-inc",
        "-template=" + TexcountOutput.TEMPLATE,
        SandboxPaths.argument(file));
  }
}
