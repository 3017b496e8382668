package io.quire.web.project;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.Compiler;
import io.quire.common.project.Access;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.common.project.TexFileNames;
import io.quire.web.account.QuireUser;
import io.quire.web.compile.TexImages;
import io.quire.web.system.ApiException;
import io.quire.web.system.UserContent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Projects: create (blank or from a zip), list, read, settings, copy, trash, delete, download. */
@RestController
@Tag(name = "Projects")
class ProjectController {
  private final ProjectService service;
  private final ProjectStore projects;
  private final ProjectAccess access;
  private final ZipImport zipImport;
  private final ZipExport zipExport;
  private final ProjectLimits limits;
  private final TexImages images;

  ProjectController(
      ProjectService service,
      ProjectStore projects,
      ProjectAccess access,
      ProjectLimits limits,
      DocStore docs,
      BlobStore blobs,
      TexImages images) {
    this.images = images;
    this.service = service;
    this.projects = projects;
    this.access = access;
    this.zipImport = new ZipImport(limits, blobs);
    this.zipExport = new ZipExport(docs, blobs);
    this.limits = limits;
  }

  /** Which projects a list shows. */
  enum Filter {
    ALL,
    OWNED,
    SHARED,
    TRASHED
  }

  record CopyRequest(@Size(min = 1, max = 150) String name) {}

  record ImportResult(
      String id, String name, String rootPath, String compiler, int files, List<String> skipped) {}

  record CreateProjectRequest(@NotBlank @Size(max = 150) String name) {}

  /**
   * @param texImage one of {@code GET /api/compile/images}
   */
  record UpdateProjectRequest(
      @Size(min = 1, max = 150) String name,
      String rootPath,
      String compiler,
      Boolean trashed,
      String texImage) {}

  record ProjectView(
      String id,
      String name,
      String ownerId,
      String access,
      String rootPath,
      String compiler,
      String texImage,
      long treeVersion,
      boolean trashed,
      Instant created,
      Instant updated) {
    /**
     * @param texImage the image the project compiles in now (its choice, or the server's default)
     */
    static ProjectView of(Project p, Access access, String texImage) {
      return new ProjectView(
          p.id(),
          p.name(),
          p.ownerId(),
          access.wireName(),
          p.rootPath(),
          p.compiler().wireName(),
          texImage,
          p.treeVersion(),
          p.trashed(),
          p.created(),
          p.updated());
    }
  }

  /**
   * @param maxUploadBytes the largest file an upload may carry, so a client can refuse a bigger one
   *     before sending it
   */
  record TreeView(String projectId, long treeVersion, List<Entity> entities, long maxUploadBytes) {}

