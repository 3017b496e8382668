package io.quire.web.compile;

import io.quire.common.compile.CompileStore;
import io.quire.common.project.Access;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.quire.web.system.UserContent;
import java.time.Duration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves compile outputs from the cache. Returned as a resource, so Spring answers {@code Range}
 * requests (PDF.js loads large PDFs in ranges); build ids never change content, so clients may
 * cache them. A compile writes what the project tells it to, so outputs are user content: the log
 * is shown as text, everything else is a download.
 */
@RestController
class BuildController {
  private final ProjectAccess access;
  private final CompileStore store;

  BuildController(ProjectAccess access, CompileStore store) {
    this.access = access;
    this.store = store;
  }

  @GetMapping("/api/projects/{id}/builds/{buildId}/{file:.+}")
  ResponseEntity<Resource> output(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String buildId,
      @PathVariable String file) {
    access.require(id, user, Access.READ_ONLY);
    byte[] bytes =
        store
            .output(id, buildId, file)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "No output " + file + " for build " + buildId + "; compile again."));
    return UserContent.file(file, isText(file))
        .on(ResponseEntity.ok())
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
        .body(new ByteArrayResource(bytes));
  }

  /** The log and the compiler's output are text; the PDF and SyncTeX data are not. */
  static boolean isText(String file) {
    return file.endsWith(".log") || file.endsWith(".blg") || file.endsWith(".stdout");
  }
}
