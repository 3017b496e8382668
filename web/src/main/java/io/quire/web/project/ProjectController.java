package io.quire.web.project;

import io.quire.common.contract.Compiler;
import io.quire.common.project.Access;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.QuireUser;
import io.quire.web.system.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
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

/** Projects: create, list, read, change settings, trash, delete. */
@RestController
class ProjectController {
  private final ProjectService service;
  private final ProjectStore projects;
  private final ProjectAccess access;

  ProjectController(ProjectService service, ProjectStore projects, ProjectAccess access) {
    this.service = service;
    this.projects = projects;
    this.access = access;
  }

  record CreateProjectRequest(@NotBlank @Size(max = 150) String name) {}

  record UpdateProjectRequest(
      @Size(min = 1, max = 150) String name, String rootPath, String compiler, Boolean trashed) {}

  record ProjectView(
      String id,
      String name,
      String ownerId,
      String access,
      String rootPath,
      String compiler,
      long treeVersion,
      boolean trashed,
      Instant created,
      Instant updated) {
    static ProjectView of(Project p, Access access) {
      return new ProjectView(
          p.id(),
          p.name(),
          p.ownerId(),
          access.wireName(),
          p.rootPath(),
          p.compiler().wireName(),
          p.treeVersion(),
          p.trashed(),
          p.created(),
          p.updated());
    }
  }

  record TreeView(String projectId, long treeVersion, List<Entity> entities) {}

  @PostMapping("/api/projects")
  @ResponseStatus(HttpStatus.CREATED)
  ProjectView create(
      @AuthenticationPrincipal QuireUser user, @Valid @RequestBody CreateProjectRequest body) {
    return ProjectView.of(service.createBlank(user.id(), body.name().strip()), Access.OWNER);
  }

  @GetMapping("/api/projects")
  List<ProjectView> list(
      @AuthenticationPrincipal QuireUser user,
      @RequestParam(defaultValue = "false") boolean trashed) {
    return projects.listFor(user.id()).stream()
        .filter(p -> p.trashed() == trashed)
        .sorted(Comparator.comparing(Project::updated).reversed())
        .map(p -> ProjectView.of(p, access.accessOf(p, user).orElseThrow()))
        .toList();
  }

  @GetMapping("/api/projects/{id}")
  ProjectView get(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return ProjectView.of(project, access.accessOf(project, user).orElseThrow());
  }

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
    if (body.rootPath() != null) {
      String root = ProjectService.checkPath(body.rootPath());
      if (!root.endsWith(".tex") || project.entity(root).isEmpty()) {
        throw ApiException.badRequest("The root document must be an existing .tex file.");
      }
    }
    projects.updateSettings(
        id, body.name() == null ? null : body.name().strip(), body.rootPath(), compiler);
    if (body.trashed() != null) {
      projects.setTrashed(id, body.trashed());
    }
    Project updated = projects.find(id).orElseThrow();
    return ProjectView.of(updated, access.accessOf(updated, user).orElseThrow());
  }

  @DeleteMapping("/api/projects/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    access.require(id, user, Access.OWNER);
    projects.markDeleted(id);
  }

  @GetMapping("/api/projects/{id}/tree")
  TreeView tree(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return new TreeView(project.id(), project.treeVersion(), project.entities());
  }
}
