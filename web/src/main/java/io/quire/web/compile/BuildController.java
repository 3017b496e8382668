package io.quire.web.compile;

import io.quire.common.compile.CompileStore;
import io.quire.common.project.Access;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.quire.web.system.UserContent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Compiles")
class BuildController {
  private final ProjectAccess access;
  private final CompileStore store;

  BuildController(ProjectAccess access, CompileStore store) {
    this.access = access;
    this.store = store;
  }

  @Operation(
      operationId = "getBuildOutput",
      summary = "An output file of a build",
      description =
          "Read access is enough. `output.pdf`, `output.log`, `output.synctex.gz`, `output.blg`,"
              + " `output.stdout`, with HTTP Range support (PDF.js loads large PDFs in ranges). The"
              + " log, .blg and stdout are plain text; everything else is a download (ADR 0013).")
  @ApiResponse(
      responseCode = "200",
      description = "The file",
      content = @Content(mediaType = "application/octet-stream"))
  @ApiResponse(responseCode = "206", description = "The range asked for")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such output (expired: compile again).")
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
