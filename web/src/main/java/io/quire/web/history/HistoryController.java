package io.quire.web.history;

import io.quire.common.history.Label;
import io.quire.common.history.LabelStore;
import io.quire.common.history.Version;
import io.quire.common.history.VersionExport;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.history.HistoryViews.Author;
import io.quire.web.history.HistoryViews.ExportView;
import io.quire.web.history.HistoryViews.FileDiff;
import io.quire.web.history.HistoryViews.FileView;
import io.quire.web.history.HistoryViews.LabelRequest;
import io.quire.web.history.HistoryViews.LabelView;
import io.quire.web.history.HistoryViews.ProjectDiff;
import io.quire.web.history.HistoryViews.RestoreRequest;
import io.quire.web.history.HistoryViews.RestoreResult;
import io.quire.web.history.HistoryViews.VersionDetail;
import io.quire.web.history.HistoryViews.VersionPage;
import io.quire.web.history.HistoryViews.VersionView;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.quire.web.system.UserContent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history API: versions with labels, diffs, labels, restore, and version zips (streamed, or
 * built by history-worker as an export job).
 */
@RestController
@Tag(name = "History")
class HistoryController {
  private static final int MAX_COMMENT = 500;
  private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

  private final ProjectAccess access;
  private final VersionStore versions;
  private final LabelStore labels;
  private final UserStore users;
  private final VersionDiffs diffs;
  private final VersionRestore restore;
  private final VersionZip zip;
  private final HistoryExports exports;
  private final JsonMapper json;
  private final WebHistoryProperties properties;

  HistoryController(
      ProjectAccess access,
      VersionStore versions,
      LabelStore labels,
      UserStore users,
      VersionDiffs diffs,
      VersionRestore restore,
      VersionZip zip,
      HistoryExports exports,
      JsonMapper json,
      WebHistoryProperties properties) {
    this.access = access;
    this.versions = versions;
    this.labels = labels;
    this.users = users;
    this.diffs = diffs;
    this.restore = restore;
    this.zip = zip;
    this.exports = exports;
    this.json = json;
    this.properties = properties;
  }

