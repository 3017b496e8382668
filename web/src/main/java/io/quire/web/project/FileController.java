package io.quire.web.project;

import io.quire.common.project.Access;
import io.quire.common.project.EntityKind;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.system.ApiException;
import io.quire.web.system.UserContent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Raw file access by path: a text file becomes an editable document, anything else a blob. */
@RestController
@Tag(name = "Files")
class FileController {
  private final ProjectService service;
  private final ProjectAccess access;
  private final ProjectLimits limits;

  FileController(ProjectService service, ProjectAccess access, ProjectLimits limits) {
    this.service = service;
    this.access = access;
    this.limits = limits;
  }

  record PathRequest(@NotBlank String path) {}

  record MoveRequest(@NotBlank String from, @NotBlank String to) {}

  /**
   * The bytes of a file, with an ETag (a document's version, a file's hash), so a client that keeps
   * texts up to date, like the editor's label index, asks again with {@code If-None-Match} and gets
   * a 304 when nothing changed.
   */
  @Operation(
      operationId = "readFile",
      summary = "Read a file's bytes",
      description =
          "Read access is enough. Typed from what Quire knows of the file, never from its bytes:"
              + " editable text and PNG/JPEG/GIF/WebP inline, anything else as a download (ADR"
              + " 0013). The ETag is the document's version or the file's hash; `X-Quire-Kind` says"
              + " `doc` or `file`.")
  @ApiResponse(
      responseCode = "200",
      description = "The file's bytes",
      content = @Content(mediaType = "application/octet-stream"))
  @ApiResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag")
  @ApiResponse(responseCode = "400", description = "The path is a folder or not a valid path.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no file at this path.")
  @GetMapping("/api/projects/{id}/files/{*path}")
  ResponseEntity<byte[]> read(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String path,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    Project project = access.require(id, user, Access.READ_ONLY);
    ProjectService.FileContent content = service.read(project, path);
    String etag = "\"" + content.tag() + "\"";
    if (ifNoneMatch != null
        && java.util.Arrays.stream(ifNoneMatch.split(","))
            .map(String::strip)
            .anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*"))) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
    }
    // the type comes from what Quire knows of the file, never from its bytes: only text and
    // raster images are shown in place, everything else is a download (UserContent)
    UserContent answer =
        UserContent.file(content.entity().path(), content.entity().kind() == EntityKind.DOC);
    return answer
        .on(ResponseEntity.ok())
        .eTag(etag)
        .header("X-Quire-Kind", content.entity().kind().wireName())
        .body(content.bytes());
  }

  /**
   * Writes a file from the raw body. The body is read here, not by a message converter, so that its
   * size is checked against the upload limit before it is read and while it is read (see {@link
   * UploadBodies}).
   */
  @Operation(
      operationId = "writeFile",
      summary = "Create or replace a file from the raw body",
      description =
          "Write access. The body is the file's bytes whatever its Content-Type; UTF-8 text with"
              + " a text extension (up to 2 MB) becomes an editable document, open editors see the"
              + " change live. Refused from its Content-Length before the body is read when it is"
              + " over the upload limit.")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "204", description = "Replaced")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "409",
      description = "A folder has this path, or a parent is a file, or a concurrent change won.")
  @ApiResponse(
      responseCode = "413",
      description = "Over the upload limit or the project's size limit; nothing was stored.")
  @PutMapping("/api/projects/{id}/files/{*path}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      description = "The file's bytes (any Content-Type), at most the upload limit",
      content =
          @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/octet-stream"))
  ResponseEntity<Void> write(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String path,
      HttpServletRequest request)
      throws java.io.IOException {
    access.require(id, user, Access.READ_WRITE);
    String clean = ProjectService.checkPath(path);
    byte[] body = UploadBodies.read(request, limits.maxUpload(), clean);
    boolean created = service.write(id, user.id(), clean, body);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.NO_CONTENT).build();
  }

  /**
   * Uploads one file as a browser form does ({@code file}, optional {@code folder}); the name is
   * the uploaded file's own. Text becomes an editable document, anything else a binary file.
   */
  @Operation(
      operationId = "uploadFile",
      summary = "Upload one file as a browser form does",
      description =
          "Write access. Multipart `file` (its own name is kept) and optional `folder`; text"
              + " becomes an editable document, anything else a binary file. Limited to"
              + " QUIRE_PROJECTS_MAX_UPLOAD (50 MB by default).")
  @ApiResponse(responseCode = "201", description = "Created: `{path, created}`")
  @ApiResponse(responseCode = "200", description = "Replaced an existing file: `{path, created}`")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(responseCode = "409", description = "A folder has this path, or a parent is a file.")
  @ApiResponse(
      responseCode = "413",
      description = "Over the upload limit or the project's size limit; nothing was stored.")
  @PostMapping(path = "/api/projects/{id}/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Map<String, Object>> upload(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam("file") MultipartFile file,
      @RequestParam(name = "folder", required = false) String folder)
      throws java.io.IOException {
    access.require(id, user, Access.READ_WRITE);
    String name = file.getOriginalFilename();
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("The upload has no file name.");
    }
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String path =
        folder == null || folder.isBlank()
            ? name
            : folder.strip().replaceAll("/+$", "") + "/" + name;
    // the multipart parser kept the part on disk and refused a part over the limit; this keeps a
    // part the parser was configured to allow beyond the limit from being read whole into memory
    byte[] content;
    try (java.io.InputStream in = file.getInputStream()) {
      content = UploadBodies.read(in, limits.maxUpload(), ProjectService.checkPath(path));
    }
    boolean created = service.write(id, user.id(), path, content);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
        .body(Map.of("path", ProjectService.checkPath(path), "created", created));
  }

  @Operation(
      operationId = "deleteFile",
      summary = "Delete a file or a folder with its contents",
      description = "Write access.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such path.")
  @DeleteMapping("/api/projects/{id}/files/{*path}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @AuthenticationPrincipal QuireUser user, @PathVariable String id, @PathVariable String path) {
    access.require(id, user, Access.READ_WRITE);
    service.delete(id, user.id(), path);
  }

  @Operation(
      operationId = "createFolder",
      summary = "Create a folder",
      description = "Write access.")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(
      responseCode = "409",
      description = "The path exists already, or a parent is a file.")
  @PostMapping("/api/projects/{id}/folders")
  @ResponseStatus(HttpStatus.CREATED)
  void createFolder(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody PathRequest body) {
    access.require(id, user, Access.READ_WRITE);
    service.createFolder(id, user.id(), body.path());
  }

  @Operation(
      operationId = "moveFile",
      summary = "Rename or move a file or folder",
      description =
          "Write access. `{from, to}`; a name that is taken is refused and nothing moves.")
  @ApiResponse(responseCode = "204", description = "Moved")
  @ApiResponse(responseCode = "400", description = "A folder moved into itself, or a bad path.")
  @ApiResponse(responseCode = "403", description = "Read-only access.")
  @ApiResponse(responseCode = "404", description = "No such project (or no access), or no `from`.")
  @ApiResponse(responseCode = "409", description = "`to` exists already.")
  @PostMapping("/api/projects/{id}/move")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void move(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody MoveRequest body) {
    access.require(id, user, Access.READ_WRITE);
    service.move(id, user.id(), body.from(), body.to());
  }
}
