package io.quire.web.compile;

import io.quire.common.compile.CompileStore;
import io.quire.common.compile.rpc.PdfBox;
import io.quire.common.compile.rpc.PdfBoxes;
import io.quire.common.compile.rpc.SourcePosition;
import io.quire.common.compile.rpc.SynctexForwardRequest;
import io.quire.common.compile.rpc.SynctexInverseRequest;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SyncTeX between the editor and the PDF (DESIGN §10), answered by compile-worker over a build's
 * SyncTeX file. Positions are PDF points (1/72 in) from the top-left corner of a page. Read access
 * is enough; {@code buildId} defaults to the user's latest build of the project.
 */
@RestController
@Tag(name = "Source tools")
class SynctexController {
  private final ProjectAccess access;
  private final CompileStore store;
  private final ToolRpcClient tools;

  SynctexController(ProjectAccess access, CompileStore store, ToolRpcClient tools) {
    this.access = access;
    this.store = store;
    this.tools = tools;
  }

  /**
   * Code→PDF.
   *
   * @param boxes where the line was typeset, most precise first; empty when it produced nothing
   */
  record CodeToPdf(String buildId, String file, int line, List<PdfBox> boxes) {}

  /**
   * PDF→code.
   *
   * @param column null when the engine recorded none (pdfTeX records lines only)
   */
  record PdfToCode(String buildId, String file, int line, Integer column) {}

  @Operation(
      operationId = "synctexCodeToPdf",
      summary = "SyncTeX from a source line to PDF boxes",
      description =
          "Read access. `file` and `line` (from 1) required, `column` optional, `buildId` defaults"
              + " to the caller's latest build. Boxes in PDF points from the page's top-left"
              + " corner; a box extends upwards from its baseline `v` by `height`.")
  @ApiResponse(responseCode = "200", description = "Where the line was typeset, most precise first")
  @ApiResponse(responseCode = "400", description = "A missing or malformed parameter.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), file, or build (expired: compile again).")
  @ApiResponse(
      responseCode = "502",
      description = "The tool failed, or the worker's answer could not be read.")
  @ApiResponse(
      responseCode = "503",
      description = "No compile worker is running, or the job queue is unreachable.")
  @ApiResponse(responseCode = "504", description = "No answer in time.")
  @GetMapping("/api/projects/{id}/synctex/code")
  CodeToPdf codeToPdf(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) String file,
      @RequestParam(required = false) String line,
      @RequestParam(required = false) String column,
      @RequestParam(required = false) String buildId) {
    Project project = access.require(id, user, Access.READ_ONLY);
    String path = ToolParams.projectFile(project, "file", ToolParams.required("file", file), null);
    int lineNumber = ToolParams.integer("line", line, 1, null);
    int columnNumber = ToolParams.integer("column", column, 0, 0);
    String build = ToolParams.build(store, id, user.id(), buildId);
    PdfBoxes boxes =
        tools.ask(
            new SynctexForwardRequest(
                UUID.randomUUID().toString(), id, user.id(), build, path, lineNumber, columnNumber),
            PdfBoxes.class);
    return new CodeToPdf(build, path, lineNumber, boxes.boxes());
  }

  @Operation(
      operationId = "synctexPdfToCode",
      summary = "SyncTeX from a PDF position to a source line",
      description =
          "Read access. `page` (from 1), `h` and `v` in PDF points from the page's top-left corner;"
              + " `buildId` defaults to the caller's latest build. `column` is null when the engine"
              + " recorded none (pdfTeX records lines only).")
  @ApiResponse(responseCode = "200", description = "The file, line and column")
  @ApiResponse(responseCode = "400", description = "A missing or malformed parameter.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such build (expired: compile again).")
  @ApiResponse(
      responseCode = "502",
      description = "The tool failed, or the worker's answer could not be read.")
  @ApiResponse(
      responseCode = "503",
      description = "No compile worker is running, or the job queue is unreachable.")
  @ApiResponse(responseCode = "504", description = "No answer in time.")
  @GetMapping("/api/projects/{id}/synctex/pdf")
  PdfToCode pdfToCode(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String h,
      @RequestParam(required = false) String v,
      @RequestParam(required = false) String buildId) {
    access.require(id, user, Access.READ_ONLY);
    int pageNumber = ToolParams.integer("page", page, 1, null);
    double x = ToolParams.coordinate("h", h);
    double y = ToolParams.coordinate("v", v);
    String build = ToolParams.build(store, id, user.id(), buildId);
    SourcePosition position =
        tools.ask(
            new SynctexInverseRequest(
                UUID.randomUUID().toString(), id, user.id(), build, pageNumber, x, y),
            SourcePosition.class);
    return new PdfToCode(build, position.file(), position.line(), position.column());
  }
}
