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
class SourceCheckController {
  private final ProjectAccess access;
  private final ManifestBuilder manifests;
  private final ToolRpcClient tools;

  SourceCheckController(ProjectAccess access, ManifestBuilder manifests, ToolRpcClient tools) {
    this.access = access;
    this.manifests = manifests;
    this.tools = tools;
  }

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
