package io.quire.common.project;

/**
 * A user given access to a project.
 *
 * @param viaLink true when the user joined by a link-sharing token rather than by the owner's
 *     invitation; such members lose their access when the owner turns link sharing off
 */
public record Collaborator(String userId, Access access, boolean viaLink) {

  /** A collaborator invited by the owner. */
  public Collaborator(String userId, Access access) {
    this(userId, access, false);
  }
}
