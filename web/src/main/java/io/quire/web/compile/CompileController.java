package io.quire.web.compile;

import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileResult;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The compile API of DESIGN §10. */
@RestController
@Tag(name = "Compiles")
class CompileController {
  private final ProjectAccess access;
  private final CompileService compiles;
  private final CompileStore store;
  private final CompileWaiter waiter;
  private final WebCompileProperties properties;
  private final TexImages images;

  CompileController(
      ProjectAccess access,
      CompileService compiles,
      CompileStore store,
      CompileWaiter waiter,
      WebCompileProperties properties,
      TexImages images) {
    this.access = access;
    this.images = images;
    this.compiles = compiles;
    this.store = store;
    this.waiter = waiter;
    this.properties = properties;
  }

  record StopRequest(String jobId) {}

  /** The TeX images a project may choose ({@code PATCH /api/projects/{id} {texImage}}). */
  record ImagesView(String defaultImage, List<String> images) {}

  @Operation(
      operationId = "listTexImages",
      summary = "The TeX images a project may choose",
      description =
          "Any signed-in user; the default and the images on offer (PATCH a project's"
              + " `texImage`).")
  @ApiResponse(responseCode = "200", description = "The default image and the choices")
  @GetMapping("/api/compile/images")
  ImagesView images() {
    return new ImagesView(images.defaultImage(), images.offered());
  }

  @Operation(
      operationId = "compile",
      summary = "Compile a project",
      description =
          "Read access is enough (a compile changes nothing of the project). Every body field is"
              + " optional: `compiler`, `rootPath`, `draft`, `stopOnFirstError`, `timeoutSeconds`,"
              + " `priority` (interactive, background), `wait`. An unchanged project answers from"
              + " the cache at once (`cached: true`); the same inputs while a compile runs join it;"
              + " a newer compile of the same user supersedes an older one still queued. Without"
              + " `wait` the answer is `queued` or `running`: poll GET .../compile/{jobId}, or hear"
              + " `compile.completed` on the collaboration socket.")
  @ApiResponse(
      responseCode = "200",
      description = "The compile: queued, running, or finished (with `wait`, or from the cache)")
  @ApiResponse(
      responseCode = "400",
      description =
          "A bad option: compiler, priority or timeout out of range, no or a wrong root document,"
              + " too many files.")
  @ApiResponse(responseCode = "413", description = "The project is larger than the compile limit.")
  @ApiResponse(
      responseCode = "503",
      description = "The job queue is unreachable; nothing was lost.")
  @PostMapping("/api/projects/{id}/compile")
  CompileView compile(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestBody(required = false) CompileRequest body)
      throws InterruptedException {
    CompileRequest request = body == null ? CompileRequest.empty() : body;
    // read-only collaborators may compile too: it changes nothing of the project
    Project project = access.require(id, user, Access.READ_ONLY);
    CompileService.Submitted submitted = compiles.submit(project, user.id(), request);
    if (submitted.cached()) {
      return CompileView.finished(id, submitted.jobId(), submitted.cachedResult(), true, null);
    }
    if (Boolean.TRUE.equals(request.waitForResult())) {
      int waitSeconds =
          Math.min(
              properties.maxWaitSeconds(),
              (request.timeoutSeconds() == null
                      ? (int) properties.defaultTimeout().toSeconds()
                      : request.timeoutSeconds())
                  + 60);
      return view(
          id, waiter.await(submitted.jobId(), Duration.ofSeconds(waitSeconds)), submitted.jobId());
    }
    return view(id, Optional.ofNullable(submitted.state()), submitted.jobId());
  }

  @Operation(
      operationId = "getCompile",
      summary = "A compile's state or result",
      description =
          "Read access is enough. `queued` with `queuePosition`, `running` with `elapsedMs`, or the"
              + " result; a superseded compile answers with the newer one and `supersededBy`.")
  @ApiResponse(responseCode = "200", description = "The compile")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such compile of it (or it expired).")
  @GetMapping("/api/projects/{id}/compile/{jobId}")
  CompileView status(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String jobId) {
    access.require(id, user, Access.READ_ONLY);
    return view(id, store.state(jobId).filter(s -> s.projectId().equals(id)), jobId);
  }

  @Operation(
      operationId = "stopCompile",
      summary = "Stop a queued or running compile",
      description =
          "`jobId`, or the caller's latest compile of the project. The owner and writers may stop"
              + " anyone's compile (without `jobId` and none of their own: whichever runs); a"
              + " read-only member only their own (nothing is stopped when they have none).")
  @ApiResponse(responseCode = "202", description = "Stopping: `{status: \"stopping\"}`")
  @ApiResponse(
      responseCode = "403",
      description = "A read-only member named someone else's compile.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or `jobId` is no compile of this project.")
  @PostMapping("/api/projects/{id}/compile/stop")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, String> stop(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestBody(required = false) StopRequest body) {
    Project project = access.require(id, user, Access.READ_ONLY);
    boolean mayStopOthers = access.accessOf(project, user).orElseThrow().allows(Access.READ_WRITE);
    compiles.stop(project, user.id(), mayStopOthers, body == null ? null : body.jobId());
    return Map.of("status", "stopping");
  }

  private CompileView view(String projectId, Optional<CompileJobState> found, String jobId) {
    CompileJobState state =
        found.orElseThrow(
            () -> ApiException.notFound("There is no compile " + jobId + " (or it expired)."));
    if (state.supersededBy() != null && state.result() == null) {
      // a newer compile of the same user replaced this one: answer with that one's state
      Optional<CompileJobState> newer = store.state(state.supersededBy());
      if (newer.isPresent()) {
        CompileView view = view(projectId, newer, state.supersededBy());
        return new CompileView(
            jobId,
            view.status(),
            view.buildId(),
            view.cached(),
            view.queuePosition(),
            view.elapsedMs(),
            view.outputFiles(),
            view.errors(),
            view.warnings(),
            view.timings(),
            view.preambleCached(),
            state.supersededBy());
      }
    }
    CompileResult result = state.result();
    Integer position = result == null ? compiles.queuePosition(state).orElse(null) : null;
    return CompileView.of(projectId, state, false, position, Instant.now());
  }
}
