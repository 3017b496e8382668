package io.quire.web.compile;

import io.quire.common.compile.CompileStore;
import io.quire.common.project.Access;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves compile outputs from the cache. Returned as a resource, so Spring answers {@code Range}
 * requests (PDF.js loads large PDFs in ranges); build ids never change content, so clients may
 * cache them.
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
    return ResponseEntity.ok()
        .contentType(contentType(file))
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
        .body(new ByteArrayResource(bytes));
  }

  static MediaType contentType(String file) {
    if (file.endsWith(".pdf")) {
      return MediaType.APPLICATION_PDF;
    }
    if (file.endsWith(".gz")) {
      return MediaType.parseMediaType("application/gzip");
    }
    return new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);
  }
}