  /** Versions newest first, {@code limit} per page; {@code before} pages to older ones. */
  @Operation(
      operationId = "listVersions",
      summary = "List versions, newest first",
      description =
          "Read access. `limit` per page (default 20, at most QUIRE_HISTORY_MAX_PAGE_SIZE); pass"
              + " the answer's `nextBefore` as `before` for the next, older page. Labels come with"
              + " their versions.")
  @ApiResponse(responseCode = "200", description = "One page of versions")
  @GetMapping("/api/projects/{id}/history/versions")
  VersionPage list(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) Long before,
      @RequestParam(defaultValue = "20") int limit) {
    Project project = access.require(id, user, Access.READ_ONLY);
    int size = Math.max(1, Math.min(limit, properties.maxPageSize()));
    List<Version> page = versions.page(project.id(), before, size);
    List<VersionView> views = views(project.id(), page);
    Long next =
        page.size() == size && page.get(page.size() - 1).number() > 1
            ? page.get(page.size() - 1).number()
            : null;
    return new VersionPage(views, next);
  }

  @Operation(
      operationId = "getVersion",
      summary = "One version with its files",
      description = "Read access. Each file with its path, kind, size and hash.")
  @ApiResponse(responseCode = "200", description = "The version")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such version.")
  @GetMapping("/api/projects/{id}/history/versions/{number}")
  VersionDetail version(
      @AuthenticationPrincipal QuireUser user, @PathVariable String id, @PathVariable long number) {
    Project project = access.require(id, user, Access.READ_ONLY);
    Version version = load(project, number);
    return new VersionDetail(
        views(project.id(), List.of(version)).get(0),
        version.files().stream()
            .map(f -> new FileView(f.path(), f.kind(), f.size(), f.hash()))
            .toList());
  }

  /**
   * Between two versions ({@code to} defaults to the newest, {@code from} to the one before {@code
   * to}): the changed files of the project, or one file's line diff when {@code path} is given.
   */
  @Operation(
      operationId = "diffVersions",
      summary = "Compare two versions",
      description =
          "Read access. `to` defaults to the newest version, `from` to the one before `to`."
              + " Without `path`: the files changed between them; with `path`: that file's line"
              + " diff in hunks.")
  @ApiResponse(
      responseCode = "200",
      description = "The changed files (without `path`) or one file's diff (with `path`)",
      content =
          @Content(
              mediaType = "application/json",
              schema =
                  @Schema(anyOf = {HistoryViews.ProjectDiff.class, HistoryViews.FileDiff.class})))
  @ApiResponse(
      responseCode = "404",
      description =
          "No such project (or no access), no history yet, no such version, or neither version"
              + " has `path`.")
  @GetMapping("/api/projects/{id}/history/diff")
  Object diff(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) Long from,
      @RequestParam(required = false) Long to,
      @RequestParam(required = false) String path) {
    Project project = access.require(id, user, Access.READ_ONLY);
    Version newer =
        to == null
            ? versions
                .latest(project.id())
                .orElseThrow(() -> ApiException.notFound("This project has no history yet."))
            : load(project, to);
    long fromNumber = from == null ? newer.number() - 1 : from;
    Version older =
        fromNumber < 1
            ? new Version(
                project.id(),
                0,
                0,
                List.of(),
                newer.startedAt(),
                newer.startedAt(),
                List.of(),
                List.of(),
                Map.of(),
                0)
            : load(project, fromNumber);
    if (path == null || path.isBlank()) {
      ProjectDiff diff = diffs.project(older, newer);
      return diff;
    }
    FileDiff diff =
        diffs
            .file(older, newer, path)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Neither version "
                            + fromNumber
                            + " nor "
                            + newer.number()
                            + " has "
                            + path
                            + "."));
    return diff;
  }

  @Operation(
      operationId = "createLabel",
      summary = "Label a version",
      description = "Write access. `{version, comment}`, a comment of 1 to 500 characters.")
  @ApiResponse(responseCode = "201", description = "The label")
  @ApiResponse(responseCode = "400", description = "No version, or no or too long a comment.")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such version.")
  @PostMapping("/api/projects/{id}/history/labels")
  @ResponseStatus(HttpStatus.CREATED)
  LabelView label(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestBody LabelRequest body) {
    Project project = access.require(id, user, Access.READ_WRITE);
    if (body == null || body.version() == null) {
      throw ApiException.badRequest("Say which version to label.");
    }
    String comment = body.comment() == null ? "" : body.comment().strip();
    if (comment.isEmpty() || comment.length() > MAX_COMMENT) {
      throw ApiException.badRequest(
          "A label needs a comment of 1 to " + MAX_COMMENT + " characters.");
    }
    load(project, body.version());
    return LabelView.of(labels.create(project.id(), body.version(), comment, user.id()));
  }

  @Operation(operationId = "deleteLabel", summary = "Delete a label", description = "Write access.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such label.")
  @DeleteMapping("/api/projects/{id}/history/labels/{labelId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteLabel(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String labelId) {
    Project project = access.require(id, user, Access.READ_WRITE);
    if (!labels.delete(project.id(), labelId)) {
      throw ApiException.notFound("There is no label " + labelId + ".");
    }
  }

  /** Restores one file ({@code path}) or the whole project to a version. */
  @Operation(
      operationId = "restoreVersion",
      summary = "Restore a file or the whole project to a version",
      description =
          "Write access. `{version, path?}`. The restore is made of ordinary edits, so open"
              + " editors see it and it becomes a version of its own.")
  @ApiResponse(responseCode = "200", description = "The paths restored and deleted")
  @ApiResponse(responseCode = "400", description = "No version given.")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), no such version, or no such file in it.")
  @ApiResponse(
      responseCode = "503",
      description = "A file's content is missing from the store; nothing was changed for it.")
  @PostMapping("/api/projects/{id}/history/restore")
  RestoreResult restore(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestBody RestoreRequest body) {
    Project project = access.require(id, user, Access.READ_WRITE);
    if (body == null || body.version() == null) {
      throw ApiException.badRequest("Say which version to restore.");
    }
    Version version = load(project, body.version());
    if (body.path() != null && !body.path().isBlank()) {
      return restore.file(project, version, body.path().strip(), user.id());
    }
    return restore.project(project, version, user.id());
  }

  /**
   * A version as a zip. Versions whose files add up to at most {@code QUIRE_HISTORY_DIRECT_ZIP_MAX}
   * are streamed at once; a larger one is built as an export job: the answer is then {@code 202}
   * with the export's status (poll its {@code statusUrl}), or a {@code 303} to the built zip once
   * it is ready, so a link to this URL keeps working for every size.
   */
  @Operation(
      operationId = "downloadVersion",
      summary = "Download a version as a zip",
      description =
          "Read access. A version whose files add up to at most QUIRE_HISTORY_DIRECT_ZIP_MAX (20"
              + " MB) is streamed at once; a larger one is built as an export job: `202` with the"
              + " export (poll its `statusUrl`), then `303` to the built zip once it is ready.")
  @ApiResponse(
      responseCode = "200",
      description = "The zip, as an attachment",
      content = @Content(mediaType = "application/zip"))
  @ApiResponse(
      responseCode = "202",
      description = "Too large to stream: the export being built",
      headers = {
        @Header(
            name = "Location",
            description = "The export's status URL",
            schema = @Schema(type = "string")),
        @Header(
            name = "Retry-After",
            description = "Seconds before asking again",
            schema = @Schema(type = "integer"))
      },
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = HistoryViews.ExportView.class)))
  @ApiResponse(
      responseCode = "303",
      description = "The export is ready: `Location` is its zip",
      headers =
          @Header(
              name = "Location",
              description = "The built zip",
              schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such version.")
  @ApiResponse(responseCode = "503", description = "The export job could not be queued.")
  @GetMapping("/api/projects/{id}/history/versions/{number}/download.zip")
  ResponseEntity<StreamingResponseBody> download(
      @AuthenticationPrincipal QuireUser user, @PathVariable String id, @PathVariable long number) {
    Project project = access.require(id, user, Access.READ_ONLY);
    Version version = load(project, number);
    if (VersionZip.contentSize(version) > properties.directZipMax().toBytes()) {
      ExportView export = ExportView.of(exports.request(project, version, user.id()));
      if (export.downloadUrl() != null) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
            .location(URI.create(export.downloadUrl()))
            .build();
      }
      // written as JSON by hand: this method's answers are streams. No Content-Length: reaching it
      // would commit the response, and the session with it, from the streaming thread while the
      // request thread may still be saving that session
      byte[] body = json.writeValueAsBytes(export);
      return ResponseEntity.accepted()
          .location(URI.create(export.statusUrl()))
          .header(HttpHeaders.RETRY_AFTER, "2")
          .contentType(MediaType.APPLICATION_JSON)
          .body(out -> out.write(body));
    }
    return zipOf(project, number).on(ResponseEntity.ok()).body(out -> zip.write(version, out));
  }

  /**
   * Asks for a version's zip built by history-worker: {@code 202} with the export's status while it
   * is queued or being built, {@code 200} when an export of that version is ready already.
   */
  @Operation(
      operationId = "exportVersion",
      summary = "Have a version's zip built",
      description =
          "Read access. Built by history-worker and kept for QUIRE_HISTORY_EXPORT_TTL (1 h);"
              + " asking again while one is queued, being built or ready hands out that export.")
  @ApiResponse(responseCode = "200", description = "A zip of this version is ready already")
  @ApiResponse(responseCode = "202", description = "Queued or being built; poll its `statusUrl`")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such version.")
  @ApiResponse(responseCode = "503", description = "The export job could not be queued.")
  @PostMapping("/api/projects/{id}/history/versions/{number}/zip")
  ResponseEntity<ExportView> export(
      @AuthenticationPrincipal QuireUser user, @PathVariable String id, @PathVariable long number) {
    Project project = access.require(id, user, Access.READ_ONLY);
    Version version = load(project, number);
    ExportView export = ExportView.of(exports.request(project, version, user.id()));
    return ResponseEntity.status(export.downloadUrl() != null ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .location(URI.create(export.statusUrl()))
        .body(export);
  }

  @Operation(
      operationId = "getExport",
      summary = "A version export's state",
      description =
          "Read access. `status` queued, running, ready or failed (with `error`), `files`, `size`,"
              + " `missing` (paths whose content was lost), `expiresAt`, `downloadUrl` once ready.")
  @ApiResponse(responseCode = "200", description = "The export")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such export (or it expired).")
  @GetMapping("/api/projects/{id}/history/exports/{exportId}")
  ExportView exportStatus(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String exportId) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return ExportView.of(exports.find(project, exportId));
  }

  @Operation(
      operationId = "downloadExport",
      summary = "Download a built version zip",
      description = "Read access.")
  @ApiResponse(
      responseCode = "200",
      description = "The zip, as an attachment",
      content = @Content(mediaType = "application/zip"))
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such export (or it expired).")
  @ApiResponse(
      responseCode = "409",
      description = "The zip is still being built, or failed (`status` says which).")
  @GetMapping("/api/projects/{id}/history/exports/{exportId}/download.zip")
  ResponseEntity<StreamingResponseBody> exportDownload(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String exportId) {
    Project project = access.require(id, user, Access.READ_ONLY);
    VersionExport export = exports.find(project, exportId);
    switch (export.status()) {
      case QUEUED, RUNNING ->
          throw ApiException.conflict(
                  "The zip of version "
                      + export.version()
                      + " is still being built; try again soon.")
              .with("status", export.status().wireName());
      case FAILED ->
          throw ApiException.conflict(
                  "The zip of version "
                      + export.version()
                      + " could not be built: "
                      + export.error()
                      + " Ask for a new one.")
              .with("status", export.status().wireName());
      case READY -> {}
    }
    InputStream content =
        exports
            .open(export)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "The zip of version " + export.version() + " expired; ask for a new one."));
    // no Content-Length, as in download(): a small zip would reach it at once and commit the
    // session from the streaming thread
    return zipOf(project, export.version())
        .on(ResponseEntity.ok())
        .body(
            out -> {
              try (InputStream in = content) {
                in.transferTo(out);
              }
            });
  }

  private static UserContent zipOf(Project project, long number) {
    return UserContent.download(project.name().strip() + "-v" + number + ".zip", ZIP);
  }

  private Version load(Project project, long number) {
    return versions
        .find(project.id(), number)
        .orElseThrow(() -> ApiException.notFound("There is no version " + number + "."));
  }

  private List<VersionView> views(String projectId, List<Version> page) {
    Map<Long, List<LabelView>> byVersion = new HashMap<>();
    for (Label label : labels.forVersions(projectId, page.stream().map(Version::number).toList())) {
      byVersion.computeIfAbsent(label.version(), v -> new ArrayList<>()).add(LabelView.of(label));
    }
    Map<String, Author> authors = new HashMap<>();
    List<VersionView> views = new ArrayList<>();
    for (Version v : page) {
      List<Author> named =
          v.authors().stream()
              .map(
                  userId ->
                      authors.computeIfAbsent(
                          userId,
                          u ->
                              new Author(
                                  u, users.findById(u).map(User::name).orElse("unknown user"))))
              .toList();
      views.add(
          new VersionView(
              v.number(),
              named,
              v.startedAt(),
              v.endedAt(),
              v.changes(),
              byVersion.getOrDefault(v.number(), List.of())));
    }
    return views;
  }
}
