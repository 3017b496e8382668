package io.quire.common.project;

import java.util.Optional;

/**
 * The one decision of who may do what with a project, shared by web (HTTP and WebSocket) and
 * git-worker (git over HTTP): the owner, invited collaborators, members who joined by a sharing
 * link while link sharing is on, and administrators (as owner). Pure: no I/O, so every caller
 * decides the same way.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  /**
   * The access a user has to a project.
   *
   * @param userId the signed-in user, null for nobody
   * @param admin whether that user is an administrator
   * @return empty when the user may not even read the project
   */
  public static Optional<Access> accessOf(Project project, String userId, boolean admin) {
    if (project == null || userId == null) {
      return Optional.empty();
    }
    Optional<Access> direct = project.accessOf(userId);
    if (direct.isPresent()) {
      return direct;
    }
    return admin ? Optional.of(Access.OWNER) : Optional.empty();
  }

  /** Whether the user has at least {@code needed}. */
  public static boolean allows(Project project, String userId, boolean admin, Access needed) {
    return accessOf(project, userId, admin).filter(a -> a.allows(needed)).isPresent();
  }
}
