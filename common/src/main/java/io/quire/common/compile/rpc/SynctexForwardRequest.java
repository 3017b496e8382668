package io.quire.common.compile.rpc;

/**
 * SyncTeX code→PDF: where a place in the sources appears in a build's PDF.
 *
 * @param buildId the build whose {@code output.synctex.gz} to search
 * @param file project-relative path of the source file
 * @param line 1-based line
 * @param column 1-based column, or 0 when unknown (pdfTeX records lines only)
 */
public record SynctexForwardRequest(
    String requestId,
    String projectId,
    String requestedBy,
    String buildId,
    String file,
    int line,
    int column)
    implements ToolRequest {
  public SynctexForwardRequest {
    Checks.text(requestId, "requestId");
    Checks.text(projectId, "projectId");
    Checks.text(requestedBy, "requestedBy");
    Checks.text(buildId, "buildId");
    Checks.projectPath(file, "file");
    Checks.atLeast(line, 1, "line");
    Checks.atLeast(column, 0, "column");
  }
}
