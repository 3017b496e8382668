package io.quire.web.compile;

import io.quire.common.compile.rpc.ChktexReport;
import io.quire.common.compile.rpc.ChktexRequest;
import io.quire.common.compile.rpc.WordCount;
import io.quire.common.compile.rpc.WordCountRequest;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.common.project.TexFileNames;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Word count (texcount) and chktex check of the project as it is now, not as last compiled: web
 * sends the current manifest and compile-worker runs the tool over a copy of the sources. {@code
 * file} defaults to the project's root document; its {@code \input}s and {@code \include}s are
 * followed. Read access is enough.
 */
@RestController
@Tag(name = "Source tools")
class SourceCheckController {
  private final ProjectAccess access;
  private final ManifestBuilder manifests;
  private final ToolRpcClient tools;

  SourceCheckController(ProjectAccess access, ManifestBuilder manifests, ToolRpcClient tools) {
    this.access = access;
    this.manifests = manifests;
    this.tools = tools;
  }

  @Operation(
      operationId = "wordCount",
      summary = "Count the words of the current text (texcount)",
      description =
          "Read access. From `file` (default: the root document), following its \\input and"
              + " \\include; the project as it is now, not as last compiled.")
  @ApiResponse(responseCode = "200", description = "texcount's counts, in total and per file")
  @ApiResponse(
      responseCode = "400",
      description = "A file name texcount cannot open (ending in `|` or a space).")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such file in it.")
  @ApiResponse(
      responseCode = "502",
      description = "The tool failed, or the worker's answer could not be read.")
  @ApiResponse(
      responseCode = "503",
      description = "No compile worker is running, or the job queue is unreachable.")
  @ApiResponse(responseCode = "504", description = "No answer in time.")
  @GetMapping("/api/projects/{id}/wordcount")
  WordCount wordCount(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) String file) {
    Project project = access.require(id, user, Access.READ_ONLY);
    String path = ToolParams.projectFile(project, "file", file, project.rootPath());
    TexFileNames.texcountProblem(path)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(
                  "Cannot count the words of '" + path + "': " + problem + ". Rename the file.");
            });
    return tools.ask(
        new WordCountRequest(
            UUID.randomUUID().toString(), id, user.id(), path, manifests.build(project)),
        WordCount.class);
  }

  /** GET for links and tools, POST for clients that treat a check as an action; the same check. */
  @Operation(
      operationId = "chktex",
      summary = "Check the current text with chktex",
      description =
          "Read access. GET for links and tools, POST for clients that treat a check as an action;"
              + " the same check, from `file` (default: the root document) with its \\input and"
              + " \\include.")
  @ApiResponse(responseCode = "200", description = "chktex's warnings, and whether they were cut")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such file in it.")
  @ApiResponse(
      responseCode = "502",
      description = "The tool failed, or the worker's answer could not be read.")
  @ApiResponse(
      responseCode = "503",
      description = "No compile worker is running, or the job queue is unreachable.")
  @ApiResponse(responseCode = "504", description = "No answer in time.")
  @RequestMapping(
      path = "/api/projects/{id}/chktex",
      method = {RequestMethod.GET, RequestMethod.POST})
  ChktexReport chktex(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) String file) {
    Project project = access.require(id, user, Access.READ_ONLY);
    String path = ToolParams.projectFile(project, "file", file, project.rootPath());
    return tools.ask(
        new ChktexRequest(
            UUID.randomUUID().toString(), id, user.id(), path, manifests.build(project)),
        ChktexReport.class);
  }
}