  @Operation(
      operationId = "createProject",
      summary = "Create a project, blank or from a zip",
      description =
          "Any signed-in user; the caller owns the new project. JSON `{name}` creates a blank"
              + " project with a main.tex. A multipart form (`file`: a zip, optional `name`)"
              + " imports the zip: it is checked whole before anything is stored and refused with"
              + " every reason found (`problems`); it is limited by what it inflates to"
              + " (QUIRE_PROJECTS_MAX_ZIP_SIZE, the upload limit per file,"
              + " QUIRE_PROJECTS_MAX_FILES).")
  @ApiResponse(
      responseCode = "201",
      description = "The new project (for a zip: what was imported)",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(anyOf = {ProjectView.class, ImportResult.class})))
  @ApiResponse(
      responseCode = "400",
      description = "A bad name, or a zip that cannot be imported (`problems` lists why).")
  @ApiResponse(
      responseCode = "413",
      description = "The zip, or what it inflates to, is over a limit; nothing was stored.")
  @PostMapping("/api/projects")
  @ResponseStatus(HttpStatus.CREATED)
  ProjectView create(
      @AuthenticationPrincipal QuireUser user, @Valid @RequestBody CreateProjectRequest body) {
    return view(service.createBlank(user.id(), body.name().strip()), Access.OWNER);
  }

  /**
   * Creates a project from an uploaded zip ({@code file}, optional {@code name}). The zip is
   * checked whole before anything is stored; a bad one is refused with every reason found.
   */
  @Operation(operationId = "createProject", summary = "Create a project, blank or from a zip")
  @ApiResponse(
      responseCode = "201",
      description = "The new project (for a zip: what was imported)",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(anyOf = {ProjectView.class, ImportResult.class})))
  @PostMapping(path = "/api/projects", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  ImportResult upload(
      @AuthenticationPrincipal QuireUser user,
      @RequestParam("file") MultipartFile file,
      @RequestParam(name = "name", required = false) String name)
      throws IOException {
    String projectName = importName(name, file.getOriginalFilename());
    Path zip = Files.createTempFile("quire-import-", ".zip");
    try {
      file.transferTo(zip);
      try (ZipImport.ImportedTree tree = zipImport.read(zip)) {
        Project project = service.createFromImport(user.id(), projectName, tree);
        return new ImportResult(
            project.id(),
            project.name(),
            project.rootPath(),
            project.compiler().wireName(),
            tree.files().size(),
            tree.skipped());
      }
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  /**
   * The user's projects: {@code filter} all (not trashed), owned, shared (with me) or trashed;
   * {@code q} searches names; {@code sort} by updated (newest first) or name.
   */
  @Operation(
      operationId = "listProjects",
      summary = "List the caller's projects",
      description =
          "Projects the caller owns or is a member of: `filter` all (not trashed), owned, shared"
              + " or trashed (`trashed=true` is the same as `filter=trashed`), `q` searches names,"
              + " `sort` by updated (newest first) or name.")
  @ApiResponse(responseCode = "200", description = "The projects, each with the caller's access")
  @ApiResponse(responseCode = "400", description = "An unknown filter or sort.")
  @GetMapping("/api/projects")
  List<ProjectView> list(
      @AuthenticationPrincipal QuireUser user,
      @RequestParam(defaultValue = "all") String filter,
      @RequestParam(defaultValue = "false") boolean trashed,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "updated") String sort) {
    Filter wanted = trashed ? Filter.TRASHED : parseFilter(filter);
    Comparator<Project> order =
        switch (sort) {
          case "name" ->
              Comparator.comparing((Project p) -> p.name().toLowerCase(Locale.ROOT))
                  .thenComparing(Project::id);
          case "updated" -> Comparator.comparing(Project::updated).reversed();
          default -> throw ApiException.badRequest("Sort by 'updated' or 'name'.");
        };
    String search = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    return projects.listFor(user.id()).stream()
        .filter(p -> access.accessOf(p, user).isPresent())
        .filter(
            p ->
                switch (wanted) {
                  case ALL -> !p.trashed();
                  case OWNED -> !p.trashed() && p.ownerId().equals(user.id());
                  case SHARED -> !p.trashed() && !p.ownerId().equals(user.id());
                  case TRASHED -> p.trashed();
                })
        .filter(p -> search.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(search))
        .sorted(order)
        .map(p -> view(p, access.accessOf(p, user).orElseThrow()))
        .toList();
  }

  /** Copies a project the user can read into a new project of theirs. */
  @Operation(
      operationId = "copyProject",
      summary = "Copy a project",
      description =
          "Read access is enough; the copy (files and settings, not history or members) belongs"
              + " to the caller. `name` defaults to \"Copy of\" and the source's name.")
  @ApiResponse(responseCode = "201", description = "The new project")
  @PostMapping("/api/projects/{id}/copy")
  @ResponseStatus(HttpStatus.CREATED)
  ProjectView copy(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody(required = false) CopyRequest body) {
    Project source = access.require(id, user, Access.READ_ONLY);
    String name =
        body == null || body.name() == null ? "Copy of " + source.name() : body.name().strip();
    if (name.length() > 150) {
      name = name.substring(0, 150);
    }
    return view(service.copy(source, user.id(), name), Access.OWNER);
  }

  @Operation(
      operationId = "downloadProject",
      summary = "Download the project as a zip",
      description = "Read access is enough; the current files, streamed.")
  @ApiResponse(
      responseCode = "200",
      description = "The zip, as an attachment",
      content = @Content(mediaType = "application/zip"))
  @GetMapping("/api/projects/{id}/download.zip")
  ResponseEntity<StreamingResponseBody> download(
      @AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return UserContent.download(
            project.name().strip() + ".zip", MediaType.parseMediaType("application/zip"))
        .on(ResponseEntity.ok())
        .body(out -> zipExport.write(project, out));
  }

  @Operation(
      operationId = "getProject",
      summary = "Read a project's settings",
      description = "Read access is enough; the answer says the caller's access.")
  @ApiResponse(responseCode = "200", description = "The project")
  @GetMapping("/api/projects/{id}")
  ProjectView get(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return view(project, access.accessOf(project, user).orElseThrow());
  }

  @Operation(
      operationId = "updateProject",
      summary = "Change a project's settings, trash or restore it",
      description =
          "`rootPath`, `compiler` (pdflatex, xelatex, lualatex, latex) and `texImage` (one of GET"
              + " /api/compile/images) need write access; `name` and `trashed` need the owner."
              + " A root document must be an existing .tex file whose name latexmk reads as a"
              + " file name.")
  @ApiResponse(responseCode = "200", description = "The project as changed")
  @ApiResponse(
      responseCode = "400",
      description = "An unknown compiler or image, or a root document that cannot be one.")
  @ApiResponse(
      responseCode = "403",
      description =
          "Read-only access, or a change of name or trash state by someone not the owner.")
  @PatchMapping("/api/projects/{id}")
  ProjectView update(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody UpdateProjectRequest body) {
    Project project =
        access.require(
            id,
            user,
            body.trashed() != null || body.name() != null ? Access.OWNER : Access.READ_WRITE);
    Compiler compiler = null;
    if (body.compiler() != null) {
      try {
        compiler = Compiler.fromWire(body.compiler());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "Unknown compiler '"
                + body.compiler()
                + "': use pdflatex, xelatex, lualatex or latex.");
      }
    }
    String root = null;
    if (body.rootPath() != null) {
      root = ProjectService.checkPath(body.rootPath());
      if (!root.endsWith(".tex") || project.entity(root).isEmpty()) {
        throw ApiException.badRequest("The root document must be an existing .tex file.");
      }
      String named = root;
      TexFileNames.rootProblem(root)
          .ifPresent(
              problem -> {
                throw ApiException.badRequest(
                    "'"
                        + named
                        + "' cannot be the root document under its name: "
                        + problem
                        + ". Rename the file first.");
              });
    }
    String texImage = body.texImage() == null ? null : images.check(body.texImage());
    projects.updateSettings(
        id, body.name() == null ? null : body.name().strip(), root, compiler, texImage);
    if (body.trashed() != null) {
      projects.setTrashed(id, body.trashed());
    }
    Project updated = projects.find(id).orElseThrow();
    return view(updated, access.accessOf(updated, user).orElseThrow());
  }

  @Operation(
      operationId = "deleteProject",
      summary = "Delete a project for good",
      description = "Only the owner (or an administrator).")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @DeleteMapping("/api/projects/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    access.require(id, user, Access.OWNER);
    service.deleteProject(id);
  }

  private ProjectView view(Project project, Access access) {
    return ProjectView.of(project, access, images.of(project));
  }

  private static Filter parseFilter(String filter) {
    try {
      return Filter.valueOf(filter.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Filter by 'all', 'owned', 'shared' or 'trashed'.");
    }
  }

  private static String importName(String name, String fileName) {
    String chosen = name;
    if (chosen == null || chosen.isBlank()) {
      chosen = fileName == null ? "" : fileName.replaceAll("(?i)\\.zip$", "");
    }
    chosen = chosen.strip();
    if (chosen.isEmpty()) {
      chosen = "Imported project";
    }
    if (chosen.length() > 150) {
      throw ApiException.badRequest("name: a project name has at most 150 characters.");
    }
    return chosen;
  }

  @Operation(
      operationId = "getTree",
      summary = "A project's file tree",
      description =
          "Read access is enough. Every entry with its path and kind (`doc`, `file`, `folder`), the"
              + " tree version, and `maxUploadBytes`, so a client can refuse a larger file before"
              + " sending it.")
  @ApiResponse(responseCode = "200", description = "The tree")
  @GetMapping("/api/projects/{id}/tree")
  TreeView tree(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return new TreeView(
        project.id(), project.treeVersion(), project.entities(), limits.maxUpload().toBytes());
  }
}
