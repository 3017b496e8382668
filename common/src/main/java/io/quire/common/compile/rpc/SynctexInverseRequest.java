package io.quire.common.compile.rpc;

/**
 * SyncTeX PDF→code: which place in the sources produced a spot of a build's PDF.
 *
 * @param page 1-based page
 * @param h horizontal position in PDF points (1/72 in) from the left edge of the page
 * @param v vertical position in PDF points from the top edge of the page
 */
public record SynctexInverseRequest(
    String requestId,
    String projectId,
    String requestedBy,
    String buildId,
    int page,
    double h,
    double v)
    implements ToolRequest {
  public SynctexInverseRequest {
    Checks.text(requestId, "requestId");
    Checks.text(projectId, "projectId");
    Checks.text(requestedBy, "requestedBy");
    Checks.text(buildId, "buildId");
    Checks.atLeast(page, 1, "page");
    Checks.finite(h, "h");
    Checks.finite(v, "v");
  }
}
