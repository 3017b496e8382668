package io.quire.compile.tools;

import io.quire.common.compile.rpc.ChktexReport;
import io.quire.common.compile.rpc.ChktexRequest;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.contract.ManifestEntry;
import io.quire.compile.sandbox.SandboxResult;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks with chktex over the project's current sources, following {@code \input} like LaTeX.
 * {@code -q} drops the banner; the output format is given with {@code -f} rather than chosen with
 * {@code -v}, because the numbered formats live in chktex's global configuration ({@code
 * /etc/chktexrc} on Debian, mounted read-only into the sandbox) and this keeps the output parseable
 * even where that file is missing.
 *
 * <p>chktex also reads a {@code .chktexrc} in the directory it runs in, so a project can tune its
 * own checks (silence a warning, declare its macros) as it would on a desktop; all such a file can
 * change is this project's own report.
 *
 * <p>Exit codes: 0 nothing found, 2 warnings, 3 errors found; 1 means chktex itself failed.
 */
public final class ChktexTool {
  private final SourceWorkspaces workspaces;
  private final ToolSandbox sandbox;

  public ChktexTool(SourceWorkspaces workspaces, ToolSandbox sandbox) {
    this.workspaces = workspaces;
    this.sandbox = sandbox;
  }

  ChktexReport check(ChktexRequest request) {
    Set<String> projectFiles =
        request.manifest().stream().map(ManifestEntry::path).collect(Collectors.toSet());
    return workspaces.withSources(
        request.projectId(),
        request.manifest(),
        request.file(),
        workspace -> {
          SandboxResult result = sandbox.run("chktex", workspace.sources(), argv(request.file()));
          if (result.exitCode() != 0 && result.exitCode() != 2 && result.exitCode() != 3) {
            throw new ToolException(
                ToolFailure.Reason.FAILED,
                "chktex failed (exit "
                    + result.exitCode()
                    + "): "
                    + SynctexTool.firstLines(result.output()));
          }
          return ChktexOutput.parse(
              request.file(), result.output(), projectFiles, result.outputTruncated());
        });
  }

  static List<String> argv(String file) {
    return List.of("chktex", "-q", "-f", ChktexOutput.FORMAT, SandboxPaths.argument(file));
  }
}
