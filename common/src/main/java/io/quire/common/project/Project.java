package io.quire.common.project;

import io.quire.common.contract.Compiler;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A project as stored in {@code projects}. The tree is a flat list of paths; {@code treeVersion}
 * grows with every tree change and guards them (optimistic concurrency).
 *
 * @param readToken link-sharing token for read access, null when link sharing is off
 * @param writeToken link-sharing token for write access, null when link sharing is off
 * @param texImage the TeX image the project compiles in, null for the server's default
 */
public record Project(
    String id,
    String name,
    String ownerId,
    List<Collaborator> collaborators,
    String rootPath,
    Compiler compiler,
    long treeVersion,
    List<Entity> entities,
    Instant created,
    Instant updated,
    boolean trashed,
    String readToken,
    String writeToken,
    String texImage) {

  public Project {
    collaborators = List.copyOf(collaborators);
    entities = List.copyOf(entities);
  }

  public Optional<Entity> entity(String path) {
    return entities.stream().filter(e -> e.path().equals(path)).findFirst();
  }

  /**
   * The access a user has through ownership or membership. Members who joined by a sharing link
   * count only while link sharing is on, so turning it off shuts them out at once.
   */
  public Optional<Access> accessOf(String userId) {
    if (ownerId.equals(userId)) {
      return Optional.of(Access.OWNER);
    }
    return collaborators.stream()
        .filter(c -> c.userId().equals(userId))
        .filter(c -> !c.viaLink() || linkSharingEnabled())
        .map(Collaborator::access)
        .findFirst();
  }

  public boolean linkSharingEnabled() {
    return readToken != null && writeToken != null;
  }

  public long totalFileBytes() {
    return entities.stream().mapToLong(Entity::size).sum();
  }

  public long fileCount() {
    return entities.stream().filter(e -> !e.isFolder()).count();
  }
}
