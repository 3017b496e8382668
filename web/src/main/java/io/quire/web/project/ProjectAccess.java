package io.quire.web.project;

import io.quire.common.project.Access;
import io.quire.common.project.AccessPolicy;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.QuireUser;
import io.quire.web.system.ApiException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may do what with a project; HTTP, WebSocket and git all ask it.
 * Someone without read access gets "not found", so project ids reveal nothing. The decision itself
 * is {@link AccessPolicy}, which git-worker uses too.
 */
@Component
public class ProjectAccess {
  private final ProjectStore projects;

  ProjectAccess(ProjectStore projects) {
    this.projects = projects;
  }

  /** The user's access to the project: owner, collaborator, or administrator (as owner). */
  public Optional<Access> accessOf(Project project, QuireUser user) {
    if (user == null) {
      return Optional.empty();
    }
    return AccessPolicy.accessOf(project, user.id(), user.isAdmin());
  }

  /** Loads the project and checks the user has at least {@code needed}, else throws. */
  public Project require(String projectId, QuireUser user, Access needed) {
    Project project =
        projects
            .find(projectId)
            .orElseThrow(() -> ApiException.notFound("There is no project " + projectId + "."));
    Access access =
        accessOf(project, user)
            .orElseThrow(() -> ApiException.notFound("There is no project " + projectId + "."));
    if (!access.allows(needed)) {
      throw ApiException.forbidden(
          switch (needed) {
            case READ_WRITE -> "You have read-only access to this project.";
            case OWNER -> "Only the project owner may do this.";
            case READ_ONLY -> "You have no access to this project.";
          });
    }
    return project;
  }
}
