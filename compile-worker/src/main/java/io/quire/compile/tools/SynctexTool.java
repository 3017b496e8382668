package io.quire.compile.tools;

import io.quire.common.compile.CompileStore;
import io.quire.common.compile.rpc.PdfBoxes;
import io.quire.common.compile.rpc.SourcePosition;
import io.quire.common.compile.rpc.SynctexForwardRequest;
import io.quire.common.compile.rpc.SynctexInverseRequest;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.compile.sandbox.SandboxResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * SyncTeX searches over a stored build. The build's {@code output.synctex.gz} is copied from Redis
 * into a scratch directory and the {@code synctex} command-line tool of TeX Live searches it inside
 * the sandbox, since the file is whatever the document's compile wrote. The file names in it are
 * those TeX saw, {@code /compile/./main.tex}, which is also where the scratch directory is mounted.
 *
 * <p>The PDF itself is not copied: {@code synctex} reads only the SyncTeX file named after it, so
 * an empty placeholder of the PDF's name saves fetching megabytes from Redis for every click.
 */
public final class SynctexTool {
  static final String SYNCTEX = "output.synctex.gz";
  static final String PDF = "output.pdf";

  private final CompileStore store;
  private final ToolSandbox sandbox;
  private final ScratchDirectories scratch;

  public SynctexTool(CompileStore store, ToolSandbox sandbox, ScratchDirectories scratch) {
    this.store = store;
    this.sandbox = sandbox;
    this.scratch = scratch;
  }

  /** Code→PDF: the boxes the source line was typeset into; empty if it produced nothing. */
  PdfBoxes forward(SynctexForwardRequest request) {
    String input =
        request.line() + ":" + request.column() + ":" + SandboxPaths.absolute(request.file());
    String output =
        run(
            request.projectId(),
            request.buildId(),
            List.of("synctex", "view", "-i", input, "-o", SandboxPaths.absolute(PDF)));
    return new PdfBoxes(SynctexOutput.boxes(output));
  }

  /** PDF→code: the source line that produced the spot. */
  SourcePosition inverse(SynctexInverseRequest request) {
    String spot =
        String.format(
            Locale.ROOT,
            "%d:%.3f:%.3f:%s",
            request.page(),
            request.h(),
            request.v(),
            SandboxPaths.absolute(PDF));
    String output =
        run(request.projectId(), request.buildId(), List.of("synctex", "edit", "-o", spot));
    return SynctexOutput.firstProjectPosition(output)
        .orElseThrow(
            () ->
                new ToolException(
                    ToolFailure.Reason.NOT_FOUND,
                    "Nothing of the project's sources was typeset at that spot of page "
                        + request.page()
                        + "."));
  }

  private String run(String projectId, String buildId, List<String> argv) {
    byte[] synctex =
        store
            .output(projectId, buildId, SYNCTEX)
            .orElseThrow(
                () ->
                    new ToolException(
                        ToolFailure.Reason.NOT_FOUND,
                        "Build "
                            + buildId
                            + " has no SyncTeX data (it expired, or the compile made none);"
                            + " compile again."));
    Path dir = null;
    try {
      dir = scratch.create();
      Files.write(dir.resolve(SYNCTEX), synctex);
      Files.createFile(dir.resolve(PDF));
      SandboxResult result = sandbox.run("synctex", dir, argv);
      if (result.exitCode() != 0) {
        throw new ToolException(
            ToolFailure.Reason.FAILED,
            "synctex failed (exit " + result.exitCode() + "): " + firstLines(result.output()));
      }
      return result.output();
    } catch (IOException e) {
      throw new ToolException(
          ToolFailure.Reason.FAILED, "Could not prepare the SyncTeX data of build " + buildId, e);
    } finally {
      ScratchDirectories.delete(dir);
    }
  }

  static String firstLines(String output) {
    String trimmed = output.strip();
    return trimmed.length() > 300 ? trimmed.substring(0, 300) + "..." : trimmed;
  }
}
