package io.quire.web.sharing;

import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.common.project.ProjectStore.Sharing;
import io.quire.web.project.ProjectAccessChanged;
import io.quire.web.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Changes to who shares a project. Every change goes through {@link ProjectStore#updateSharing},
 * one conditional update, so concurrent changes by two owners' tabs are never lost.
 */
@Service
class SharingService {
  /** 24 random bytes: 192 bits, above the 128 a guessable link must not fall below. */
  private static final int LINK_TOKEN_BYTES = 24;

  private final ProjectStore projects;
  private final ApplicationEventPublisher events;
  private final SecureRandom random = new SecureRandom();

  SharingService(ProjectStore projects, ApplicationEventPublisher events) {
    this.projects = projects;
    this.events = events;
  }

  /** Removes a member; the owner cannot be removed (transfer ownership first). */
  void remove(Project project, String userId) {
    if (project.ownerId().equals(userId)) {
      throw ApiException.badRequest("The owner cannot be removed; transfer ownership first.");
    }
    update(
        project.id(),
        sharing -> {
          List<Collaborator> next =
              sharing.collaborators().stream().filter(c -> !c.userId().equals(userId)).toList();
          if (next.size() == sharing.collaborators().size()) {
            throw ApiException.notFound("This user is not a member of the project.");
          }
          return new Sharing(sharing.ownerId(), next, sharing.readToken(), sharing.writeToken());
        });
  }

  /** Gives a member other access (read-write or read-only); the owner's cannot change. */
  Access changeAccess(Project project, String userId, Access access) {
    if (access == Access.OWNER) {
      throw ApiException.badRequest(
          "A member's access is readWrite or readOnly; transfer ownership to make them owner.");
    }
    if (project.ownerId().equals(userId)) {
      throw ApiException.badRequest("The owner's access cannot change; transfer ownership first.");
    }
    update(
        project.id(),
        sharing -> {
          Collaborator member =
              sharing.collaborators().stream()
                  .filter(c -> c.userId().equals(userId))
                  .findFirst()
                  .orElseThrow(
                      () -> ApiException.notFound("This user is not a member of the project."));
          return withMember(sharing, new Collaborator(userId, access, member.viaLink()));
        });
    return access;
  }

  /**
   * Turns link sharing on (keeping existing links unless {@code regenerate}) or off. Off drops the
   * tokens, which also shuts out everyone who joined by a link.
   */
  Project setLinkSharing(String projectId, boolean enabled, boolean regenerate) {
    return update(
        projectId,
        sharing -> {
          if (!enabled) {
            return new Sharing(sharing.ownerId(), sharing.collaborators(), null, null);
          }
          boolean keep = !regenerate && sharing.readToken() != null && sharing.writeToken() != null;
          return new Sharing(
              sharing.ownerId(),
              sharing.collaborators(),
              keep ? sharing.readToken() : newToken(),
              keep ? sharing.writeToken() : newToken());
        });
  }

  /**
   * Joins a project by a link token, with the access of that link. Members keep the larger of their
   * access and the link's; the owner is unchanged.
   */
  Access join(String projectId, String token, String userId) {
    Project after =
        projects
            .updateSharing(
                projectId,
                sharing -> {
                  Access granted =
                      linkAccess(sharing.readToken(), sharing.writeToken(), token)
                          .orElseThrow(SharingService::invalidLink);
                  return joined(sharing, userId, granted);
                })
            .orElseThrow(SharingService::invalidLink);
    events.publishEvent(new ProjectAccessChanged(projectId));
    return after.accessOf(userId).orElseThrow(SharingService::invalidLink);
  }

  private static Sharing joined(Sharing sharing, String userId, Access granted) {
    if (sharing.ownerId().equals(userId)) {
      return sharing;
    }
    Optional<Collaborator> current =
        sharing.collaborators().stream().filter(c -> c.userId().equals(userId)).findFirst();
    if (current.isPresent() && current.get().access().allows(granted)) {
      return sharing;
    }
    boolean viaLink = current.map(Collaborator::viaLink).orElse(true);
    return withMember(sharing, new Collaborator(userId, granted, viaLink));
  }

  /** The former owner stays as a read-write member. */
  void transferOwnership(Project project, String newOwnerId) {
    update(
        project.id(),
        sharing -> {
          if (sharing.ownerId().equals(newOwnerId)) {
            return sharing;
          }
          boolean member =
              sharing.collaborators().stream()
                  .anyMatch(c -> c.userId().equals(newOwnerId) && !c.viaLink());
          if (!member) {
            throw ApiException.badRequest(
                "Ownership can only go to an invited member of the project; invite them first.");
          }
          List<Collaborator> next = new ArrayList<>();
          for (Collaborator c : sharing.collaborators()) {
            if (!c.userId().equals(newOwnerId)) {
              next.add(c);
            }
          }
          next.add(new Collaborator(sharing.ownerId(), Access.READ_WRITE));
          return new Sharing(newOwnerId, next, sharing.readToken(), sharing.writeToken());
        });
  }

  /**
   * The access a link token grants. Both tokens are compared in constant time, and always both, so
   * neither the answer's timing nor which token matched leaks anything.
   */
  static Optional<Access> linkAccess(String readToken, String writeToken, String token) {
    if (token == null || readToken == null || writeToken == null) {
      return Optional.empty();
    }
    boolean write = constantTimeEquals(token, writeToken);
    boolean read = constantTimeEquals(token, readToken);
    if (write) {
      return Optional.of(Access.READ_WRITE);
    }
    return read ? Optional.of(Access.READ_ONLY) : Optional.empty();
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static Sharing withMember(Sharing sharing, Collaborator member) {
    List<Collaborator> next = new ArrayList<>();
    for (Collaborator c : sharing.collaborators()) {
      if (!c.userId().equals(member.userId())) {
        next.add(c);
      }
    }
    next.add(member);
    return new Sharing(sharing.ownerId(), next, sharing.readToken(), sharing.writeToken());
  }

  /** Every change of who may do what reaches open editors at once (their sockets re-check). */
  private Project update(String projectId, java.util.function.UnaryOperator<Sharing> change) {
    Project after =
        projects
            .updateSharing(projectId, change)
            .orElseThrow(() -> ApiException.notFound("There is no project " + projectId + "."));
    events.publishEvent(new ProjectAccessChanged(projectId));
    return after;
  }

  private String newToken() {
    byte[] bytes = new byte[LINK_TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ApiException invalidLink() {
    return ApiException.notFound(
        "This sharing link is not valid: it may have been turned off or replaced by the owner.");
  }
}
